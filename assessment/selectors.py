"""How the assessment views fetch and summarise what they show: every fetch is scoped to the
user's agencies (agencies.scoping), so another agency's assessment answers 404. The view
modules import these from here, never from each other."""

from __future__ import annotations

from agencies import scoping
from agencies.models import User

from . import charts, results
from .models import Answer, Assessment, Evidence
from .workflow import evidence_checklist

AGENCY_ROLES = (User.Role.OPERATOR, User.Role.ADMIN_INSTANSI)
PAGE_SIZE = 25


def get_assessment(user: User, pk: int, *, edit: bool = False) -> Assessment:
    """The assessment if the user's agencies include it (to change, with edit), else 404."""
    queryset = Assessment.objects.select_related("instansi", "instrument")
    return scoping.get_for_user(queryset, user, edit=edit, pk=pk)


def summary(assessment: Assessment) -> dict:
    """Scores, category and progress per aspect: three queries, whatever the size."""
    aspects = list(assessment.instrument.aspects.order_by("order"))
    self_result, verified, result = results.compute_with_result(assessment)
    rows = results.aspect_rows(aspects, self_result, verified)
    answered = sum(a.answered for a in self_result.aspects)
    total = sum(a.count for a in self_result.aspects)
    return {
        "aspect_rows": rows,
        "self_result": self_result,
        # The total that counts now and what kind of figure it is (results.py).
        "result": result,
        # The same SVG the scorecard PDF prints (charts.py: one chart, two places).
        "chart": charts.aspect_chart(
            charts.aspect_bars(rows), ticks=charts.scale_ticks(assessment.instrument.answer_scale)
        ),
        "answered": answered,
        "indicator_count": total,
        "percent": round(100 * answered / total) if total else 0,
    }


def search(assessments, query: str):
    """Filter by agency name, or by year when the query is a year."""
    if not query:
        return assessments
    if query.isdigit() and len(query) == 4:
        return assessments.filter(year=int(query))
    return assessments.filter(instansi__nama__icontains=query)


def evidence_listing(answer: Answer) -> dict:
    """The answer's files as the indicator shows them: per expected document the current
    ones, the "other" ones, and the older versions; removed files are not listed. Reads
    the answer's prefetched evidence (no query per file)."""
    files: list[Evidence] = list(answer.evidence.all())
    return {
        "checklist": evidence_checklist(answer),
        "other_evidence": [e for e in files if e.is_current and e.requirement is None],
        "old_evidence": [e for e in files if e.replaced_by_id is not None],
    }
