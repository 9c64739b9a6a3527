"""Evidence files on the agency's side: upload (several at once, one request per file, the
result rendered next to the indicator), attach from the library, remove before submission,
the library with its dates; and the one private download view, shown inline (PDF, images)
so the reviewer's page can preview it in a frame, or saved."""

from __future__ import annotations

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from agencies import scoping
from agencies.models import AuditEvent
from agencies.permissions import role_required
from core.downloads import disposition

from .. import evidence as rules
from .. import workflow
from ..forms import AttachForm, DocumentDatesForm, EvidenceForm
from ..models import Answer, Assessment, Evidence, EvidenceFile
from ..selectors import AGENCY_ROLES, PAGE_SIZE, evidence_listing, get_assessment


def _get_answer(request, pk: int, answer_pk: int) -> tuple[Assessment, Answer]:
    assessment = get_assessment(request.user, pk, edit=True)
    try:
        answer = assessment.answers.select_related("indicator__aspect").get(pk=answer_pk)
    except Answer.DoesNotExist as exc:
        raise Http404 from exc
    answer.assessment = assessment
    return assessment, answer


def _aspect_url(assessment: Assessment, answer: Answer) -> str:
    url = reverse("assessment:aspect", args=[assessment.pk, answer.indicator.aspect.order])
    return f"{url}#indikator-{answer.pk}"


def _evidence_fragment(request, assessment: Assessment, answer: Answer, **context):
    """The indicator's evidence list, fresh, with the result of what was just done."""
    files = Evidence.objects.select_related("uploaded_by", "document").order_by("uploaded", "pk")
    answer = (
        Answer.objects.select_related("indicator")
        .prefetch_related(Prefetch("evidence", queryset=files))
        .get(pk=answer.pk)
    )
    answer.assessment = assessment
    editable = workflow.may_fill_in(request.user, assessment) and answer.agency_may_edit(assessment)
    item = {"answer": answer, "indicator": answer.indicator, "editable": editable}
    item.update(evidence_listing(answer))
    # Always 200: htmx swaps only successful answers, and a refusal is an answer to show
    # (the fragment says which it is in data-ok).
    return render(
        request,
        "assessment/_evidence_block.html",
        {"assessment": assessment, "item": item, **context},
    )


@require_POST
@role_required(*AGENCY_ROLES)
def evidence_upload(request, pk: int, answer_pk: int):
    """One file per request from the page's script (the result goes next to the indicator);
    without script, the form's files one after another and a message on the page."""
    assessment, answer = _get_answer(request, pk, answer_pk)
    form = EvidenceForm(request.POST, request.FILES, expected=answer.indicator.evidence_expected)
    if not form.is_valid():
        error = _("Pilih berkas bukti yang akan diunggah.")
        if request.htmx:
            return _evidence_fragment(request, assessment, answer, error=error)
        messages.error(request, error)
        return redirect(_aspect_url(assessment, answer))
    replaces = None
    if form.cleaned_data["replaces"]:
        replaces = answer.evidence.current().filter(public_id=form.cleaned_data["replaces"]).first()
        if replaces is None:
            raise Http404
    results: list[tuple[bool, str]] = []
    for upload in request.FILES.getlist("file"):
        try:
            evidence = rules.evidence_add(
                answer=answer,
                actor=request.user,
                upload=upload,
                requirement=form.cleaned_data["requirement"],
                replaces=replaces,
            )
        except workflow.WorkflowError as exc:
            results.append((False, exc.message))
        else:
            results.append(
                (
                    True,
                    _("Bukti %(name)s diunggah untuk indikator %(code)s.")
                    % {"name": evidence.original_name, "code": answer.indicator.code},
                )
            )
        if replaces is not None:
            break  # a replacement is one file
    if request.htmx:
        ok, message = results[0]
        if ok:
            return _evidence_fragment(request, assessment, answer, success=message)
        return _evidence_fragment(request, assessment, answer, error=message)
    for ok, message in results:
        (messages.success if ok else messages.error)(request, message)
    return redirect(_aspect_url(assessment, answer))


@require_POST
@role_required(*AGENCY_ROLES)
def evidence_attach(request, pk: int, answer_pk: int):
    assessment, answer = _get_answer(request, pk, answer_pk)
    form = AttachForm(request.POST, expected=answer.indicator.evidence_expected)
    if not form.is_valid():
        messages.error(request, _("Pilih dokumen dari pustaka bukti."))
        return redirect(_aspect_url(assessment, answer))
    document = scoping.get_for_user(
        EvidenceFile.objects.all(), request.user, edit=True, pk=form.cleaned_data["document"]
    )
    try:
        rules.evidence_attach(
            answer=answer,
            actor=request.user,
            document=document,
            requirement=form.cleaned_data["requirement"],
        )
    except workflow.WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s dari pustaka dilampirkan untuk indikator %(code)s.")
            % {"name": document.original_name, "code": answer.indicator.code},
        )
    return redirect(_aspect_url(assessment, answer))


@require_POST
@role_required(*AGENCY_ROLES)
def evidence_remove(request, public_id):
    evidence = scoping.get_for_user(
        Evidence.objects.select_related("answer__assessment__instansi", "answer__indicator"),
        request.user,
        field="answer__assessment__instansi",
        edit=True,
        public_id=public_id,
    )
    answer = evidence.answer
    assessment = get_assessment(request.user, answer.assessment_id, edit=True)
    answer.assessment = assessment
    try:
        rules.evidence_remove(evidence=evidence, actor=request.user)
    except workflow.WorkflowError as exc:
        if request.htmx:
            return _evidence_fragment(request, assessment, answer, error=exc.message)
        messages.error(request, exc.message)
        return redirect(_aspect_url(assessment, answer))
    message = _("Bukti %(name)s dihapus dari indikator %(code)s.") % {
        "name": evidence.original_name,
        "code": answer.indicator.code,
    }
    if request.htmx:
        return _evidence_fragment(request, assessment, answer, success=message)
    messages.success(request, message)
    return redirect(_aspect_url(assessment, answer))


@role_required(*AGENCY_ROLES)
def library(request):
    """The agency's evidence library: every document with its dates, the expiring ones
    first, and where each is attached."""
    agencies = scoping.editable_instansi(request.user)
    documents = (
        rules.library(agencies)
        .select_related("instansi", "uploaded_by")
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=Evidence.objects.current().select_related(
                    "answer__indicator__aspect", "answer__assessment"
                ),
            )
        )
        .order_by("original_name", "pk")
    )
    query = request.GET.get("q", "").strip()[:100]
    if query:
        documents = documents.filter(original_name__icontains=query)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "expiring": list(rules.expiring(agencies).select_related("instansi")[:50]),
    }
    return render(request, "assessment/library.html", context)


@require_POST
@role_required(*AGENCY_ROLES)
def document_dates(request, document_pk: int):
    document = scoping.get_for_user(
        EvidenceFile.objects.select_related("instansi"), request.user, edit=True, pk=document_pk
    )
    form = DocumentDatesForm(request.POST)
    # Back to the library as it was searched (the evidence list links to one document's row).
    back = reverse("assessment:library")
    query = request.POST.get("q", "").strip()[:100]
    if query:
        back += "?" + urlencode({"q": query})
    if not form.is_valid():
        messages.error(request, _("Tanggal tidak sah: gunakan format tanggal yang benar."))
        return redirect(back)
    try:
        rules.set_document_dates(document=document, actor=request.user, **form.cleaned_data)
    except workflow.WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Masa berlaku %(name)s disimpan.") % {"name": document.original_name}
        )
    return redirect(back)


@login_required
@xframe_options_sameorigin
# Our own pages may frame a file (the preview); the PDF viewer needs object-src.
@csp_replace({"frame-ancestors": ["'self'"], "object-src": ["'self'"]})  # type: ignore[arg-type]
def evidence_download(request, public_id):
    """Only through here, and only for someone who may see the agency: 404 otherwise. A PDF
    or an image opens in the browser's own viewer (and may be framed by our own pages, for
    the reviewer's preview); anything else, or ?unduh=1, is saved as a file."""
    evidence = scoping.get_for_user(
        Evidence.objects.select_related("answer__assessment__instansi"),
        request.user,
        field="answer__assessment__instansi",
        public_id=public_id,
    )
    if not evidence.file:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    # Evidence holds personal data: who read which file is a security record.
    AuditEvent.record(
        action="assessment.evidence_download",
        summary=f"Bukti {evidence.original_name} dibuka",
        actor=request.user,
        instansi=evidence.answer.assessment.instansi,
        evidence=str(evidence.public_id),
    )
    inline = evidence.previewable and request.GET.get("unduh") != "1"
    response = FileResponse(handle, content_type=evidence.content_type)
    # Named with the extension its content has (#15), not the one the uploader typed.
    name = rules.download_name(evidence.original_name, evidence.content_type)
    response["Content-Disposition"] = disposition(name, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response
