from __future__ import annotations

from django import template

from agencies import scoping
from agencies.models import User

from ..models import Assessment

register = template.Library()


@register.simple_tag
def assessment_dashboard(user: User) -> dict:
    """What the dashboard card shows: the user's latest assessments and, for reviewers, how
    many wait for verification. Two queries."""
    visible = scoping.scope(Assessment.objects.select_related("instansi"), user)
    info: dict = {"latest": list(visible.order_by("-year", "instansi__nama")[:3])}
    if user.is_reviewer or user.is_superadmin:
        info["waiting"] = visible.filter(
            status__in=[Assessment.Status.SUBMITTED, Assessment.Status.VERIFIED]
        ).count()
    return info
