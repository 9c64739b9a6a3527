"""Document numbers: the pattern a superadmin sets, and two finalisations at the same moment
never sharing a number (two real connections, PostgreSQL's row locking)."""

from __future__ import annotations

import io
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django.utils import timezone
from PIL import Image

from agencies.models import AuditEvent
from assessment.letterhead import Letterhead, format_number, next_number, parse_pattern


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (31, 90, 153)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_pattern_numbers_with_sequence_and_year():
    assert format_number("800/{seq}/BKD/{year}", seq=7, year=2026) == "800/7/BKD/2026"
    assert format_number("800/{seq}/BKD/{year}", seq=7, year=2026, digits=3) == "800/007/BKD/2026"


@pytest.mark.parametrize(
    "pattern, message",
    [
        ("800/BKD/{year}", "wajib memuat {seq}"),
        ("800/{seq}/{bulan}/{year}", "bukan: {bulan}"),
        ("800/{seq/BKD", "tidak berpasangan"),
        ('800/{seq}/"BKD"', "hanya boleh memuat"),
    ],
)
def test_a_broken_pattern_is_refused_with_a_clear_message(pattern, message):
    with pytest.raises(ValidationError) as caught:
        parse_pattern(pattern)
    assert message in " ".join(caught.value.messages)


@pytest.mark.django_db
def test_one_letterhead_per_province_and_one_national(wilayah):
    Letterhead.objects.create(name="Badan Kepegawaian Negara")
    duplicate = Letterhead(name="Kedua")
    with pytest.raises(ValidationError, match="sudah memiliki kop surat"):
        duplicate.full_clean()
    Letterhead.objects.create(provinsi=wilayah["provinsi"], name="BKD Provinsi Contoh")
    with pytest.raises(ValidationError):
        Letterhead(provinsi=wilayah["provinsi"], name="Lagi").full_clean()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="races two connections: PostgreSQL only"
)
def test_two_finalisations_at_the_same_moment_take_different_numbers():
    letterhead = Letterhead.objects.create(
        name="Badan Kepegawaian Negara", number_pattern="{seq}/BKN/{year}"
    )
    barrier = threading.Barrier(4)
    numbers: list[str] = []

    def finalise() -> None:
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                numbers.append(next_number(letterhead))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=finalise) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    year = timezone.localdate().year
    assert sorted(numbers) == [f"{n}/BKN/{year}" for n in range(1, 5)]


@pytest.mark.django_db
def test_a_superadmin_sets_a_provinces_letterhead_in_the_admin_with_an_audit(
    client, people, wilayah
):
    client.force_login(people["superadmin"])
    form = {
        "provinsi": wilayah["provinsi"].pk,
        "name": "Pemerintah Provinsi Contoh\nBadan Kepegawaian Daerah",
        "address": "Jl. Pahlawan No. 9",
        "number_pattern": "800/{seq}/BKD/{year}",
        "sequence_digits": 3,
    }
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", "image/png")
    refused = client.post("/admin/assessment/letterhead/add/", {**form, "logo": fake})
    assert refused.status_code == 200
    assert "Logo harus berkas PNG atau JPEG" in refused.content.decode()

    logo = SimpleUploadedFile("logo.png", png_bytes(), "image/png")
    response = client.post("/admin/assessment/letterhead/add/", {**form, "logo": logo})
    assert response.status_code == 302
    letterhead = Letterhead.objects.get()
    assert letterhead.logo.name.startswith("kop-surat/") and letterhead.logo_bytes() == png_bytes()
    assert AuditEvent.objects.filter(action="letterhead.create").count() == 1


@pytest.mark.django_db
def test_only_a_superadmin_may_set_a_letterhead(client, people):
    client.force_login(people["reviewer_provinsi"])
    response = client.get("/admin/assessment/letterhead/add/")
    assert response.status_code in (302, 403)
