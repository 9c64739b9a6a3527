from __future__ import annotations

from django import template

from agencies import scoping
from agencies.models import User

from .. import evidence, results
from ..models import Assessment

register = template.Library()


@register.simple_tag
def assessment_dashboard(user: User) -> dict:
    """What the dashboard card shows: the user's latest assessments and, for reviewers, how
    many wait for verification, with the result that counts now. Four queries."""
    visible = scoping.scope(Assessment.objects.select_related("instansi", "instrument"), user)
    latest = list(
        visible.prefetch_related("instrument__bands").order_by("-year", "instansi__nama")[:3]
    )
    found = results.results_for(latest)
    info: dict = {"latest": [(a, found[a.pk]) for a in latest]}
    if user.is_reviewer or user.is_superadmin:
        info["waiting"] = visible.filter(
            status__in=[Assessment.Status.SUBMITTED, Assessment.Status.VERIFIED]
        ).count()
    return info


@register.filter
def suggestion_words(label: str) -> str:
    """The words the browser matches a file name against (evidence.suggestion_words)."""
    return " ".join(evidence.suggestion_words(str(label)))
