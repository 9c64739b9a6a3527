"""The login throttle (issue 15, finding 1): failures are counted per account *and* address,
with a much higher limit for the address alone; each further failure holds longer; a success
clears only that account's failures; the hold page says in Indonesian when to try again."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.utils import timezone

from agencies.models import LoginThrottle
from tests.factories import TEST_PASSWORD

LOGIN = "/akun/masuk/"
OFFICE = "10.20.0.1"  # a whole office behind one NAT address


def attempt(client, username, password, address=OFFICE):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def held(client, username, address=OFFICE) -> bool:
    response = attempt(client, username, TEST_PASSWORD, address)
    if response.status_code == 302:
        client.logout()
        return False
    assert response.status_code == 429, response.status_code
    return True


def wait_out_the_hold() -> None:
    """Move every hold into the past, as if the user had waited it out."""
    past = timezone.now() - dt.timedelta(seconds=1)
    LoginThrottle.objects.filter(locked_until__isnull=False).update(locked_until=past)


def test_logging_into_your_own_account_does_not_clear_guesses_at_anothers(client, people):
    # The attacker's trick: four guesses, then a login to their own account, again and again.
    for _round in range(3):
        for _ in range(4):
            attempt(client, "admin_contoh", "tebakan-salah")
        assert attempt(client, "operator_contoh", TEST_PASSWORD).status_code == 302
        client.logout()
    assert held(client, "admin_contoh")


def test_one_persons_typos_do_not_lock_the_whole_office(client, people):
    for _ in range(6):
        attempt(client, "operator_contoh", "salah-ketik")
    assert held(client, "operator_contoh")
    # A colleague behind the same address signs in as usual.
    assert not held(client, "admin_contoh")
    # The same account from home is not held either: the hold is for account and address.
    assert not held(client, "operator_contoh", address="192.0.2.50")


def test_the_address_alone_has_a_much_higher_limit(client, people, settings):
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT >= 10 * settings.LOGIN_FAILURE_LIMIT
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    for number in range(11):
        attempt(client, f"tebak{number}", "salah")
    assert not held(client, "operator_contoh")
    attempt(client, "tebak99", "salah")
    assert held(client, "operator_contoh")
    assert not held(client, "operator_contoh", address="10.20.0.2")


def test_a_success_does_not_clear_the_address_count(client, people, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 10
    for round_ in range(2):
        for number in range(4):
            attempt(client, f"tebak{round_}{number}", "salah")
        assert attempt(client, "operator_contoh", TEST_PASSWORD).status_code == 302
        client.logout()
    attempt(client, "tebak98", "salah")
    attempt(client, "tebak99", "salah")
    assert held(client, "admin_contoh")


def test_a_success_clears_only_that_accounts_failures(client, people):
    for _ in range(4):
        attempt(client, "operator_contoh", "salah")
        attempt(client, "admin_contoh", "salah")
    assert attempt(client, "operator_contoh", TEST_PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "operator_contoh", "salah")
    assert not held(client, "operator_contoh")
    attempt(client, "admin_contoh", "salah")
    assert held(client, "admin_contoh")


def hold_length(username: str) -> dt.timedelta:
    row = LoginThrottle.objects.get(scope=LoginThrottle.Scope.ACCOUNT, username=username)
    assert row.locked_until is not None
    return row.locked_until - row.last_failure


def test_each_further_failure_holds_longer(client, people, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(client, "operator_contoh", "salah")
    first = hold_length("operator_contoh")
    assert first == dt.timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
    lengths = [first]
    for _ in range(3):
        wait_out_the_hold()
        attempt(client, "operator_contoh", "salah")
        lengths.append(hold_length("operator_contoh"))
    assert lengths == [first, first * 2, first * 4, first * 8]
    # Never longer than the ceiling.
    for _ in range(12):
        wait_out_the_hold()
        attempt(client, "operator_contoh", "salah")
    assert hold_length("operator_contoh") == dt.timedelta(
        minutes=settings.LOGIN_COOLOFF_MAX_MINUTES
    )


def test_a_wrong_password_during_the_hold_is_not_even_checked(client, people, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(client, "operator_contoh", "salah")
    before = LoginThrottle.objects.get(username="operator_contoh").locked_until
    for _ in range(5):
        assert attempt(client, "operator_contoh", "salah").status_code == 429
    assert LoginThrottle.objects.get(username="operator_contoh").locked_until == before
    assert SESSION_KEY not in client.session


def test_the_hold_page_says_when_to_try_again_in_indonesian(client, people, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(client, "operator_contoh", "salah")
    response = attempt(client, "operator_contoh", TEST_PASSWORD)
    assert response.status_code == 429
    until = timezone.localtime(LoginThrottle.objects.get(username="operator_contoh").locked_until)
    body = response.content.decode()
    assert "Terlalu banyak percobaan" in body
    assert f"pukul {until:%H.%M} WIB" in body
    assert "sekitar 1 menit lagi" in body


def test_failures_are_forgotten_after_a_quiet_day(client, people, settings):
    for _ in range(4):
        attempt(client, "operator_contoh", "salah")
    LoginThrottle.objects.update(last_failure=timezone.now() - dt.timedelta(hours=25))
    attempt(client, "operator_contoh", "salah")
    assert not held(client, "operator_contoh")


def test_housekeeping_forgets_quiet_counts_but_not_holds(client, people, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(client, "operator_contoh", "salah")
    attempt(client, "orang_lain", "salah", address="10.20.0.9")
    LoginThrottle.objects.filter(ip_address="10.20.0.9").update(
        last_failure=timezone.now() - dt.timedelta(hours=25)
    )
    call_command("bersihkan", verbosity=0)
    assert not LoginThrottle.objects.filter(ip_address="10.20.0.9").exists()
    assert held(client, "operator_contoh")
