"""A per-user limit on expensive downloads (PDFs): so many a minute, and one at a time.

A render holds a worker for a second or more; without a limit a burst of clicks (or a
script) from one account could occupy every worker. Counted in the cache (settings.CACHES:
give several app servers a shared cache so they count together). A refused request answers
429 with an Indonesian page and a Retry-After header."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

MINUTE = 60
# A render that dies without its `finally` frees the user after this many seconds.
BUSY_TIMEOUT = 120


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
        window = f"pdf:{user_id}:{now // MINUTE}"
        cache.add(window, 0, timeout=MINUTE + 5)
        try:
            count = cache.incr(window)
        except ValueError:  # expired between add and incr
            cache.set(window, 1, timeout=MINUTE + 5)
            count = 1
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
