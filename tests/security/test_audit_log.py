"""The audit log page: an admin instansi reads their agency's security events, a superadmin
everyone's; filters narrow it and the page costs the same queries for 3 or 300 events."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.models import AuditEvent

URL = "/audit/"


def event(action, summary, instansi=None, actor=None, **detail):
    return AuditEvent.record(
        action=action, summary=summary, instansi=instansi, actor=actor, **detail
    )


def test_the_page_is_at_audit(people):
    assert reverse("audit_list") == URL


def test_an_admin_sees_their_agencys_events_only(client, people, wilayah):
    event("auth.login_failed", "Gagal masuk sebagai admin_contoh", wilayah["kabupaten"])
    event("import.pegawai", "Impor di kabupaten lain", wilayah["kabupaten_lain"])
    client.force_login(people["admin_contoh"])
    body = client.get(URL).content.decode()
    assert "Gagal masuk sebagai admin_contoh" in body
    assert "Impor di kabupaten lain" not in body


def test_the_superadmin_sees_every_agencys_events(client, people, wilayah):
    event("auth.login_failed", "Gagal masuk sebagai admin_contoh", wilayah["kabupaten"])
    event("import.pegawai", "Impor di kabupaten lain", wilayah["kabupaten_lain"])
    client.force_login(people["superadmin"])
    body = client.get(URL).content.decode()
    assert "Gagal masuk sebagai admin_contoh" in body
    assert "Impor di kabupaten lain" in body


def test_operators_and_reviewers_may_not_read_it(client, people):
    for name in ("operator_contoh", "reviewer_provinsi", "reviewer_nasional"):
        client.force_login(people[name])
        assert client.get(URL).status_code == 403


def test_filters_by_kind_of_action_text_and_date(client, people, wilayah):
    kab = wilayah["kabupaten"]
    event("auth.login_failed", "Gagal masuk sebagai budi", kab)
    event("employees.export", "Ekspor data pegawai", kab)
    old = event("import.pegawai", "Impor lama", kab)
    AuditEvent.objects.filter(pk=old.pk).update(created=timezone.now() - dt.timedelta(days=40))
    client.force_login(people["admin_contoh"])

    body = client.get(URL, {"action": "auth.login_failed"}).content.decode()
    assert "Gagal masuk sebagai budi" in body and "Ekspor data pegawai" not in body
    body = client.get(URL, {"action": "export"}).content.decode()
    assert "Ekspor data pegawai" in body and "Gagal masuk sebagai" not in body
    body = client.get(URL, {"q": "budi"}).content.decode()
    assert "Gagal masuk sebagai budi" in body and "Ekspor data pegawai" not in body
    since = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    body = client.get(URL, {"dari": since}).content.decode()
    assert "Impor lama" not in body and "Ekspor data pegawai" in body


def test_a_failed_login_shows_up_for_the_agencys_admin(client, people):
    client.post("/akun/masuk/", {"username": "operator_contoh", "password": "salah"})
    client.force_login(people["admin_contoh"])
    body = client.get(URL).content.decode()
    assert "Gagal masuk sebagai operator_contoh" in body
    assert "127.0.0.1" in body


def test_the_page_costs_the_same_queries_for_few_and_many_events(client, people, wilayah):
    kab = wilayah["kabupaten"]
    client.force_login(people["superadmin"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    for number in range(3):
        event("user.create", f"Pengguna {number}", kab, people["admin_contoh"])
    few = queries()
    AuditEvent.objects.bulk_create(
        AuditEvent(action="user.create", summary=f"P{n}", instansi=kab, actor=people["admin_lain"])
        for n in range(120)
    )
    assert queries() == few


def test_user_text_in_events_is_escaped(client, people, wilayah):
    event(
        "auth.login_failed", "Gagal masuk sebagai <script>alert(1)</script>", wilayah["kabupaten"]
    )
    client.force_login(people["admin_contoh"])
    body = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
