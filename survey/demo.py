"""The demo's running staff survey: the 2026 assessment in progress gets an open survey with
believable answers (96 of the target 140 by default), spread over its units and the past
two weeks, plus a few single-use invitations.

Called by `manage.py demo` after assessment.demo (`populate_demo`), or directly with
`run_demo_survey(assessment)`. Idempotent: an assessment that has a survey is left as it is."""

from __future__ import annotations

import datetime as dt
import random
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from agencies.models import Instansi, User
from assessment.models import Assessment

from . import definition, workflow
from .models import Response, Survey
from .progress import survey_units

DEMO_RESPONSES = 96
DEMO_INVITATIONS = 20
# The agency's general mood on the scale (mean, spread between people, noise per item).
MOOD = (3.7, 0.6, 0.7)


def demo_assessment() -> Assessment | None:
    """The newest assessment still being filled in whose instrument has a survey and that has
    no survey result yet (in the demo: Kota Harapan 2026, under merit-2026)."""
    candidates = Assessment.objects.select_related("instrument", "instansi").filter(
        status__in=(Assessment.Status.DRAFT, Assessment.Status.RETURNED),
        survey_score__isnull=True,
    )
    for assessment in candidates.order_by("-year", "instansi__nama"):
        if definition.of_instrument(assessment.instrument) is not None:
            return assessment
    return None


def _admin(instansi: Instansi) -> User:
    """The agency's admin opens its survey; a superadmin if the agency has none."""
    admin = (
        User.objects.filter(instansi=instansi, role=User.Role.ADMIN_INSTANSI, is_active=True)
        .order_by("pk")
        .first()
    )
    admin = admin or User.objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        raise RuntimeError("the demo needs an admin instansi or a superuser")
    return admin


def _values(rng: random.Random, survey: Survey) -> dict[str, int]:
    low, high = survey.scale_values[0], survey.scale_values[-1]
    mean, spread, noise = MOOD
    person = rng.gauss(mean, spread)
    return {
        code: min(high, max(low, round(rng.gauss(person, noise)))) for code in survey.item_codes
    }


@transaction.atomic
def run_demo_survey(
    assessment: Assessment, *, responses: int = DEMO_RESPONSES, seed: int = 2026
) -> Survey:
    existing = Survey.objects.filter(assessment=assessment).first()
    if existing is not None:
        return existing
    rng = random.Random(seed)
    admin = _admin(assessment.instansi)
    survey = workflow.survey_open(assessment=assessment, actor=admin)
    units = list(survey_units(assessment.instansi_id))
    # Offices with the poster on the wall answer more; a quarter keep their unit to themselves.
    weights = [rng.uniform(1, 6) for _ in units]
    today = timezone.localdate()
    rows = []
    for _ in range(responses):
        unit = rng.choices(units, weights)[0] if units and rng.random() > 0.25 else None
        rows.append(
            Response(
                survey=survey,
                unit=unit,
                submitted_on=today - dt.timedelta(days=rng.randint(0, 13)),
                values=workflow.check_values(survey, _values(rng, survey)),
            )
        )
    rng.shuffle(rows)
    Response.objects.bulk_create(rows)
    invitations = workflow.invitations_create(survey=survey, actor=admin, count=DEMO_INVITATIONS)
    for invitation in invitations[: DEMO_INVITATIONS // 4]:
        invitation.used = True
        invitation.save(update_fields=["used"])
    return survey


def populate_demo(agencies: list[Instansi], stdout: TextIO | None = None) -> Survey | None:
    assessment = demo_assessment()
    if assessment is None or assessment.instansi not in agencies:
        if stdout is not None:
            stdout.write("Survei pegawai demo: tidak ada penilaian 2026 yang berjalan.")
        return None
    survey = run_demo_survey(assessment)
    if stdout is not None:
        stdout.write(
            f"Survei pegawai demo: {assessment} ({survey.responses.count()} dari "
            f"{survey.target_responses} jawaban)"
        )
    return survey
