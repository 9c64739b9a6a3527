"""What the assessment workflow tells people, and whom: the messages after submit, return,
verify and finalise, and the deadline reminders. The workflow calls `after_step` through
transaction.on_commit, so nothing here can fail or roll back a step; the notifications app
stores and emails them."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies import scoping
from agencies.models import Instansi, User
from core import formats
from notifications.services import notify

from . import phases
from .models import Assessment, Phase, Transition

log = logging.getLogger(__name__)
A = Transition.Action
S = Assessment.Status

# Essential messages are emailed even to users who turned off the others.
ESSENTIAL = {A.RETURNED, A.FINALISED, "deadline"}


def agency_people(instansi: Instansi) -> list[User]:
    return list(
        User.objects.filter(
            instansi=instansi, role__in=User.ROLES_SATU_INSTANSI, is_active=True
        ).order_by("pk")
    )


def reviewers_of(instansi: Instansi) -> list[User]:
    """The reviewers who may see the agency (agencies.scoping decides)."""
    reviewers = User.objects.filter(role=User.Role.REVIEWER, is_active=True).order_by("pk")
    return [r for r in reviewers if scoping.can_see(r, instansi)]


def _deadline_line(assessment: Assessment, label: str) -> str:
    window = phases.deadline(assessment, phases.calendar_for(assessment.instansi, assessment.year))
    if window is None:
        return ""
    return f"{label}: {formats.date(window.ends)}."


def after_step(assessment_pk: int, action: str, actor_pk: int | None) -> None:
    """Tell the people concerned about a workflow step just committed. Never raises."""
    try:
        _after_step(assessment_pk, action, actor_pk)
    except Exception:  # a notification must never turn a done step into an error page
        log.exception("Notification for assessment %s (%s) failed", assessment_pk, action)


def _after_step(assessment_pk: int, action: str, actor_pk: int | None) -> None:
    assessment = Assessment.objects.select_related("instansi").get(pk=assessment_pk)
    actor = User.objects.filter(pk=actor_pk).first() if actor_pk else None
    who = (actor.get_full_name() or actor.username) if actor else _("sistem")
    name = f"{assessment.instansi} {assessment.year}"
    detail_url = reverse("assessment:detail", args=[assessment.pk])
    if action in (A.SUBMITTED, A.RESUBMITTED):
        notify(
            reviewers_of(assessment.instansi),
            kind=action,
            title=_("Penilaian %(name)s diajukan untuk verifikasi") % {"name": name},
            body="\n".join(
                line
                for line in (
                    _("%(who)s mengajukan penilaian %(name)s%(again)s.")
                    % {
                        "who": who,
                        "name": name,
                        "again": _(" kembali setelah perbaikan") if action == A.RESUBMITTED else "",
                    },
                    _deadline_line(assessment, _("Batas verifikasi")),
                )
                if line
            ),
            url=reverse("assessment:review", args=[assessment.pk]),
        )
    elif action == A.RETURNED:
        returned = assessment.answers.filter(return_requested=True).select_related("indicator")
        lines = [
            _("Penilaian %(name)s dikembalikan oleh %(who)s untuk diperbaiki:")
            % {"name": name, "who": who}
        ]
        for answer in returned.order_by("indicator__aspect__order", "indicator__order"):
            reason = " ".join(answer.return_reason.split())
            lines.append(f"- {answer.indicator.code}: {reason}")
        lines.append(_deadline_line(assessment, _("Batas perbaikan")))
        notify(
            agency_people(assessment.instansi),
            kind=action,
            title=_("Penilaian %(name)s dikembalikan untuk perbaikan") % {"name": name},
            body="\n".join(line for line in lines if line),
            url=detail_url,
            essential=True,
        )
    elif action == A.VERIFIED:
        notify(
            agency_people(assessment.instansi),
            kind=action,
            title=_("Verifikasi penilaian %(name)s selesai") % {"name": name},
            body=_("%(who)s menyelesaikan verifikasi penilaian %(name)s; tinggal penetapan hasil.")
            % {"who": who, "name": name},
            url=detail_url,
        )
    elif action == A.FINALISED:
        total = assessment.verified_total
        notify(
            agency_people(assessment.instansi),
            kind=action,
            title=_("Penilaian %(name)s sudah final") % {"name": name},
            body=_("Hasil akhir penilaian %(name)s: %(total)s. Kartu nilai dapat diunduh.")
            % {"name": name, "total": formats.number(total) if total is not None else "-"},
            url=detail_url,
            essential=True,
        )


# --- deadline reminders (manage.py kirim_pengingat) ---------------------------------------

REMIND_DAYS = 7


def reminders_due(today: dt.date) -> Iterable[tuple[list[User], dict]]:
    """Who should be reminded today of a deadline within a week, and of what: agencies still
    filling in (or not started) before the self-assessment deadline, agencies with a returned
    assessment before the correction deadline, reviewers with submitted assessments before
    the verification deadline."""
    year = today.year
    agencies = list(Instansi.objects.order_by("pk"))
    calendars = phases.calendars(year, {phases.province_of(a) for a in agencies})
    assessments = {
        a.instansi_id: a for a in Assessment.objects.filter(year=year).select_related("instansi")
    }
    for instansi in agencies:
        calendar = calendars[phases.province_of(instansi)]
        assessment = assessments.get(instansi.pk)
        status = assessment.status if assessment else S.DRAFT
        phase = phases.PHASE_OF_STATUS.get(status)
        if phase is None:
            continue
        window = calendar[phase]
        if not 0 <= window.days_left(today) <= REMIND_DAYS:
            continue
        people = reviewers_of(instansi) if phase == Phase.VERIFICATION else agency_people(instansi)
        if phase == Phase.RESULTS or not people:
            continue
        name = f"{instansi} {year}"
        url = (
            reverse("assessment:detail", args=[assessment.pk])
            if assessment
            else reverse("assessment:create")
        )
        yield (
            people,
            {
                "kind": "deadline",
                "title": _("Batas %(phase)s %(name)s: %(date)s")
                % {"phase": window.label.lower(), "name": name, "date": formats.date(window.ends)},
                "body": _(
                    "Tahap %(phase)s penilaian %(name)s berakhir %(date)s (%(days)s hari lagi)."
                )
                % {
                    "phase": window.label.lower(),
                    "name": name,
                    "date": formats.date(window.ends),
                    "days": window.days_left(today),
                },
                "url": url,
                "essential": True,
                "key": f"deadline:{year}:{phase}:{instansi.pk}",
            },
        )


def send_reminders(today: dt.date | None = None, *, dry_run: bool = False) -> int:
    """Store and email the reminders due today; each (user, deadline) at most once."""
    today = today or timezone.localdate()
    count = 0
    for people, message in reminders_due(today):
        if dry_run:
            count += len(people)
            continue
        count += len(notify(people, **message))
    return count
