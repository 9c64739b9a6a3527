"""What the navigation offers each role: the same rule as the views it links to, asked of
`can` in templates instead of restated there."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from agencies.permissions import Permissions

pytestmark = pytest.mark.django_db

FLAGS = ("administer", "manage_agency", "review", "export_employees", "see_employees")
EXPECTED = {
    "operator_contoh": {"see_employees"},
    "admin_contoh": {"manage_agency", "export_employees", "see_employees"},
    "reviewer_provinsi": {"review", "export_employees", "see_employees"},
    "reviewer_nasional": {"review", "export_employees", "see_employees"},
    "superadmin": set(FLAGS),
}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_role_gets_the_flags_of_the_views_it_may_open(people, username):
    can = Permissions(people[username])
    assert {flag for flag in FLAGS if getattr(can, flag)} == EXPECTED[username]


def test_an_anonymous_visitor_may_do_nothing():
    can = Permissions(AnonymousUser())
    assert not any(getattr(can, flag) for flag in FLAGS)


def test_the_navigation_follows_the_flags(client, people):
    client.force_login(people["operator_contoh"])
    page = client.get("/").content.decode()
    assert "Beranda operator" in page
    assert "Dasbor peninjau" not in page and "Jejak audit" not in page
    client.force_login(people["reviewer_nasional"])
    page = client.get("/").content.decode()
    assert "Beranda peninjau" in page and "Cakupan nasional" in page
    assert "Dasbor peninjau" in page and "Jejak audit" not in page
    client.force_login(people["admin_contoh"])
    page = client.get("/").content.decode()
    assert "Jejak audit" in page and "Dasbor peninjau" not in page
