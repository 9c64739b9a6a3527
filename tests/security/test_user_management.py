"""Who manages whose account (issue 15, finding 4): a province's admin could deactivate the
province's reviewer. An admin instansi manages the operator and admin accounts of their own
agency only; reviewer and superadmin accounts are managed by a superadmin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from agencies.models import User
from tests.factories import TEST_PASSWORD, UserFactory


@pytest.fixture
def admin_provinsi(wilayah):
    return UserFactory(
        username="admin_provinsi", role=User.Role.ADMIN_INSTANSI, instansi=wilayah["provinsi"]
    )


@pytest.fixture
def operator_provinsi(wilayah):
    return UserFactory(username="operator_provinsi", instansi=wilayah["provinsi"])


def test_a_provinces_admin_cannot_deactivate_the_provinces_reviewer(client, people, admin_provinsi):
    reviewer = people["reviewer_provinsi"]
    client.force_login(admin_provinsi)
    url = reverse("user_toggle_active", args=[reviewer.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    reviewer.refresh_from_db()
    assert reviewer.is_active


def test_the_provinces_admin_still_manages_its_operators(client, admin_provinsi, operator_provinsi):
    client.force_login(admin_provinsi)
    client.post(reverse("user_toggle_active", args=[operator_provinsi.pk]))
    operator_provinsi.refresh_from_db()
    assert not operator_provinsi.is_active


def test_the_user_list_shows_only_accounts_the_admin_manages(
    client, people, admin_provinsi, operator_provinsi
):
    client.force_login(admin_provinsi)
    page = client.get(reverse("user_list"))
    names = [user.username for user in page.context["page"]]
    assert names == ["admin_provinsi", "operator_provinsi"]


def test_an_admin_cannot_create_a_reviewer(client, admin_provinsi):
    client.force_login(admin_provinsi)
    response = client.post(
        reverse("user_create"),
        {
            "username": "reviewer_palsu",
            "first_name": "Palsu",
            "role": User.Role.REVIEWER,
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(username="reviewer_palsu").exists()


def test_a_superadmin_manages_the_reviewer(client, people):
    reviewer = people["reviewer_provinsi"]
    client.force_login(people["superadmin"])
    client.post(reverse("user_toggle_active", args=[reviewer.pk]))
    reviewer.refresh_from_db()
    assert not reviewer.is_active


def test_a_staff_admin_in_the_admin_site_cannot_change_a_reviewer(
    client, people, admin_provinsi, operator_provinsi
):
    # Should a superadmin ever give an agency admin the admin site with user permissions,
    # the same rule holds there.
    admin_provinsi.is_staff = True
    admin_provinsi.save()
    admin_provinsi.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user", "delete_user"])
    )
    client.force_login(admin_provinsi)
    reviewer = people["reviewer_provinsi"]
    listing = client.get(reverse("admin:agencies_user_changelist"))
    assert listing.status_code == 200
    shown = {user.username for user in listing.context["cl"].result_list}
    assert shown == {"admin_provinsi", "operator_provinsi"}
    change = client.post(
        reverse("admin:agencies_user_change", args=[reviewer.pk]),
        {"username": "reviewer_provinsi", "is_active": ""},
    )
    assert change.status_code in (302, 403, 404)
    reviewer.refresh_from_db()
    assert reviewer.is_active
    assert change.status_code != 302 or "/change/" not in change["Location"]
    own = client.get(reverse("admin:agencies_user_change", args=[operator_provinsi.pk]))
    assert own.status_code == 200
    role_choices = [value for value, _label in own.context["adminform"].form.fields["role"].choices]
    assert User.Role.REVIEWER not in role_choices
    assert "is_superuser" not in own.context["adminform"].form.fields
