"""Limits counted in the cache: per user on expensive downloads (PDFs), and per address on
public pages that have no account to throttle.

The default cache is per process; several app servers each count on their own unless
settings.CACHES points at a shared cache, which only makes the limits proportionally more
generous. A refused download answers 429 with an Indonesian page and a Retry-After header."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

MINUTE = 60
HOUR = 3600
# A render that dies without its `finally` frees the user after this many seconds.
BUSY_TIMEOUT = 120


def _count(key: str, timeout: int) -> int:
    """Add one to the counter under `key` (created for `timeout` seconds) and return it."""
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def _too_many(request: HttpRequest, message: str, retry_after: int) -> HttpResponse:
    response = render(
        request, "429.html", {"message": message, "retry_after": retry_after}, status=429
    )
    response["Retry-After"] = str(retry_after)
    return response


def pdf_limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """At most PDF_REQUESTS_PER_USER_PER_MINUTE requests a minute and one at a time per user,
    across every view so decorated. Put it inside login_required."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user_id = getattr(request.user, "pk", None)
        if user_id is None:
            return view(request, *args, **kwargs)
        now = int(time.time())
        count = _count(f"pdf:{user_id}:{now // MINUTE}", MINUTE + 5)
        if count > settings.PDF_REQUESTS_PER_USER_PER_MINUTE:
            return _too_many(
                request,
                _("Terlalu banyak unduhan PDF dalam satu menit. Tunggu sebentar, lalu coba lagi."),
                MINUTE - now % MINUTE,
            )
        busy = f"pdf:{user_id}:sedang"
        if not cache.add(busy, 1, timeout=BUSY_TIMEOUT):
            return _too_many(
                request,
                _("PDF Anda sebelumnya masih dibuat. Tunggu sampai selesai, lalu coba lagi."),
                5,
            )
        try:
            return view(request, *args, **kwargs)
        finally:
            cache.delete(busy)

    return wrapper


def allow(bucket: str, address: str, limit: int) -> bool:
    """Count one use of `bucket` from `address`; False once this hour's `limit` is passed."""
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    key = f"batas:{bucket}:{digest.hexdigest()[:32]}:{int(time.time()) // HOUR}"
    return _count(key, HOUR + 60) <= limit
