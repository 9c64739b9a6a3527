from __future__ import annotations

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

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
def signed(value: Decimal | int | None, places: int = 2) -> str:
    """A change between years with its sign, in the reader's number format (+1,50; -0,626;
    +1), since stringformat would print an English decimal point."""
    if value is None:
        return ""
    text = floatformat(value, places)
    return f"+{text}" if value > 0 else text


@register.filter
def suggestion_words(label: str) -> str:
    """The words the browser matches a file name against (evidence.suggestion_words)."""
    return " ".join(evidence.suggestion_words(str(label)))
