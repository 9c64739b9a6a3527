"""The instrument is data: loaded from one YAML file, validated, exported back unchanged."""

from __future__ import annotations

import copy
from io import StringIO

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from assessment.instrument_io import (
    InstrumentError,
    export_instrument,
    load_instrument,
    parse_yaml,
    validate,
)
from assessment.models import Indicator, Instrument
from tests.factories import DEFAULT_INSTRUMENT, INSTRUMENT_2026

pytestmark = pytest.mark.django_db

OFFICIAL_ORDER = [
    "Perencanaan Kebutuhan",
    "Pengadaan",
    "Pengembangan Karier",
    "Promosi dan Mutasi",
    "Manajemen Kinerja",
    "Penggajian, Penghargaan, dan Disiplin",
    "Perlindungan dan Pelayanan",
    "Sistem Informasi",
]


@pytest.fixture
def data():
    return parse_yaml(DEFAULT_INSTRUMENT.read_text(encoding="utf-8"))


def errors_of(data) -> list[str]:
    with pytest.raises(InstrumentError) as info:
        validate(data)
    return info.value.errors


def test_the_default_instrument_has_the_eight_aspects_in_official_order(instrument):
    assert [a.name for a in instrument.aspects.order_by("order")] == OFFICIAL_ORDER
    assert [int(a.weight) for a in instrument.aspects.order_by("order")] == [
        6,
        6,
        20,
        10,
        20,
        15,
        4,
        19,
    ]
    assert [(b.code, b.name, int(b.lower), int(b.upper)) for b in instrument.bands.all()] == [
        ("I", "Buruk", 100, 174),
        ("II", "Kurang", 175, 249),
        ("III", "Baik", 250, 324),
        ("IV", "Sangat Baik", 325, 400),
    ]
    assert instrument.is_derived
    assert "belum terverifikasi" in instrument.weights_note
    for indicator in Indicator.objects.filter(aspect__instrument=instrument).prefetch_related(
        "levels"
    ):
        assert [level.score for level in indicator.levels.all()] == [1, 2, 3, 4]
        assert indicator.evidence_expected
        assert all(level.evidence for level in indicator.levels.all())
    per_aspect = [a.indicators.count() for a in instrument.aspects.all()]
    assert all(3 <= n <= 5 for n in per_aspect)


def test_weights_that_do_not_sum_to_100_are_refused(data):
    data["aspects"][0]["weight"] = 7
    assert "Jumlah bobot aspek harus 100, bukan 101." in errors_of(data)


def test_a_missing_level_is_named(data):
    del data["aspects"][1]["indicators"][0]["levels"][3]
    assert "Indikator 2.1: level 3 belum ada." in errors_of(data)


def test_an_unknown_level_is_refused(data):
    data["aspects"][1]["indicators"][0]["levels"][5] = "Lebih dari sempurna"
    assert "Indikator 2.1: level '5' tidak dikenal (hanya 1-4)." in errors_of(data)


def test_duplicate_codes_are_refused(data):
    data["aspects"][1]["indicators"][1]["code"] = "2.1"
    data["aspects"][2]["code"] = "pengadaan"
    errors = errors_of(data)
    assert "Kode indikator '2.1' dipakai dua kali." in errors
    assert any("kode 'pengadaan' dipakai dua kali" in e for e in errors)


def test_bands_with_a_gap_or_an_overlap_are_refused(data):
    gap = copy.deepcopy(data)
    gap["categories"][1]["lower"] = 180
    assert "Ada celah antara kategori Buruk dan Kurang." in errors_of(gap)
    overlap = copy.deepcopy(data)
    overlap["categories"][2]["lower"] = 240
    assert "Kategori Kurang dan Baik tumpang tindih." in errors_of(overlap)
    short = copy.deepcopy(data)
    short["categories"][3]["upper"] = 390
    assert "Kategori tertinggi harus sampai 400." in errors_of(short)


def test_an_unknown_scoring_method_and_missing_fields_are_all_reported_at_once(data):
    data["scoring_method"] = "indeks-2025"
    del data["aspects"][0]["indicators"][0]["question"]
    errors = errors_of(data)
    assert any("Metode penilaian 'indeks-2025' tidak dikenal" in e for e in errors)
    assert "Indikator 1.1: 'question' wajib diisi." in errors


def test_text_that_is_not_yaml_gets_a_clear_message():
    with pytest.raises(InstrumentError) as info:
        parse_yaml("code: [tidak ditutup")
    assert info.value.errors[0].startswith("Berkas bukan YAML yang sah")


def test_export_then_load_gives_the_same_instrument(instrument):
    exported = export_instrument(instrument)
    again = yaml.safe_load(exported)
    again["version"] = 2
    copy_, created = load_instrument(again)
    assert created
    assert export_instrument(copy_) == exported.replace("version: 1", "version: 2")


def test_a_version_in_use_is_never_changed(draft, data):
    data["name"] = "Nama baru"
    with pytest.raises(InstrumentError) as info:
        load_instrument(data)
    assert "sudah dipakai oleh penilaian" in info.value.errors[0]
    draft.instrument.refresh_from_db()
    assert draft.instrument.name != "Nama baru"
    data["version"] = 2
    newer, created = load_instrument(data)
    assert created and newer.pk != draft.instrument_id
    draft.refresh_from_db()
    assert draft.instrument.version == 1


def test_an_unused_version_is_replaced_when_loaded_again(instrument, data):
    data["name"] = "Nama diperbaiki"
    replaced, created = load_instrument(data)
    assert not created
    assert Instrument.objects.get().name == "Nama diperbaiki"


def test_the_commands_load_and_export(db, tmp_path):
    out = StringIO()
    call_command("load_instrument", str(DEFAULT_INSTRUMENT), stdout=out)
    assert "merit-2019 v1 dimuat" in out.getvalue()
    out = StringIO()
    call_command("export_instrument", "merit-2019", stdout=out)
    assert out.getvalue().startswith("code: merit-2019\n")
    bad = tmp_path / "salah.yaml"
    bad.write_text(DEFAULT_INSTRUMENT.read_text().replace("weight: 19", "weight: 18"))
    with pytest.raises(CommandError, match="Jumlah bobot aspek harus 100, bukan 99"):
        call_command("load_instrument", str(bad))


def test_the_admin_page_loads_a_file_and_shows_every_error(client, people, tmp_path):
    client.force_login(people["superadmin"])
    broken = DEFAULT_INSTRUMENT.read_bytes().replace(b"weight: 19", b"weight: 18")
    response = client.post(
        "/admin/assessment/instrument/muat/",
        {"file": SimpleUploadedFile("instrumen.yaml", broken)},
    )
    assert "Jumlah bobot aspek harus 100, bukan 99." in response.content.decode()
    assert not Instrument.objects.exists()
    response = client.post(
        "/admin/assessment/instrument/muat/",
        {"file": SimpleUploadedFile("instrumen.yaml", DEFAULT_INSTRUMENT.read_bytes())},
    )
    assert response.status_code == 302
    assert Instrument.objects.get().code == "merit-2019"
    client.force_login(people["operator_contoh"])
    assert client.get("/admin/assessment/instrument/muat/").status_code == 302


def test_every_user_can_read_the_instrument_and_sees_it_is_derived(client, people, instrument):
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/instrumen/{instrument.pk}/").content.decode()
    assert "Instrumen turunan." in page
    assert "Sistem Informasi" in page and "Keputusan penetapan pola karier" in page
    client.logout()
    assert client.get(f"/penilaian/instrumen/{instrument.pk}/").status_code == 302


def test_the_admin_lists_instruments_with_an_export_link(client, people, instrument):
    client.force_login(people["superadmin"])
    page = client.get("/admin/assessment/instrument/").content.decode()
    assert "Muat instrumen dari berkas" in page
    response = client.get(f"/admin/assessment/instrument/{instrument.pk}/ekspor/")
    assert response["Content-Disposition"] == 'attachment; filename="merit-2019-v1.yaml"'
    assert response.content.startswith(b"code: merit-2019")


def test_a_text_cut_by_an_unquoted_comma_is_refused_not_loaded_short():
    # In YAML's {key: value} form the comma ends the value: the level would read "Kebijakan
    # ditetapkan" and the rest would become a key nobody sees.
    text = DEFAULT_INSTRUMENT.read_text(encoding="utf-8").replace(
        "1: {description: Anjab dan ABK belum disusun., evidence: Tidak ada dokumen.}",
        "1: {description: Anjab dan ABK belum disusun, belum ditetapkan., evidence: Tidak ada.}",
    )
    errors = errors_of(parse_yaml(text))
    assert any("'belum ditetapkan.' tidak dikenal" in e and "tanda kutip" in e for e in errors)


@pytest.mark.parametrize("path", [DEFAULT_INSTRUMENT, INSTRUMENT_2026])
def test_the_shipped_instruments_keep_their_texts_whole(path):
    clean = validate(parse_yaml(path.read_text(encoding="utf-8")))
    texts = [
        level["description"]
        for aspect in clean["aspects"]
        for indicator in aspect["indicators"]
        + [i for sub in aspect.get("sub_aspects", []) for i in sub["indicators"]]
        for level in indicator["levels"].values()
    ] + [item.get("description", "") for item in clean["answer_scale"]]
    survey = clean["survey_definition"].get("items", [])
    # Every text ends as a sentence does, none stops at a comma.
    assert all(t.endswith(".") for t in texts if t), [t for t in texts if t and t[-1] != "."]
    assert all(item["text"].endswith(".") for item in survey)


def test_the_survey_asks_about_staff_services_in_full():
    clean = validate(parse_yaml(INSTRUMENT_2026.read_text(encoding="utf-8")))
    items = {item["code"]: item["text"] for item in clean["survey_definition"]["items"]}
    assert items["K4"] == "Layanan kepegawaian (cuti, kenaikan pangkat, data) mudah dan cepat."
