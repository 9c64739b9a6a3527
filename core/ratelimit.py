"""A per-address hourly count in the cache, for public pages (no account to throttle).

The address is never stored: the cache key holds a keyed hash of it. The default cache is
per process; several app servers each count on their own unless CACHES points at a shared
cache, which only makes the limit proportionally more generous."""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache

HOUR = 3600


def allow(bucket: str, address: str, limit: int) -> bool:
    """Count one use of `bucket` from `address`; False once this hour's `limit` is passed."""
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    key = f"batas:{bucket}:{digest.hexdigest()[:32]}:{int(time.time()) // HOUR}"
    cache.add(key, 0, timeout=HOUR + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=HOUR + 60)
        count = 1
    return count <= limit
