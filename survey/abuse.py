"""Abuse limits of the public answer page, without storing who answered.

- One answer per device: a signed cookie says "this browser has answered this survey".
  Clearing it allows another answer, hence the second limit.
- Per address: answers from one address are counted per hour in the cache only (never in
  the database), under a keyed hash of the address, so even the cache holds no address.
  An office behind one NAT address shares the count, so the limit is generous
  (SURVEY_ANSWERS_PER_ADDRESS_PER_HOUR)."""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from agencies.security import client_address

from .models import Survey

COOKIE_SALT = "survey.device"
COOKIE_MAX_AGE = 180 * 24 * 3600
HOUR = 3600


def cookie_name(survey: Survey) -> str:
    return f"survei_{survey.code}"


def answered_on_this_device(request: HttpRequest, survey: Survey) -> bool:
    value = request.get_signed_cookie(cookie_name(survey), default=None, salt=COOKIE_SALT)
    return value == survey.code


def mark_device(response: HttpResponse, survey: Survey) -> None:
    response.set_signed_cookie(
        cookie_name(survey),
        survey.code,
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _address_key(request: HttpRequest, survey: Survey) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256
    ).hexdigest()[:32]
    return f"survei:alamat:{survey.pk}:{digest}:{int(time.time()) // HOUR}"


def allow_answer(request: HttpRequest, survey: Survey) -> bool:
    """Count one answer attempt from the request's address; False once this hour's limit
    is passed."""
    key = _address_key(request, survey)
    cache.add(key, 0, timeout=HOUR + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=HOUR + 60)
        count = 1
    return count <= settings.SURVEY_ANSWERS_PER_ADDRESS_PER_HOUR
