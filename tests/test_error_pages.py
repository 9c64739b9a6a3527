"""Errors speak Indonesian and point the way home."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_an_unknown_address_shows_the_friendly_404_page(client, people):
    client.force_login(people["operator_contoh"])
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Halaman atau data yang Anda cari tidak ditemukan." in page
    assert "Kembali ke beranda" in page


def test_the_500_page_renders_without_the_database_or_a_user():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Data yang sudah tersimpan tidak hilang." in response.content.decode()
