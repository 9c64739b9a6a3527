"""Kabupaten Contoh's 2026 assessment under an instrument with a staff survey, its units,
and helpers that answer the public page the way a phone's browser does."""

from __future__ import annotations

import pytest
from django.test import Client

from agencies.models import UnitKerja
from assessment import workflow
from assessment.instrument_io import load_instrument, parse_yaml
from survey import workflow as survey_workflow
from tests.factories import DEFAULT_INSTRUMENT, UnitKerjaFactory

SURVEY_SECTION = {
    "provisional": True,
    "note": "Butir survei sementara sampai lampiran resmi terbit.",
    "scale": [
        {"value": 1, "label": "Sangat tidak setuju"},
        {"value": 2, "label": "Tidak setuju"},
        {"value": 3, "label": "Netral"},
        {"value": 4, "label": "Setuju"},
        {"value": 5, "label": "Sangat setuju"},
    ],
    "target_responses": 140,
    "min_group_size": 10,
    "items": [
        {"code": "K1", "text": "Saya puas dengan cara instansi mengembangkan kompetensi saya."},
        {"code": "K2", "text": "Promosi di instansi saya berdasarkan kinerja dan kompetensi."},
        {"code": "E1", "text": "Saya bangga bekerja di instansi ini."},
    ],
}


def survey_instrument_data(survey: dict | None = None) -> dict:
    data = parse_yaml(DEFAULT_INSTRUMENT.read_text(encoding="utf-8"))
    data.update(
        code="merit-survei-uji",
        name="Instrumen uji dengan survei pegawai",
        year_from=2026,
        year_to=None,
        survey=survey or SURVEY_SECTION,
    )
    return data


@pytest.fixture
def survey_instrument(db):
    instrument, _created = load_instrument(survey_instrument_data())
    return instrument


@pytest.fixture
def assessment_2026(survey_instrument, people, wilayah):
    return workflow.assessment_create(
        instansi=wilayah["kabupaten"],
        year=2026,
        instrument=survey_instrument,
        actor=people["operator_contoh"],
    )


@pytest.fixture
def units(wilayah) -> dict[str, UnitKerja]:
    kab = wilayah["kabupaten"]
    return {
        name: UnitKerjaFactory(instansi=kab, nama=name)
        for name in ("Badan Kepegawaian Daerah", "Dinas Pendidikan", "Inspektorat")
    }


@pytest.fixture
def survey(assessment_2026, people):
    return survey_workflow.survey_open(assessment=assessment_2026, actor=people["admin_contoh"])


def answers(values: tuple[int, ...] = (4, 4, 5), unit: UnitKerja | None = None) -> dict:
    """The form data of one person's answers."""
    data = {f"item_{code}": str(v) for code, v in zip(("K1", "K2", "E1"), values, strict=True)}
    data["unit"] = str(unit.pk) if unit else ""
    return data


def answer_url(survey) -> str:
    return f"/survei/isi/{survey.code}/"


def answer_as_new_device(survey, values=(4, 4, 5), unit=None, address="198.51.100.7"):
    """One person on their own phone: a fresh browser (no cookies), answering once."""
    device = Client(REMOTE_ADDR=address)
    response = device.post(answer_url(survey), answers(values, unit))
    return device, response
