"""Carry last year's work into this year's assessment, across instruments.

A crosswalk (a YAML file, loaded as a Crosswalk row; `manage.py load_crosswalk`) says which of
last year's indicators stand behind each of this year's, and which new level each old level
suggests. Carrying forward never answers for the agency: each mapped answer gets the
suggested level *apart* (Answer.carried_level, not counted in any score) and is marked
"perlu dicek ulang" until someone answers it again; last year's evidence files are attached
by reference (a new Evidence row naming the same stored file, `reused_from` the old one), not
copied. Between two versions of the same instrument the crosswalk is the identity by code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import AuditEvent, User

from .instrument_checks import Checker, InstrumentError
from .models import Answer, Assessment, Crosswalk, Evidence
from .workflow import WorkflowError, may_fill_in


def validate_crosswalk(data: Any) -> dict:
    """The file checked as a whole; InstrumentError lists every problem."""
    check = Checker()
    where = _("Padanan")
    if not check.mapping(data, where):
        raise InstrumentError(check.errors)
    clean: dict[str, Any] = {
        "from_code": check.text(data, "from", where),
        "to_code": check.text(data, "to", where),
        "note": check.text(data, "note", where, required=False),
        "provisional": bool(data.get("provisional", True)),
    }
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        check.add(_("Padanan: 'version' harus bilangan bulat positif."))
    clean["version"] = version
    levels = data.get("levels")
    clean["levels"] = {}
    if not isinstance(levels, dict) or not levels:
        check.add(_("Padanan: 'levels' (level lama: level baru) wajib diisi."))
    else:
        for old, new in levels.items():
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (old, new)):
                check.add(
                    _("Padanan: level %(old)r: %(new)r harus bilangan bulat.")
                    % {
                        "old": old,
                        "new": new,
                    }
                )
                continue
            clean["levels"][str(old)] = new
    clean["mapping"] = []
    rows = data.get("map")
    if not isinstance(rows, list) or not rows:
        check.add(_("Padanan: daftar 'map' wajib ada dan tidak boleh kosong."))
        rows = []
    targets = set()
    for number, row in enumerate(rows, start=1):
        row_where = _("Padanan baris ke-%(n)s") % {"n": number}
        if not check.mapping(row, row_where):
            continue
        target = check.text(row, "to", row_where)
        sources = row.get("from")
        if isinstance(sources, str):
            sources = [sources]
        if not isinstance(sources, list) or not sources:
            check.add(
                _("%(where)s: 'from' harus berisi kode indikator lama.") % {"where": row_where}
            )
            continue
        if target in targets:
            check.add(
                _("%(where)s: indikator %(code)s dipetakan dua kali.")
                % {
                    "where": row_where,
                    "code": target,
                }
            )
        targets.add(target)
        clean["mapping"].append({"to": target, "from": [str(code) for code in sources]})
    if check.errors:
        raise InstrumentError(check.errors)
    return clean


def load_crosswalk_text(text: str | bytes) -> Crosswalk:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InstrumentError(
            [_("Berkas bukan YAML yang sah: %(error)s") % {"error": exc}]
        ) from exc
    clean = validate_crosswalk(data)
    crosswalk, _created = Crosswalk.objects.update_or_create(
        from_code=clean.pop("from_code"),
        to_code=clean.pop("to_code"),
        version=clean.pop("version"),
        defaults=clean,
    )
    return crosswalk


def previous_assessment(assessment: Assessment) -> Assessment | None:
    """The agency's latest assessment before this one's year."""
    return (
        Assessment.objects.filter(instansi_id=assessment.instansi_id, year__lt=assessment.year)
        .select_related("instrument")
        .order_by("-year")
        .first()
    )


def result_level(answer: Answer, assessment: Assessment) -> int | None:
    """The level an answer stands at: verified once final, else the agency's own."""
    if assessment.status == Assessment.Status.FINAL:
        return answer.verified_level
    return answer.level


@dataclass(frozen=True)
class Mapping:
    """For each new indicator code, the old codes behind it, and old level -> new level."""

    targets: dict[str, list[str]]
    levels: dict[int, int]
    note: str


def mapping_between(source: Assessment, target: Assessment) -> Mapping | None:
    old, new = source.instrument, target.instrument
    if old.code == new.code:
        scores = new.scale().scores
        codes = target.answers.values_list("indicator__code", flat=True)
        return Mapping({code: [code] for code in codes}, {s: s for s in scores}, "")
    crosswalk = (
        Crosswalk.objects.filter(from_code=old.code, to_code=new.code).order_by("-version").first()
    )
    if crosswalk is None:
        return None
    return Mapping(
        {row["to"]: row["from"] for row in crosswalk.mapping},
        {int(k): int(v) for k, v in crosswalk.levels.items()},
        crosswalk.note,
    )


@dataclass(frozen=True)
class CarryResult:
    source: Assessment
    carried: int
    evidence: int


@transaction.atomic
def assessment_carry_forward(*, assessment: Assessment, actor: User) -> CarryResult:
    """Bring last year's answers in as suggestions to re-check, and its evidence by
    reference. Answers already given or already carried are left alone, so running it twice
    changes nothing."""
    assessment = (
        Assessment.objects.select_for_update().select_related("instrument").get(pk=assessment.pk)
    )
    if not may_fill_in(actor, assessment):
        raise WorkflowError(_("Anda tidak dapat mengubah penilaian ini."))
    if assessment.status != Assessment.Status.DRAFT:
        raise WorkflowError(_("Jawaban tahun lalu hanya dapat dibawa ke penilaian draf."))
    source = previous_assessment(assessment)
    if source is None:
        raise WorkflowError(_("Belum ada penilaian tahun sebelumnya untuk instansi ini."))
    mapping = mapping_between(source, assessment)
    if mapping is None:
        raise WorkflowError(
            _(
                "Belum ada padanan indikator dari %(old)s ke %(new)s. Superadmin dapat memuatnya "
                "(manage.py load_crosswalk)."
            )
            % {"old": source.instrument.code, "new": assessment.instrument.code}
        )
    old_answers = {
        a.indicator.code: a
        for a in source.answers.select_related("indicator").prefetch_related("evidence")
    }
    carried = reused = 0
    targets = assessment.answers.select_related("indicator").filter(
        level__isnull=True, carried_from__isnull=True
    )
    for answer in targets:
        sources = [
            old_answers[code]
            for code in mapping.targets.get(answer.indicator.code, [])
            if code in old_answers
        ]
        suggested = [
            (mapping.levels[level], old)
            for old in sources
            if (level := result_level(old, source)) is not None and level in mapping.levels
        ]
        if not suggested:
            continue
        # Several old indicators behind one new: the lowest suggestion, never the best.
        level, origin = min(suggested, key=lambda pair: pair[0])
        answer.carried_from = origin
        answer.carried_level = level
        answer.needs_recheck = True
        if not answer.justification.strip():
            answer.justification = origin.justification
        answer.save(
            update_fields=["carried_from", "carried_level", "needs_recheck", "justification"]
        )
        carried += 1
        reused += _reuse_evidence(answer, sources)
    AuditEvent.record(
        action="assessment.carried_forward",
        summary=f"Jawaban {source} dibawa ke {assessment} untuk dicek ulang ({carried} indikator)",
        actor=actor,
        instansi=assessment.instansi,
        assessment=assessment.pk,
        source=source.pk,
        carried=carried,
        evidence=reused,
    )
    return CarryResult(source=source, carried=carried, evidence=reused)


def _reuse_evidence(answer: Answer, sources: list[Answer]) -> int:
    """Attach the old answers' current files to the new answer by reference: the same stored
    file under a new row, placed under the expected document of the same name if any."""
    expected = list(answer.indicator.evidence_expected)
    count = 0
    for old in sources:
        for evidence in old.evidence.all():
            if not evidence.is_current:
                continue
            label = (
                old.indicator.evidence_expected[evidence.requirement]
                if evidence.requirement is not None
                and evidence.requirement < len(old.indicator.evidence_expected)
                else None
            )
            Evidence.objects.create(
                answer=answer,
                requirement=expected.index(label) if label in expected else None,
                document=evidence.document,
                file=evidence.file.name,
                original_name=evidence.original_name,
                content_type=evidence.content_type,
                size=evidence.size,
                uploaded_by=evidence.uploaded_by,
                reused_from=evidence,
            )
            count += 1
    return count


def recheck_count(assessment: Assessment) -> int:
    return assessment.answers.filter(needs_recheck=True).count()


def carry_offer(assessment: Assessment, user: User) -> Assessment | None:
    """Last year's assessment to offer carrying forward from: for someone who may fill in a
    draft that has nothing answered or carried yet."""
    if assessment.status != Assessment.Status.DRAFT or not may_fill_in(user, assessment):
        return None
    started = assessment.answers.filter(level__isnull=False) | assessment.answers.filter(
        carried_from__isnull=False
    )
    if started.exists():
        return None
    return previous_assessment(assessment)
