"""The home page's "what next" panels for each role, composed from the feature apps: the
agency's assessment step (assessment.nextsteps), the reviewer's queue, and what data the admin
still has to bring. A fixed number of queries per role."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from agencies.models import Instansi, User
from assessment import nextsteps, phases
from assessment.models import Assessment, InstrumentYear, PhaseDate
from employees.models import Employee
from talent.models import PerformanceRecord, PotentialRecord


def data_needs(instansi: Instansi, today: dt.date) -> list[nextsteps.NextStep]:
    """The agency admin's missing data: SKP of last year and potential records for the
    talent mapping. Two queries."""
    year = today.year - 1
    active = Employee.objects.filter(instansi=instansi, aktif=True)
    no_skp = active.exclude(
        Exists(PerformanceRecord.objects.filter(employee=OuterRef("pk"), tahun=year))
    ).count()
    no_potential = active.exclude(
        Exists(PotentialRecord.objects.filter(employee=OuterRef("pk")))
    ).count()
    needs = []
    if no_skp:
        needs.append(
            nextsteps.NextStep(
                _("%(n)s pegawai aktif belum punya data SKP %(year)s.")
                % {"n": no_skp, "year": year},
                reverse("employees:import_upload", args=["kinerja"]),
                _("Impor data kinerja"),
                today=today,
            )
        )
    if no_potential:
        needs.append(
            nextsteps.NextStep(
                _("%(n)s pegawai aktif belum punya data potensial.") % {"n": no_potential},
                reverse("employees:import_upload", args=["potensial"]),
                _("Impor data potensial"),
                today=today,
            )
        )
    return needs


def national_needs(today: dt.date) -> list[nextsteps.NextStep]:
    """The superadmin's: the year's instrument and phase dates, agencies not started. Three
    queries."""
    year = today.year
    needs = []
    if not InstrumentYear.objects.filter(year=year).exists():
        needs.append(
            nextsteps.NextStep(
                _("Instrumen penilaian tahun %(year)s belum ditetapkan.") % {"year": year},
                reverse("admin:assessment_instrumentyear_changelist"),
                _("Tetapkan instrumen"),
                today=today,
            )
        )
    if not PhaseDate.objects.filter(year=year).exists():
        usual = phases.usual_calendar(year)[phases.Phase.SELF_ASSESSMENT]
        needs.append(
            nextsteps.NextStep(
                _("Jadwal tahapan %(year)s belum ditetapkan: berlaku jadwal biasa.")
                % {"year": year},
                reverse("admin:assessment_phasedate_changelist"),
                _("Atur jadwal"),
                usual,
                today,
            )
        )
    not_started = Instansi.objects.exclude(
        Exists(Assessment.objects.filter(instansi=OuterRef("pk"), year=year))
    ).count()
    if not_started:
        needs.append(
            nextsteps.NextStep(
                _("%(n)s instansi belum memulai penilaian %(year)s.")
                % {"n": not_started, "year": year},
                reverse("assessment:dashboard"),
                _("Lihat dasbor"),
                today=today,
            )
        )
    return needs


def for_user(user: User, today: dt.date) -> dict:
    """The context of the home page's next-step panels for this user's role."""
    context: dict = {}
    instansi = user.instansi if user.role in User.ROLES_SATU_INSTANSI else None
    if instansi is not None:
        context["agency_step"] = nextsteps.agency_step(instansi, today)
        if user.is_admin_instansi:
            context["data_needs"] = data_needs(instansi, today)
    if user.is_reviewer or user.is_superadmin:
        context["queue"], context["queue_total"] = nextsteps.review_queue(user, today)
    if user.is_superadmin:
        context["national_needs"] = national_needs(today)
    return context
