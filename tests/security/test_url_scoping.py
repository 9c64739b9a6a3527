"""Every URL that names an object is tried by an anonymous visitor (login redirect) and by
users of another agency (404, never the object), using real objects of Kabupaten Contoh.

The list of URLs comes from the URL configuration itself: a new view with a parameter that
is not in the registry below fails `test_every_url_with_a_parameter_is_in_the_registry`, so
no view escapes these checks. To register a new URL, add one line to AGENCY_OBJECT_URLS
(it names an agency's object: gets the full cross-agency check) or to NON_OBJECT_URLS (its
parameter names no agency's object, e.g. a file format: gets the anonymous check)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from .urlwalk import Route, walk

Kwargs = dict[str, object]
World = dict[str, object]

# Whole subtrees with their own access rules, excluded on purpose:
# - the Django admin lets in staff only and sends everyone else to its own login page;
# - i18n/ only switches the interface language (set_language, also in PUBLIC below).
EXCLUDED_PREFIXES = ("admin/", "i18n/")

# Pages an anonymous visitor may open on purpose.
PUBLIC = {
    "login",  # the way in
    "logout",  # POST only; logging out while logged out just lands on the login page
    "health",  # the load balancer's probe: says only "up" or "down"
    "set_language",  # stores a language choice in a cookie
    "assessment:verify_code",  # anyone holding a printed scorecard checks its code
    # Staff answer the survey anonymously, through its link or a single-use invitation (the
    # code and token are unguessable randoms; tests/survey/test_answering.py).
    "survey:answer",
    "survey:answer_invitation",
    "survey:thanks",
}


def _batches(world: World) -> list[Kwargs]:
    return [{"kind": kind, "pk": batch.pk} for kind, batch in world["batches"].items()]


def _assessment(world: World) -> list[Kwargs]:
    return [{"pk": world["assessment"].pk}]


def _answer(world: World) -> list[Kwargs]:
    return [{"pk": world["assessment"].pk, "answer_pk": world["answer"].pk}]


def _period(world: World) -> list[Kwargs]:
    return [{"pk": world["period"].pk}]


def _placement(world: World) -> list[Kwargs]:
    return [{"pk": world["period"].pk, "employee_pk": world["employee"].pk}]


def _meeting(world: World) -> list[Kwargs]:
    return [{"pk": world["period"].pk, "meeting_pk": world["meeting"].pk}]


def _survey(world: World) -> list[Kwargs]:
    return [{"pk": world["survey"].pk}]


def _employee(world: World) -> list[Kwargs]:
    return [{"pk": world["employee"].pk}]


# URL name -> the kwargs (one or more variants) that name Kabupaten Contoh's objects.
AGENCY_OBJECT_URLS: dict[str, Callable[[World], list[Kwargs]]] = {
    "instansi_detail": lambda w: [{"pk": w["instansi"].pk}],
    "user_toggle_active": lambda w: [{"pk": w["people"]["operator_contoh"].pk}],
    "employees:detail": _employee,
    "employees:edit": _employee,
    "employees:deactivate": _employee,
    "employees:reactivate": _employee,
    "employees:import_batch": _batches,
    "employees:import_progress": _batches,
    "employees:import_confirm": _batches,
    "employees:import_retry": _batches,
    "employees:import_mapping": _batches,
    "employees:import_unit": _batches,
    "employees:import_errors": _batches,
    "assessment:evidence": lambda w: [{"public_id": w["evidence"].public_id}],
    "assessment:evidence_remove": lambda w: [{"public_id": w["evidence"].public_id}],
    "assessment:document_dates": lambda w: [{"document_pk": w["evidence"].document_id}],
    "assessment:evidence_attach": _answer,
    "assessment:detail": _assessment,
    "assessment:aspect": lambda w: [
        {"pk": w["assessment"].pk, "order": w["answer"].indicator.aspect.order}
    ],
    "assessment:answer_save": _answer,
    "assessment:fact_explanation": _answer,
    "assessment:evidence_upload": _answer,
    "assessment:submit": _assessment,
    "assessment:review": _assessment,
    "assessment:verify_answer": _answer,
    "assessment:accept_self_levels": _assessment,
    "assessment:return": _assessment,
    "assessment:verify": _assessment,
    "assessment:finalise": _assessment,
    "assessment:reopen": _assessment,
    "assessment:plan": _assessment,
    "assessment:carry_forward": _assessment,
    "assessment:correction_factor": _assessment,
    "assessment:compare": lambda w: [{"instansi_pk": w["instansi"].pk}],
    "talent:period_detail": _period,
    "talent:period_chart": _period,
    "talent:period_compute": _period,
    "talent:period_settings": _period,
    "talent:box_list": lambda w: [{"pk": w["period"].pk, "box": w["placement"].kotak or 5}],
    "talent:not_mappable": _period,
    "talent:placement_detail": _placement,
    "talent:placement_calibrate": _placement,
    "talent:period_export": _period,
    "talent:period_report": _period,
    "talent:period_transitions": _period,
    "talent:record_edit": lambda w: [
        {"kind": "kinerja", "pk": w["kinerja"].pk},
        {"kind": "potensial", "pk": w["potensial"].pk},
    ],
    "talent:meeting_list": _period,
    "talent:talent_pool": _period,
    "talent:pool_export": _period,
    "talent:not_mappable_export": _period,
    "talent:meeting_detail": _meeting,
    "talent:meeting_move": _meeting,
    "talent:meeting_close": _meeting,
    "talent:meeting_minutes": _meeting,
    "talent:target_detail": lambda w: [{"pk": w["target"].pk}],
    "talent:target_edit": lambda w: [{"pk": w["target"].pk}],
    "talent:standard_edit": lambda w: [{"pk": w["standar"].pk}],
    "talent:competency_profile": lambda w: [{"employee_pk": w["employee"].pk}],
    "talent:competency_pdf": lambda w: [{"employee_pk": w["employee"].pk}],
    "talent:result_create": lambda w: [{"employee_pk": w["employee"].pk}],
    "talent:idp_create": lambda w: [{"employee_pk": w["employee"].pk}],
    "talent:result_edit": lambda w: [
        {"employee_pk": w["employee"].pk, "pk": w["hasil_kompetensi"].pk}
    ],
    "talent:idp_edit": lambda w: [{"employee_pk": w["employee"].pk, "pk": w["rencana"].pk}],
    "talent:result_delete": lambda w: [
        {"employee_pk": w["employee"].pk, "pk": w["hasil_kompetensi"].pk}
    ],
    "talent:idp_delete": lambda w: [{"employee_pk": w["employee"].pk, "pk": w["rencana"].pk}],
    # Scorecard reports.
    "assessment:scorecard": _assessment,
    "assessment:signatory": _assessment,
    "assessment:bundle": lambda w: [{"pk": w["bundle"].pk}],
    "assessment:bundle_progress": lambda w: [{"pk": w["bundle"].pk}],
    "assessment:bundle_download": lambda w: [{"pk": w["bundle"].pk}],
    "notifications:open": lambda w: [{"pk": w["notification"].pk}],
    "assessment:bundle_retry": lambda w: [{"pk": w["bundle"].pk}],
    # The province's coaching of its regencies.
    "assessment:followup_edit": lambda w: [{"pk": w["followup"].pk}],
    "assessment:followup_respond": lambda w: [{"pk": w["followup"].pk}],
    "assessment:commitment_download": lambda w: [{"pk": w["commitment"].pk}],
    "assessment:peers": lambda w: [{"instansi_pk": w["instansi"].pk}],
    # The staff survey (run by the agency's admin).
    "survey:open": _assessment,
    "survey:national": _assessment,
    "survey:national_evidence": lambda w: [{"public_id": w["national_survey"].public_id}],
    "survey:detail": _survey,
    "survey:progress": _survey,
    "survey:poster": _survey,
    "survey:invitations": _survey,
    "survey:invitations_pdf": _survey,
    "survey:close": _survey,
}

# Who can open the object, to prove each URL works (default: the superadmin). A scorecard
# bundle belongs to the reviewer who asked for it, and to nobody else.
OWNERS: dict[str, str] = {
    # A notification is its addressee's alone.
    "notifications:open": "operator_contoh",
    "assessment:bundle": "reviewer_provinsi",
    "assessment:bundle_progress": "reviewer_provinsi",
    "assessment:bundle_download": "reviewer_provinsi",
    "assessment:bundle_retry": "reviewer_provinsi",
}

# Public URLs with a parameter (each also in PUBLIC) -> kwargs naming a real object, so the
# other security tests (CSRF, headers) reach them too.
PUBLIC_URLS: dict[str, Callable[[World], Kwargs]] = {
    "survey:answer": lambda w: {"code": w["survey"].code},
    "survey:answer_invitation": lambda w: {
        "code": w["survey"].code,
        "token": w["survey"].invitations.first().token,
    },
    "survey:thanks": lambda w: {"code": w["survey"].code},
}

# URL name -> kwargs whose parameter names no agency's object. These get the anonymous check;
# what they list is scoped like any list page (tested in each app's own tests).
NON_OBJECT_URLS: dict[str, Callable[[World], Kwargs]] = {
    "employees:export": lambda w: {"fmt": "xlsx"},
    "employees:import_upload": lambda w: {"kind": "pegawai"},
    "employees:import_template": lambda w: {"kind": "pegawai"},
    # The instrument is the national questionnaire, the same for every agency.
    "assessment:instrument": lambda w: {"pk": w["instrument"].pk},
    # An indicator of that questionnaire; the agencies listed are the reviewer's own.
    "assessment:coaching_indicator": lambda w: {"pk": w["answer"].indicator_id},
    "talent:record_list": lambda w: {"kind": "kinerja"},
    "talent:record_create": lambda w: {"kind": "kinerja"},
}


def _routes() -> list[Route]:
    return [r for r in walk() if not r.pattern.startswith(EXCLUDED_PREFIXES)]


ROUTES = _routes()


def test_every_url_with_a_parameter_is_in_the_registry():
    missing = [
        f"{route.name} ({route.pattern})"
        for route in ROUTES
        if route.params
        and route.name not in AGENCY_OBJECT_URLS
        and route.name not in NON_OBJECT_URLS
        and route.name not in PUBLIC_URLS
    ]
    assert not missing, (
        "These URLs take a parameter but are not in tests/security/test_url_scoping.py; "
        "add each to AGENCY_OBJECT_URLS or NON_OBJECT_URLS (or to PUBLIC and PUBLIC_URLS, if "
        "anyone may open it on purpose): " + ", ".join(missing)
    )
    assert set(PUBLIC_URLS) <= PUBLIC, "every entry of PUBLIC_URLS must also be in PUBLIC"
    stale = (set(AGENCY_OBJECT_URLS) | set(NON_OBJECT_URLS) | PUBLIC) - {r.name for r in walk()}
    assert not stale, f"Registered but no longer in the URL configuration: {sorted(stale)}"


def _urls(route: Route, world: World) -> list[str]:
    if route.name in PUBLIC_URLS:
        return [reverse(route.name, kwargs=PUBLIC_URLS[route.name](world))]
    if route.name in AGENCY_OBJECT_URLS:
        return [reverse(route.name, kwargs=k) for k in AGENCY_OBJECT_URLS[route.name](world)]
    if route.name in NON_OBJECT_URLS:
        return [reverse(route.name, kwargs=NON_OBJECT_URLS[route.name](world))]
    if route.params:
        pytest.fail(f"{route.name} is not in the registry")
    return [reverse(route.name)]


def _is_login_redirect(response) -> bool:
    login = resolve_url(settings.LOGIN_URL)
    return response.status_code == 302 and urlparse(response["Location"]).path == login


@pytest.mark.parametrize("route", [r for r in ROUTES if r.name not in PUBLIC], ids=str)
def test_anonymous_visitor_is_sent_to_the_login_page(client, world, route):
    for url in _urls(route, world):
        response = client.get(url)
        if response.status_code == 405:  # a POST-only action: try it the way a form would
            response = client.post(url)
        assert _is_login_redirect(response), (
            f"{url} answered {response.status_code} to an anonymous visitor"
        )


def _bogus(kwargs: Kwargs) -> Kwargs:
    """The same URL naming objects that do not exist."""
    replaced: Kwargs = {}
    for key, value in kwargs.items():
        if isinstance(value, uuid.UUID):
            replaced[key] = uuid.uuid4()
        elif isinstance(value, int):
            replaced[key] = 987_654_321
        else:
            replaced[key] = value
    return replaced


def _status(client, method: str, url: str) -> int:
    return getattr(client, method)(url).status_code


@pytest.mark.parametrize("name", sorted(AGENCY_OBJECT_URLS))
def test_another_agency_gets_404_for_every_object_url(client, world, outsiders, name):
    for kwargs in AGENCY_OBJECT_URLS[name](world):
        url = reverse(name, kwargs=kwargs)
        bogus = reverse(name, kwargs=_bogus(kwargs))
        for label, user in outsiders.items():
            client.force_login(user)
            for method in ("get", "post"):
                real = _status(client, method, url)
                # 404, or a refusal that does not depend on the object (the role may not
                # use this page at all, or the method is wrong): both say nothing about
                # whether Kabupaten Contoh's object exists.
                assert real == 404 or (
                    real in (403, 405) and real == _status(client, method, bogus)
                ), f"{label} {method.upper()} {url} answered {real}"
        # The check above must be able to fail: the objects are real and the URL works for
        # someone who may see them.
        owner = OWNERS.get(name, "superadmin")
        client.force_login(world["people"][owner])
        status = _status(client, "get", url)
        if status == 405:
            status = _status(client, "post", url)
        assert status != 404 and status < 500, f"{owner} GET {url} answered {status}"


# URLs naming a parent and a child: the outsider puts their OWN parent (which they may open)
# next to Kabupaten Contoh's child. The view must look the child up inside the parent.
MIXED_URLS: dict[str, Callable[[World, World], Kwargs]] = {
    "assessment:answer_save": lambda w, lain: {
        "pk": lain["assessment"].pk,
        "answer_pk": w["answer"].pk,
    },
    "assessment:evidence_upload": lambda w, lain: {
        "pk": lain["assessment"].pk,
        "answer_pk": w["answer"].pk,
    },
    "assessment:fact_explanation": lambda w, lain: {
        "pk": lain["assessment"].pk,
        "answer_pk": w["answer"].pk,
    },
    "assessment:evidence_attach": lambda w, lain: {
        "pk": lain["assessment"].pk,
        "answer_pk": w["answer"].pk,
    },
    "assessment:verify_answer": lambda w, lain: {
        "pk": lain["assessment"].pk,
        "answer_pk": w["answer"].pk,
    },
    "talent:placement_detail": lambda w, lain: {
        "pk": lain["period"].pk,
        "employee_pk": w["employee"].pk,
    },
    "talent:placement_calibrate": lambda w, lain: {
        "pk": lain["period"].pk,
        "employee_pk": w["employee"].pk,
    },
    **{
        name: (lambda w, lain: {"pk": lain["period"].pk, "meeting_pk": w["meeting"].pk})
        for name in (
            "talent:meeting_detail",
            "talent:meeting_move",
            "talent:meeting_close",
            "talent:meeting_minutes",
        )
    },
    "talent:result_edit": lambda w, lain: {
        "employee_pk": lain["employee"].pk,
        "pk": w["hasil_kompetensi"].pk,
    },
    "talent:idp_edit": lambda w, lain: {"employee_pk": lain["employee"].pk, "pk": w["rencana"].pk},
    "talent:result_delete": lambda w, lain: {
        "employee_pk": lain["employee"].pk,
        "pk": w["hasil_kompetensi"].pk,
    },
    "talent:idp_delete": lambda w, lain: {
        "employee_pk": lain["employee"].pk,
        "pk": w["rencana"].pk,
    },
}
OBJECT_PARAMS = {"pk", "answer_pk", "employee_pk", "instansi_pk", "public_id", "meeting_pk"}


def test_every_url_with_a_parent_and_a_child_is_in_the_mixed_registry():
    missing = [
        route.name
        for route in ROUTES
        if route.name in AGENCY_OBJECT_URLS
        and len(OBJECT_PARAMS & set(route.params)) > 1
        and route.name not in MIXED_URLS
    ]
    assert not missing, f"Add these to MIXED_URLS in test_url_scoping.py: {missing}"


@pytest.mark.parametrize("name", sorted(MIXED_URLS))
def test_another_agencys_child_is_not_reachable_through_ones_own_parent(
    client, world, world_lain, outsiders, name
):
    url = reverse(name, kwargs=MIXED_URLS[name](world, world_lain))
    for label, user in outsiders.items():
        client.force_login(user)
        for method in ("get", "post"):
            status = _status(client, method, url)
            assert status in (403, 404, 405), f"{label} {method.upper()} {url} answered {status}"
            if method == "post":
                # POST is what changes data: refused for the role (403) or not found (404).
                assert status in (403, 404), f"{label} POST {url} answered {status}"
