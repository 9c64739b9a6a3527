"""Give each load-test agency (Kabupaten Beban NN, from `manage.py demo --agencies 30`) a
draft self-assessment and write the plan the Locust users follow: per agency its operator,
assessment, answers (pk, version, aspect) and talent period. Run by run.sh."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meritsys.settings")
# A developer's tool, run by hand: the defaults of manage.py (DEBUG on unless set).
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from agencies.models import Instansi, User  # noqa: E402
from assessment import workflow  # noqa: E402
from assessment.demo import default_instrument  # noqa: E402
from assessment.models import Assessment  # noqa: E402
from employees.models import Employee  # noqa: E402

YEAR = 2026


def main(out: Path) -> None:
    instrument = default_instrument()
    plan = []
    agencies = Instansi.objects.filter(nama__startswith="Kabupaten Beban").order_by("kode_bkn")
    for instansi in agencies:
        operator = User.objects.get(username=f"operator_beban{instansi.kode_bkn[2:]}")
        admin = User.objects.get(username=f"admin_beban{instansi.kode_bkn[2:]}")
        assessment = Assessment.objects.filter(instansi=instansi, year=YEAR).first()
        if assessment is None:
            assessment = workflow.assessment_create(
                instansi=instansi, year=YEAR, instrument=instrument, actor=admin
            )
        answers = [
            {"pk": a.pk, "version": a.version, "order": a.indicator.aspect.order}
            for a in assessment.answers.select_related("indicator__aspect").order_by("pk")
        ]
        period = None
        try:
            from talent.models import MappingPeriod

            found = MappingPeriod.objects.filter(instansi=instansi).order_by("-tahun_skp").first()
            period = found.pk if found else None
        except ImportError:
            pass
        plan.append(
            {
                "username": operator.username,
                "assessment": assessment.pk,
                "answers": answers,
                "period": period,
                "employees": Employee.objects.filter(instansi=instansi).count(),
            }
        )
    out.write_text(json.dumps(plan, indent=1), encoding="utf-8")
    print(f"{len(plan)} agencies, {sum(p['employees'] for p in plan)} employees -> {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
