"""One language per label, and Django's own messages in proper Indonesian."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_wrong_password_is_told_once_in_plain_indonesian(client, people):
    page = client.post(
        "/akun/masuk/", {"username": "operator_contoh", "password": "salah-sekali"}
    ).content.decode()
    assert page.count("Masukkan nama pengguna dan sandi yang benar") == 1
    assert "nama pengguna nama pengguna" not in page.lower()


def test_the_password_help_says_anda_not_anda(client, people):
    client.force_login(people["operator_contoh"])
    page = client.get("/akun/sandi/").content.decode()
    assert "Kata sandi Anda tidak boleh terlalu mirip dengan data pribadi Anda yang lain." in page
    assert "Kata sandi Anda harus terdiri dari paling sedikit 10 karakter." in page
    assert " anda " not in page


def test_labels_use_one_language(client, people):
    client.force_login(people["reviewer_provinsi"])
    page = client.get("/").content.decode()
    assert "Beranda peninjau" in page and "Dasbor peninjau" in page
    assert ">Peninjau<" in page  # the role badge
    # The user's own name ("Reviewer Provinsi", from the username) aside, no English label.
    visible = page.replace("Reviewer Provinsi", "").replace("reviewer_provinsi", "")
    assert "reviewer" not in visible.lower().split("<script")[0]
