"""The scorecard an official signs and files: the issuer's letterhead and document number,
a verification that works from paper (absolute link and QR code), signatories as the
document needs them, and the provisional-instrument caveat."""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from PIL import Image
from pypdf import PdfReader

from assessment import workflow
from assessment.letterhead import DocumentSequence, Letterhead
from assessment.scorecard import frozen_bytes, render_scorecard
from tests.assessment.conftest import fill_in

from .conftest import finalise, pdf_text

pytestmark = pytest.mark.django_db
SITE = "https://merit.contoh.go.id"
ZBARIMG = shutil.which("zbarimg")


def joined(content: bytes) -> str:
    return "\n".join(pdf_text(content))


def logo_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 120), (31, 90, 153)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def kop_provinsi(wilayah):
    """Provinsi Contoh's BKD issues the scorecards of its kabupaten/kota."""
    letterhead = Letterhead(
        provinsi=wilayah["provinsi"],
        name="Pemerintah Provinsi Contoh\nBadan Kepegawaian Daerah",
        address="Jl. Pahlawan No. 9, Kota Contoh 50132\nTelepon (024) 8311000",
        number_pattern="800/{seq}/BKD/{year}",
        sequence_digits=3,
    )
    letterhead.logo.save("logo.png", ContentFile(logo_png()), save=False)
    letterhead.full_clean()
    letterhead.save()
    return letterhead


@pytest.fixture
def kop_nasional(db):
    letterhead = Letterhead(
        name="Badan Kepegawaian Negara",
        address="Jl. Mayjen Sutoyo No. 12, Jakarta Timur",
        number_pattern="{seq}/KASN/{year}",
    )
    letterhead.full_clean()
    letterhead.save()
    return letterhead


def finalised(assessment, people, *, reviewer: str = "reviewer_provinsi") -> bytes:
    """Filled in at level 3 (by the superadmin, for any agency), submitted, verified by
    `reviewer` and finalised; the frozen PDF."""
    fill_in(assessment, people["superadmin"], level=3)
    finalise(
        assessment, {"admin_contoh": people["superadmin"], "reviewer_provinsi": people[reviewer]}
    )
    assessment.refresh_from_db()
    return frozen_bytes(assessment.frozen_scorecards.get(voided_at__isnull=True))


def qr_codes(content: bytes, folder: Path) -> list[str]:
    """Every QR code zbarimg (Debian zbar-tools) finds on the pages, rendered at 150 dpi."""
    source = folder / "kartu.pdf"
    source.write_bytes(content)
    subprocess.run(
        [
            shutil.which("pdftoppm") or "/usr/bin/pdftoppm",
            "-png",
            "-r",
            "150",
            str(source),
            str(folder / "hal"),
        ],
        check=True,
    )
    found: list[str] = []
    for page in sorted(folder.glob("hal*.png")):
        result = subprocess.run(
            [ZBARIMG or "zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(page)],
            capture_output=True,
            text=True,
        )
        found += [line for line in result.stdout.splitlines() if line]
    return found


# CI installs zbar-tools (.ci/run), so there the check can never be skipped away.
@pytest.mark.skipif(
    ZBARIMG is None and not os.environ.get("CI"),
    reason="zbarimg (Debian zbar-tools) not installed",
)
def test_the_final_scorecard_carries_letterhead_number_link_and_a_qr_that_opens_it(
    site, kop_provinsi, draft, people, tmp_path
):
    content = finalised(draft, people)
    frozen = draft.frozen_scorecards.get()
    text = joined(content)
    year = timezone.localdate().year

    # The letterhead: the issuer's name lines, its address, and the logo as an image.
    assert "PEMERINTAH PROVINSI CONTOH" in text and "BADAN KEPEGAWAIAN DAERAH" in text
    assert "Jl. Pahlawan No. 9, Kota Contoh 50132" in text
    first_page = PdfReader(io.BytesIO(content)).pages[0]
    assert len(first_page.images) >= 1
    # The document number, taken at finalisation and kept with the frozen copy.
    assert frozen.document_number == f"800/001/BKD/{year}"
    assert f"Nomor 800/001/BKD/{year}" in text
    # The absolute verification link with the code filled in, printed and in the QR code.
    url = f"{SITE}/penilaian/verifikasi/?kode={frozen.code}"
    assert url in text.replace("\n", "")
    assert qr_codes(content, tmp_path) == [url]


def test_the_link_opens_the_verification_page_with_the_code_filled_in(
    client, site, kop_provinsi, draft, people
):
    finalised(draft, people)
    frozen = draft.frozen_scorecards.get()
    page = client.get(f"/penilaian/verifikasi/?kode={frozen.code}").content.decode()
    assert "Dokumen asli" in page
    assert f'value="{frozen.code}"' in page
    assert frozen.document_number in page


def test_numbers_run_on_per_letterhead_and_are_kept_when_reopened(
    site, kop_provinsi, kop_nasional, draft, kota_draft, people, instrument, wilayah
):
    year = timezone.localdate().year
    finalised(draft, people)
    # Kota Contoh is reviewed by the same province: the next number of the same letterhead.
    finalised(kota_draft, people)
    assert kota_draft.frozen_scorecards.get().document_number == f"800/002/BKD/{year}"

    # A ministry is reviewed nationally: the national letterhead's own sequence.
    ministry = workflow.assessment_create(
        instansi=wilayah["kementerian"],
        year=2026,
        instrument=instrument,
        actor=people["superadmin"],
    )
    finalised(ministry, people, reviewer="reviewer_nasional")
    national = ministry.frozen_scorecards.get()
    assert national.document_number == f"1/KASN/{year}"
    assert "BADAN KEPEGAWAIAN NEGARA" in joined(frozen_bytes(national))

    # Reopened and finalised again: a new document with the next number; the void one
    # keeps its own.
    first = draft.frozen_scorecards.get()
    workflow.assessment_reopen(assessment=draft, actor=people["superadmin"], reason="Salah ketik")
    reviewer = people["reviewer_provinsi"]
    workflow.assessment_verify(assessment=draft, actor=reviewer)
    workflow.assessment_finalise(assessment=draft, actor=reviewer)
    again = draft.frozen_scorecards.get(voided_at__isnull=True)
    first.refresh_from_db()
    assert first.document_number == f"800/001/BKD/{year}"
    assert again.document_number == f"800/003/BKD/{year}"
    assert DocumentSequence.objects.get(letterhead=kop_provinsi, year=year).last == 3


def test_a_failed_finalisation_gives_its_number_back(
    site, kop_provinsi, filled, people, settings, tmp_path
):
    workflow.assessment_submit(assessment=filled, actor=people["admin_contoh"])
    reviewer = people["reviewer_provinsi"]
    workflow.accept_self_levels(assessment=filled, actor=reviewer)
    workflow.assessment_verify(assessment=filled, actor=reviewer)
    # Storage cannot be written: the frozen copy fails, the step rolls back.
    blocked = tmp_path / "penuh"
    blocked.write_text("bukan folder")
    settings.MEDIA_ROOT = blocked
    with pytest.raises(workflow.WorkflowError):
        workflow.assessment_finalise(assessment=filled, actor=reviewer)
    assert not DocumentSequence.objects.filter(last__gt=0).exists()

    settings.MEDIA_ROOT = tmp_path / "media"
    workflow.assessment_finalise(assessment=filled, actor=reviewer)
    year = timezone.localdate().year
    assert filled.frozen_scorecards.get().document_number == f"800/001/BKD/{year}"


def test_without_a_letterhead_the_scorecard_has_no_kop_and_no_number(site, draft, people):
    text = joined(finalised(draft, people))
    assert draft.frozen_scorecards.get().document_number == ""
    assert "BADAN KEPEGAWAIAN" not in text
    assert "Kode verifikasi" in text


def test_an_elected_head_without_nip_gets_no_nip_line(filled, people):
    reviewer = people["reviewer_provinsi"]
    reviewer.nip = "198609262015051001"
    reviewer.jabatan = "Analis SDM Aparatur Ahli Muda"
    reviewer.save()
    filled.head_name = "H. Ahmad Fauzi, S.H."
    filled.head_title = "Bupati Contoh"
    filled.head_nip = ""
    filled.save()
    finalise(filled, people)
    filled.refresh_from_db()
    text = joined(frozen_bytes(filled.frozen_scorecards.get()))
    assert "Bupati Contoh," in text and "H. Ahmad Fauzi, S.H." in text
    # The verifier's name and NIP come from the reviewer's profile.
    assert str(reviewer) in text and "NIP 198609262015051001" in text
    assert "Analis SDM Aparatur Ahli Muda" in text
    # "NIP" only once: the regent has none, and no "NIP -" stands in for it.
    assert len(re.findall(r"\bNIP\b", text)) == 1
    assert "NIP -" not in text


def test_a_verifier_without_nip_gets_no_nip_line_either(filled, people):
    filled.head_name = "Dr. Budi Santoso"
    filled.head_nip = "197001011990031001"
    filled.save()
    finalise(filled, people)
    filled.refresh_from_db()
    text = joined(frozen_bytes(filled.frozen_scorecards.get()))
    assert re.findall(r"NIP \S+", text) == ["NIP 197001011990031001"]


def test_the_provisional_instrument_caveat_is_printed_as_on_the_page(client, people, index_draft):
    instrument = index_draft.instrument
    caveats = instrument.caveats()
    assert caveats, "the 2026 instrument has provisional facts"
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/{index_draft.pk}/").content.decode()
    text = " ".join(joined(render_scorecard(index_draft)).split())
    for note in caveats:
        assert html.escape(note) in page
        assert " ".join(note.split()) in text


def test_the_aspect_level_is_printed_once_as_the_table_rounds_it(filled):
    # Pengadaan at levels 3, 3, 2: 2.666... The table says 2,67; the chart's bar used to
    # say 2,66. The bars now carry no numbers: the table beside them prints the level.
    procurement = filled.answers.filter(indicator__aspect__order=2).order_by("indicator__order")
    assert procurement.count() == 3
    last = procurement.last()
    last.level = 2
    last.save()
    text = joined(render_scorecard(filled))
    assert "2. Pengadaan 6% 2,67" in text
    assert "2,66" not in text


def test_the_scorecard_is_indonesian_for_a_user_reading_in_english(filled):
    # The result's label is translated when the context is built, not only in the template.
    with translation.override("en"):
        text = joined(render_scorecard(filled))
    assert "Nilai mandiri" in text
    assert "Self-assessment score" not in text
