"""The pages every role starts from: login, the dashboard, agencies and users."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import AuditEvent, User
from tests.factories import TEST_PASSWORD, KabupatenFactory, UnitKerjaFactory, UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD_TITLES = {
    "operator_contoh": "Beranda operator",
    "admin_contoh": "Beranda admin instansi",
    "reviewer_provinsi": "Beranda peninjau",
    "reviewer_nasional": "Beranda peninjau",
    "superadmin": "Beranda superadmin",
}


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("username", DASHBOARD_TITLES)
def test_each_role_logs_in_and_lands_on_its_dashboard(client, people, username):
    response = client.post(
        reverse("login"), {"username": username, "password": TEST_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert DASHBOARD_TITLES[username] in response.content.decode()


def test_a_wrong_password_is_refused_with_a_message(client, people):
    response = client.post(reverse("login"), {"username": "operator_contoh", "password": "salah"})
    assert response.status_code == 200
    assert "sandi yang benar" in response.content.decode()


def test_the_agency_list_shows_exactly_the_reviewers_scope(client, people):
    client.force_login(people["reviewer_provinsi"])
    page = client.get(reverse("instansi_list")).content.decode()
    assert "Kabupaten Contoh" in page and "Kota Contoh" in page and "Provinsi Contoh" in page
    assert "Kabupaten Lain" not in page


def test_the_agency_list_filters_by_kind_and_name(client, people):
    client.force_login(people["reviewer_nasional"])
    page = client.get(reverse("instansi_list"), {"jenis": "kota"}).content.decode()
    assert "Kota Contoh" in page and "Kabupaten Contoh" not in page
    page = client.get(reverse("instansi_list"), {"q": "lain"}).content.decode()
    assert "Kabupaten Lain" in page and "Kabupaten Contoh" not in page


def test_the_agency_list_runs_the_same_queries_for_few_or_many_agencies(client, people, wilayah):
    client.force_login(people["reviewer_nasional"])

    def count_queries() -> int:

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("instansi_list")).status_code == 200
        return len(ctx.captured_queries)

    few = count_queries()
    for _ in range(20):
        UnitKerjaFactory(instansi=KabupatenFactory(provinsi=wilayah["provinsi"]))
    assert count_queries() == few


def test_another_agencys_page_answers_404(client, people, wilayah):
    client.force_login(people["operator_contoh"])
    assert client.get(reverse("instansi_detail", args=[wilayah["kabupaten"].pk])).status_code == 200
    response = client.get(reverse("instansi_detail", args=[wilayah["kabupaten_lain"].pk]))
    assert response.status_code == 404
    assert "tidak ditemukan" in response.content.decode()


def test_the_agency_page_shows_the_unit_tree(client, people, wilayah):
    top = UnitKerjaFactory(instansi=wilayah["kabupaten"], nama="Sekretariat Daerah")
    UnitKerjaFactory(instansi=wilayah["kabupaten"], nama="Bagian Umum", induk=top)
    client.force_login(people["operator_contoh"])
    page = client.get(reverse("instansi_detail", args=[wilayah["kabupaten"].pk])).content.decode()
    assert page.index("Sekretariat Daerah") < page.index("Bagian Umum")
    assert 'class="unit-depth-1">Bagian Umum' in page


def test_an_admin_adds_an_operator_to_their_own_agency(client, people):
    client.force_login(people["admin_contoh"])
    response = client.post(
        reverse("user_create"),
        {
            "username": "operator_baru",
            "first_name": "Operator",
            "last_name": "Baru",
            "role": "operator",
            "password1": "Sandi-Baru-2026!",
            "password2": "Sandi-Baru-2026!",
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="operator_baru")
    assert created.instansi == people["admin_contoh"].instansi
    assert AuditEvent.objects.filter(action="user.create", actor=people["admin_contoh"]).exists()


def test_an_admin_cannot_make_a_reviewer(client, people):
    client.force_login(people["admin_contoh"])
    response = client.post(
        reverse("user_create"),
        {
            "username": "licik",
            "role": "reviewer",
            "password1": "Sandi-Baru-2026!",
            "password2": "Sandi-Baru-2026!",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="licik").exists()


def test_deactivating_a_user_asks_first_and_is_audited(client, people):
    client.force_login(people["admin_contoh"])
    operator = people["operator_contoh"]
    url = reverse("user_toggle_active", args=[operator.pk])
    confirm = client.get(url)
    assert "Nonaktifkan pengguna?" in confirm.content.decode()
    operator.refresh_from_db()
    assert operator.is_active

    client.post(url)
    operator.refresh_from_db()
    assert not operator.is_active
    assert AuditEvent.objects.filter(action="user.deactivate").count() == 1


def test_an_admin_cannot_touch_another_agencys_user(client, people):
    client.force_login(people["admin_contoh"])
    other = people["operator_lain"]
    assert client.post(reverse("user_toggle_active", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.is_active
    assert "operator_lain" not in client.get(reverse("user_list")).content.decode()


def test_operators_and_reviewers_may_not_manage_users(client, people):
    for username in ("operator_contoh", "reviewer_provinsi"):
        client.force_login(people[username])
        response = client.get(reverse("user_list"))
        assert response.status_code == 403
        assert "tidak memiliki izin" in response.content.decode()


def test_a_user_changes_their_password(client, people):
    client.force_login(people["operator_contoh"])
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Rahasia-Baru-99",
            "new_password2": "Rahasia-Baru-99",
        },
        follow=True,
    )
    assert "Kata sandi Anda telah diganti" in response.content.decode()
    assert client.login(username="operator_contoh", password="Rahasia-Baru-99")


def test_the_page_speaks_english_once_the_user_chooses_it(client, people):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert "Sign in to Merit" in client.get(reverse("login")).content.decode()


def test_an_english_browser_still_gets_indonesian_until_the_user_chooses(client, people):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Masuk ke Merit" in response.content.decode()


def test_the_health_endpoint_reports_the_database(client):
    response = client.get(reverse("health"))
    assert response.json() == {"status": "ok", "database": True}


def test_the_dashboard_counts_only_the_users_own_agency(client, people, wilayah):
    UserFactory(username="operator_dua", instansi=wilayah["kabupaten"])
    client.force_login(people["admin_contoh"])
    page = client.get(reverse("dashboard")).content.decode()
    assert "Kabupaten Contoh" in page
    assert "Pengguna instansi" in page


def test_the_user_menu_offers_two_step_login_and_the_audit_log_to_admins(client, people):
    client.force_login(people["admin_contoh"])
    page = client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("two_factor")}"' in page
    assert f'class="dropdown-item" href="{reverse("audit_list")}"' in page

    client.force_login(people["operator_contoh"])
    page = client.get(reverse("dashboard")).content.decode()
    assert f'class="dropdown-item" href="{reverse("two_factor")}"' in page
    assert reverse("audit_list") not in page
