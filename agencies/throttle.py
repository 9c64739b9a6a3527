"""The login throttle: failed logins are counted for an account *from one address* and, with a
much higher limit, for the address alone.

Why this shape (issue 15): counting the account and the address separately, and clearing the
address's count on any success, let a guesser with an account of their own reset the count
by logging in between guesses, while one person's typos locked a whole office behind one NAT
address. Here a success clears only that account's count from that address; the address count
only forgets with time. Reaching a limit holds further attempts for LOGIN_COOLOFF_MINUTES,
doubling with every further failure up to LOGIN_COOLOFF_MAX_MINUTES; counts are forgotten after
LOGIN_FAILURE_WINDOW_HOURS without a failure."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import LoginThrottle

Scope = LoginThrottle.Scope


def _keys(username: str, address: str) -> list[tuple[str, str, str, int]]:
    return [
        (Scope.ACCOUNT, username[:150], address, settings.LOGIN_FAILURE_LIMIT),
        (Scope.ADDRESS, "", address, settings.LOGIN_ADDRESS_FAILURE_LIMIT),
    ]


def hold_length(failures: int, limit: int) -> dt.timedelta | None:
    """How long the failure that brought the count to `failures` holds further attempts."""
    if failures < limit:
        return None
    base = dt.timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
    ceiling = dt.timedelta(minutes=settings.LOGIN_COOLOFF_MAX_MINUTES)
    doublings = min(failures - limit, 32)  # 2**32 minutes is past any ceiling
    return min(base * (2**doublings), ceiling)


def held_until(username: str, address: str) -> dt.datetime | None:
    """The end of the hold on this account from this address, or None when not held."""
    now = timezone.now()
    holds = LoginThrottle.objects.filter(locked_until__gt=now, ip_address=address).filter(
        scope__in=[Scope.ACCOUNT, Scope.ADDRESS]
    )
    ends = [
        row.locked_until
        for row in holds
        if row.scope == Scope.ADDRESS or row.username == username[:150]
    ]
    return max(ends) if ends else None  # type: ignore[type-var]


def record_failure(username: str, address: str) -> None:
    now = timezone.now()
    forget_before = now - dt.timedelta(hours=settings.LOGIN_FAILURE_WINDOW_HOURS)
    for scope, name, ip, limit in _keys(username, address):
        with transaction.atomic():
            row = _locked_row(scope, name, ip, now)
            if row.last_failure < forget_before:
                row.failures = 0
            row.failures += 1
            row.last_failure = now
            length = hold_length(row.failures, limit)
            row.locked_until = now + length if length else None
            row.save()


def record_success(username: str, address: str) -> None:
    """Clears this account's count from this address, and nothing else."""
    LoginThrottle.objects.filter(
        scope=Scope.ACCOUNT, username=username[:150], ip_address=address
    ).delete()


def forget_old(now: dt.datetime | None = None) -> int:
    """Deletes counts with no failure for a whole window and no hold left (housekeeping)."""
    now = now or timezone.now()
    forget_before = now - dt.timedelta(hours=settings.LOGIN_FAILURE_WINDOW_HOURS)
    deleted, _ = (
        LoginThrottle.objects.filter(last_failure__lt=forget_before)
        .exclude(locked_until__gt=now)
        .delete()
    )
    return deleted


def _locked_row(scope: str, username: str, address: str, now: dt.datetime) -> LoginThrottle:
    key = {"scope": scope, "username": username, "ip_address": address}
    row = LoginThrottle.objects.select_for_update().filter(**key).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            return LoginThrottle.objects.create(**key, failures=0, last_failure=now)
    except IntegrityError:
        # A simultaneous first failure created it: count on that row.
        return LoginThrottle.objects.select_for_update().get(**key)
