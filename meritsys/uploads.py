"""Refuse an oversized upload before Django reads it.

Each upload form checks its own limit (evidence, imports), but only after Django has
received the whole body into a temporary file. A request that announces a body larger than
UPLOAD_MAX_REQUEST_BYTES (the largest form limit plus room for the other fields) is refused
here, from its Content-Length, so a multi-gigabyte upload never reaches the disk."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

from assessment.evidence import max_size as evidence_max_size


class UploadSizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.UPLOAD_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            # Runs before the CSRF check, which would read the body to find the token.
            back = request.META.get("HTTP_REFERER", "")
            if not url_has_allowed_host_and_scheme(
                back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                back = "/"
            context = {
                "size_mb": _mb(length),
                "limit_mb": _mb(limit),
                "limit_label": _form_limit(request.path_info),
                "back": back,
            }
            return render(request, "413.html", context, status=413)
        return self.get_response(request)


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.1f}".replace(".", ",")


def _form_limit(path: str) -> str:
    """The limit the refused form itself states, where it states one: an evidence upload
    says the same number as its form ("maksimal 10,0 MB per berkas"), not the larger
    request limit."""
    try:
        name = resolve(path).view_name
    except Resolver404:
        return ""
    if name == "assessment:evidence_upload":
        return str(filesizeformat(evidence_max_size()))
    return ""
