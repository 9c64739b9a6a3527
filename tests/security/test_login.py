"""Signing in: repeated failures are held back per account and per address, a user who turned
on two-step login needs the code, and every attempt lands in the audit log."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import AuditEvent, User
from tests.factories import TEST_PASSWORD

LOGIN = "/akun/masuk/"


def attempt(client, username, password, address="10.0.0.1", otp_token=None, **headers):
    data = {"username": username, "password": password}
    if otp_token is not None:
        data["otp_token"] = otp_token
    return client.post(LOGIN, data, REMOTE_ADDR=address, **headers)


def logged_in(client) -> bool:
    return SESSION_KEY in client.session


def test_the_right_password_logs_in_and_is_recorded(client, people):
    response = attempt(client, "admin_contoh", TEST_PASSWORD)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="auth.login")
    assert event.actor == people["admin_contoh"]
    assert event.instansi == people["admin_contoh"].instansi
    assert event.detail["ip"] == "10.0.0.1"


def test_a_wrong_password_is_recorded_for_the_targeted_agency(client, people):
    response = attempt(client, "admin_contoh", "bukan-sandinya")
    assert response.status_code == 200
    assert "sandi yang benar" in response.content.decode()
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.instansi == people["admin_contoh"].instansi
    assert event.detail["username"] == "admin_contoh"
    assert "bukan-sandinya" not in str(event.detail)


def test_five_wrong_passwords_hold_the_account_from_that_address(client, people):
    for _ in range(5):
        attempt(client, "admin_contoh", "tebakan-salah", address="10.0.1.1")
    response = attempt(client, "admin_contoh", TEST_PASSWORD, address="10.0.1.1")
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()
    assert not logged_in(client)
    # Other accounts are not held.
    assert attempt(client, "operator_contoh", TEST_PASSWORD, address="10.0.1.1").status_code == 302


def test_guessing_many_accounts_from_one_address_holds_the_address(client, people, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 5
    for name in ("a1", "a2", "a3", "a4", "a5"):
        attempt(client, name, "tebakan", address="10.0.2.1")
    assert attempt(client, "operator_contoh", TEST_PASSWORD, address="10.0.2.1").status_code == 429
    assert attempt(client, "operator_contoh", TEST_PASSWORD, address="10.0.2.2").status_code == 302


def test_a_forged_forwarded_for_header_does_not_give_a_fresh_address(client, people, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 5
    # Not behind a trusted proxy (BEHIND_PROXY off): X-Forwarded-For is the attacker's word.
    for number in range(5):
        attempt(client, f"x{number}", "tebakan", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    response = attempt(
        client, "operator_contoh", TEST_PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert response.status_code == 429


def test_a_success_before_the_limit_resets_the_count(client, people):
    for _ in range(4):
        attempt(client, "operator_contoh", "salah")
    assert attempt(client, "operator_contoh", TEST_PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "operator_contoh", "salah")
    assert attempt(client, "operator_contoh", TEST_PASSWORD).status_code == 302


def test_the_test_clients_login_still_works(client, people):
    # Django's client.login() passes no request; the throttle lets it through unthrottled.
    assert client.login(username="operator_contoh", password=TEST_PASSWORD)
    assert not client.login(username="operator_contoh", password="salah")


def test_the_session_ends_with_the_browser_and_after_eight_hours(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY


def test_a_short_or_common_password_is_refused(client, people):
    client.force_login(people["operator_contoh"])
    for weak in ("pendek1", "password123", "1234567890"):
        response = client.post(
            reverse("password_change"),
            {"old_password": TEST_PASSWORD, "new_password1": weak, "new_password2": weak},
        )
        assert response.status_code == 200, weak
        assert response.context["form"].errors, weak


def code(device: TOTPDevice, drift: int = 0) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{value:06d}"


def wait_out_the_pause(device: TOTPDevice) -> None:
    """django-otp holds a device for a second after a wrong code (then 2, 4, 8...). Instead of
    sleeping, move the failure into the past, as if the user had waited."""
    device.refresh_from_db()
    assert device.throttling_failure_timestamp is not None, "no pause to wait out"
    device.throttling_failure_timestamp -= dt.timedelta(minutes=1)
    device.save(update_fields=["throttling_failure_timestamp"])


def enrol(client, user: User) -> TOTPDevice:
    client.force_login(user)
    page = client.get(reverse("two_factor"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body  # the QR code to scan
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert base64.b32encode(device.bin_key).decode() in body  # the key to type instead
    response = client.post(reverse("two_factor"), {"token": code(device)}, follow=True)
    assert "Verifikasi dua langkah aktif" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    client.logout()
    return device


def test_a_reviewer_turns_on_two_step_login_and_then_needs_the_code(client, people):
    reviewer = people["reviewer_provinsi"]
    device = enrol(client, reviewer)
    assert AuditEvent.objects.filter(action="auth.2fa_enabled", actor=reviewer).exists()

    response = attempt(client, "reviewer_provinsi", TEST_PASSWORD)
    assert response.status_code == 200
    assert "Masukkan kode verifikasi dua langkah" in response.content.decode()
    assert not logged_in(client)

    response = attempt(client, "reviewer_provinsi", TEST_PASSWORD, otp_token="000000")
    assert "salah atau sudah kedaluwarsa" in response.content.decode()
    assert not logged_in(client)
    # The wrong code counted as a failed login (the throttle sees code guessing too).
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 2

    # django-otp itself slows code guessing: right after a wrong code even the right one fails.
    attempt(client, "reviewer_provinsi", TEST_PASSWORD, otp_token=code(device, 1))
    assert not logged_in(client)
    wait_out_the_pause(device)
    # The code of the enrolment step was used once; the next step's code is accepted.
    response = attempt(client, "reviewer_provinsi", TEST_PASSWORD, otp_token=code(device, 1))
    assert response.status_code == 302
    assert logged_in(client)
    page = client.get(reverse("two_factor"))
    assert page.context["user"].is_verified()


def test_a_user_without_two_step_login_needs_no_code(client, people):
    enrol(client, people["reviewer_provinsi"])
    assert attempt(client, "admin_contoh", TEST_PASSWORD).status_code == 302


def test_turning_two_step_login_off_needs_a_valid_code(client, people):
    admin = people["admin_contoh"]
    device = enrol(client, admin)
    client.force_login(admin)
    response = client.post(reverse("two_factor"), {"token": "123456"})
    assert "Kode salah" in response.content.decode()
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
    wait_out_the_pause(device)  # django-otp's own pause after a wrong code
    client.post(reverse("two_factor"), {"token": code(device, 1)})
    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert AuditEvent.objects.filter(action="auth.2fa_disabled", actor=admin).exists()


def test_the_admin_sites_own_login_form_is_not_a_way_around_the_code(client, people):
    response = client.get("/admin/login/?next=/admin/agencies/user/")
    assert response.status_code == 302
    assert response["Location"] == "/akun/masuk/?next=%2Fadmin%2Fagencies%2Fuser%2F"
    response = client.get("/admin/login/?next=https://jahat.example/")
    assert response["Location"] == "/akun/masuk/?next=%2Fadmin%2F"


@pytest.mark.parametrize("field", ["role", "instansi", "is_active"])
def test_changes_to_what_a_user_may_do_are_recorded(people, wilayah, field):
    operator = people["operator_contoh"]
    value = {
        "role": User.Role.ADMIN_INSTANSI,
        "instansi": wilayah["kota"],
        "is_active": False,
    }[field]
    setattr(operator, field, value)
    operator.save()
    event = AuditEvent.objects.get(action="user.access_change")
    key = "instansi_id" if field == "instansi" else field
    assert key in event.detail["changes"]
    assert event.detail["user"] == "operator_contoh"


def test_a_role_change_in_a_request_names_who_made_it(client, people):
    client.force_login(people["admin_contoh"])
    target = people["operator_contoh"]
    client.post(reverse("user_toggle_active", args=[target.pk]))
    event = AuditEvent.objects.get(action="user.access_change")
    assert event.actor == people["admin_contoh"]
    assert event.detail["changes"]["is_active"] == [True, False]


def test_saving_a_user_without_changing_access_records_nothing(people):
    operator = people["operator_contoh"]
    operator.first_name = "Nama Baru"
    operator.save()
    assert not AuditEvent.objects.filter(action="user.access_change").exists()


def test_behind_the_load_balancer_the_address_it_appended_counts(client, people, settings):
    # BEHIND_PROXY=true: our load balancer appends the real client address to whatever
    # X-Forwarded-For the client sent; REMOTE_ADDR is the load balancer itself.
    settings.PROXY_COUNT = 1
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 5
    lb = "10.1.1.1"
    for number in range(5):
        attempt(
            client, f"x{number}", "tebakan", address=lb,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.5",
        )  # fmt: skip
    held = attempt(
        client, "operator_contoh", TEST_PASSWORD, address=lb,
        HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.5",
    )  # fmt: skip
    assert held.status_code == 429
    other = attempt(
        client, "operator_contoh", TEST_PASSWORD, address=lb, HTTP_X_FORWARDED_FOR="203.0.113.6"
    )
    assert other.status_code == 302
    event = AuditEvent.objects.filter(action="auth.login_failed").first()
    assert event.detail["ip"] == "203.0.113.5"
