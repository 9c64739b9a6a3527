"""Two-step login required for superadmins and reviewers (issue 15, finding 6), under
REQUIRE_TWO_STEP_LOGIN: on by default in production, off on a developer's machine and in
the demo (its printed accounts should open without an authenticator app)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD
from tests.security.test_deploy_settings import python
from tests.security.test_login import attempt, code, enrol


@pytest.fixture
def required(settings):
    settings.REQUIRE_TWO_STEP_LOGIN = True


@pytest.mark.parametrize("role", ["reviewer_provinsi", "superadmin"])
def test_a_reviewer_or_superadmin_must_turn_it_on_before_anything_else(
    client, people, required, role
):
    client.force_login(people[role])
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor")
    assert client.get("/admin/").status_code == 302
    page = client.get(reverse("two_factor"), follow=True)
    assert "wajib memakai verifikasi dua langkah" in page.content.decode()
    device = TOTPDevice.objects.get(user=people[role], confirmed=False)
    client.post(reverse("two_factor"), {"token": code(device)})
    assert client.get(reverse("dashboard")).status_code == 200


def test_an_enrolled_reviewer_whose_session_gave_no_code_signs_in_again(client, people, required):
    reviewer = people["reviewer_provinsi"]
    device = enrol(client, reviewer)
    client.force_login(reviewer)  # a session that never gave a code
    response = client.get(reverse("dashboard"))
    assert response["Location"] == reverse("login")
    response = attempt(client, "reviewer_provinsi", TEST_PASSWORD, otp_token=code(device, 1))
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_it_cannot_be_turned_off_while_required(client, people, required):
    reviewer = people["reviewer_provinsi"]
    device = enrol(client, reviewer)
    attempt(client, "reviewer_provinsi", TEST_PASSWORD, otp_token=code(device, 1))
    client.post(reverse("two_factor"), {"token": code(device, 2)})
    assert TOTPDevice.objects.filter(user=reviewer, confirmed=True).exists()


def test_operators_and_admins_are_not_forced(client, people, required):
    for name in ("operator_contoh", "admin_contoh"):
        client.force_login(people[name])
        assert client.get(reverse("dashboard")).status_code == 200


def test_off_on_a_developers_machine(client, people, settings):
    assert settings.REQUIRE_TWO_STEP_LOGIN is False  # pytest is a developer's process
    client.force_login(people["reviewer_provinsi"])
    assert client.get(reverse("dashboard")).status_code == 200


def test_on_by_default_in_production():
    result = python("from django.conf import settings; print(settings.REQUIRE_TWO_STEP_LOGIN)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
    result = python(
        "from django.conf import settings; print(settings.REQUIRE_TWO_STEP_LOGIN)",
        REQUIRE_TWO_STEP_LOGIN="false",
    )
    assert result.stdout.strip() == "False"
