from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.admin import NoRevertHistoryAdmin, ReadOnlyAdmin
from agencies.models import AuditEvent
from core.downloads import download

from .instrument_io import InstrumentError, export_instrument, load_instrument_text
from .letterhead import DocumentSequence, Letterhead
from .models import (
    Assessment,
    Crosswalk,
    FrozenScorecard,
    Instrument,
    InstrumentYear,
    PhaseDate,
    Transition,
)


class InstrumentUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas instrumen (YAML)"),
        help_text=gettext_lazy("Maksimal 1 MB."),
    )


@admin.register(Instrument)
class InstrumentAdmin(ReadOnlyAdmin):
    list_display = [
        "name",
        "code",
        "version",
        "year_from",
        "year_to",
        "scoring_method",
        "export_link",
    ]
    change_list_template = "assessment/admin/instrument_changelist.html"
    actions = None

    # An instrument changes only by loading a file: the rows are read-only here.
    can_delete_rows = True

    @admin.display(description=gettext_lazy("Ekspor"))
    def export_link(self, obj: Instrument) -> str:
        url = reverse("admin:instrument_export", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Unduh YAML"))

    def get_urls(self):
        return [
            path("muat/", self.admin_site.admin_view(self.upload_view), name="instrument_upload"),
            path(
                "<int:pk>/ekspor/",
                self.admin_site.admin_view(self.export_view),
                name="instrument_export",
            ),
            *super().get_urls(),
        ]

    def upload_view(self, request):
        form = InstrumentUploadForm(request.POST or None, request.FILES or None)
        errors: list[str] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > 1_048_576:
                errors = [_("Berkas instrumen terlalu besar (maksimal 1 MB).")]
            else:
                try:
                    instrument, _created = load_instrument_text(upload.read())
                except InstrumentError as exc:
                    errors = exc.errors
                else:
                    messages.success(
                        request, _("Instrumen %(name)s dimuat.") % {"name": instrument}
                    )
                    return redirect("admin:assessment_instrument_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "errors": errors,
            "title": _("Muat instrumen"),
            "opts": self.model._meta,
        }
        return render(request, "assessment/admin/instrument_upload.html", context)

    def export_view(self, request, pk: int):
        instrument = get_object_or_404(Instrument, pk=pk)
        filename = f"{instrument.code}-v{instrument.version}.yaml"
        return download(
            export_instrument(instrument), filename=filename, content_type="application/yaml"
        )


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = ["action", "from_status", "to_status", "actor", "reason", "created"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(NoRevertHistoryAdmin):
    """Status and totals move only through assessment.workflow (transition, reason, audit
    event): read-only here, no history revert, and only a draft may be deleted."""

    list_display = ["instansi", "year", "status", "self_total", "verified_total"]
    actions = None
    list_filter = ["status", "year"]
    search_fields = ["instansi__nama"]
    # The survey result and the correction factor change only through the workflow (audited).
    readonly_fields = [
        "instansi",
        "year",
        "instrument",
        "status",
        "self_total",
        "verified_total",
        "survey_score",
        "survey_responses",
        "survey_source",
        "survey_note",
        "correction_factor",
        "correction_reason",
    ]
    inlines = [TransitionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != Assessment.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(FrozenScorecard)
class FrozenScorecardAdmin(ReadOnlyAdmin):
    """Read-only: a frozen scorecard is evidence of what was signed; reopening voids it."""

    list_display = ["code", "instansi_nama", "year", "total", "category", "created", "voided_at"]
    list_filter = ["year", "voided_at"]
    search_fields = ["code", "instansi_nama"]


class SuperadminOnlyAdmin(admin.ModelAdmin):
    """Settings every agency lives under (the year's instrument, phase dates, letterheads):
    only a superadmin sees or changes them."""

    def _superadmin(self, request) -> bool:
        return bool(getattr(request.user, "is_superadmin", False))

    def has_module_permission(self, request):
        return self._superadmin(request)

    def has_view_permission(self, request, obj=None):
        return self._superadmin(request)

    def has_add_permission(self, request):
        return self._superadmin(request)

    def has_change_permission(self, request, obj=None):
        return self._superadmin(request)

    def has_delete_permission(self, request, obj=None):
        return self._superadmin(request)


@admin.register(InstrumentYear)
class InstrumentYearAdmin(SuperadminOnlyAdmin):
    """A superadmin sets which instrument is current for a year; the create page then offers
    only that one. Each change is audited."""

    list_display = ["year", "instrument", "note", "set_by", "updated"]
    fields = ["year", "instrument", "note"]

    def save_model(self, request, obj, form, change):
        obj.set_by = request.user
        super().save_model(request, obj, form, change)
        AuditEvent.record(
            action="instrument.current_for_year",
            summary=f"Instrumen {obj.instrument} ditetapkan berlaku untuk tahun {obj.year}",
            actor=request.user,
            year=obj.year,
            instrument=obj.instrument_id,
        )


class PhaseDateForm(forms.ModelForm):
    class Meta:
        model = PhaseDate
        fields = ["year", "provinsi", "phase", "starts", "ends"]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends < starts:
            raise forms.ValidationError(_("Batas akhir tidak boleh sebelum tanggal mulai."))
        return data


@admin.register(PhaseDate)
class PhaseDateAdmin(InstrumentYearAdmin):
    """The superadmin sets a year's phase dates for all agencies or for one province (which
    then overrides the national dates); each change is audited."""

    form = PhaseDateForm
    list_display = ["year", "phase", "provinsi", "starts", "ends", "updated"]
    list_filter = ["year", "phase"]
    fields = ["year", "provinsi", "phase", "starts", "ends"]

    def save_model(self, request, obj, form, change):
        admin.ModelAdmin.save_model(self, request, obj, form, change)
        AuditEvent.record(
            action="assessment.phase_schedule",
            summary=f"Jadwal {obj}: {obj.starts} sampai {obj.ends}",
            actor=request.user,
            year=obj.year,
            phase=obj.phase,
            provinsi=obj.provinsi_id,
        )


@admin.register(Crosswalk)
class CrosswalkAdmin(ReadOnlyAdmin):
    """Read-only: a crosswalk changes by loading its file again (manage.py load_crosswalk)."""

    list_display = ["from_code", "to_code", "version", "provisional", "loaded_at"]
    can_delete_rows = True


@admin.register(Letterhead)
class LetterheadAdmin(SuperadminOnlyAdmin):
    """Kop surat and document numbering: set by a superadmin, one per province and one
    national; every change is audited."""

    list_display = ["__str__", "provinsi", "number_pattern", "updated"]
    fields = ["provinsi", "name", "address", "logo", "number_pattern", "sequence_digits"]
    autocomplete_fields = ["provinsi"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        AuditEvent.record(
            action="letterhead.change" if change else "letterhead.create",
            summary=f"Kop surat {obj} {'diubah' if change else 'dibuat'}",
            actor=request.user,
            letterhead=obj.pk,
            changed=form.changed_data,
        )


@admin.register(DocumentSequence)
class DocumentSequenceAdmin(ReadOnlyAdmin):
    """Read-only: numbers are taken only by finalising a scorecard."""

    list_display = ["letterhead", "year", "last"]
    list_filter = ["year"]
