from __future__ import annotations

from django import template
from django.utils import timezone

from agencies import scoping
from agencies.models import User

from .. import coaching, evidence, results
from ..models import Assessment, FollowUp

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
def stage_days(stage, today) -> int | None:
    """coaching.Stage.days_waiting for a template (which cannot pass an argument)."""
    return stage.days_waiting(today)


@register.simple_tag
def coaching_card(user: User) -> dict:
    """The home page's coaching card: for an agency, the province's follow-ups still open
    (overdue flagged); for a reviewer, how many of those they recorded are overdue. Two
    queries at most."""
    today = timezone.localdate()
    info: dict = {"today": today}
    if user.role in User.ROLES_SATU_INSTANSI and user.instansi_id:
        info["followups"] = list(
            coaching.followups(user)
            .filter(instansi_id=user.instansi_id)
            .exclude(status__in=FollowUp.CLOSED)
        )
        info["agency"] = user.instansi_id
    elif user.is_reviewer or user.is_superadmin:
        info["overdue"] = coaching.overdue(coaching.followups(user), today).count()
    return info


@register.filter
def suggestion_words(label: str) -> str:
    """The words the browser matches a file name against (evidence.suggestion_words)."""
    return " ".join(evidence.suggestion_words(str(label)))
