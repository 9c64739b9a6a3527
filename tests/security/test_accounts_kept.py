"""Accounts are deactivated, never deleted, and an audit event keeps the name of who acted
(issue 15, finding 6): deleting a user used to blank the actor of every event they caused."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from agencies.models import AuditEvent, User, UserDeletionRefused


def test_an_event_keeps_the_actors_name(people):
    admin = people["admin_contoh"]
    event = AuditEvent.record(action="uji", summary="Uji", actor=admin)
    assert event.actor_name == f"admin_contoh ({admin.get_full_name()})"


def test_the_audit_list_names_the_actor_even_without_the_account_link(client, people):
    admin = people["admin_contoh"]
    event = AuditEvent.record(action="uji", summary="Uji", actor=admin, instansi=admin.instansi)
    AuditEvent.objects.filter(pk=event.pk).update(actor=None)
    client.force_login(admin)
    page = client.get(reverse("audit_list")).content.decode()
    assert event.actor_name in page


def test_a_user_cannot_be_deleted(people):
    operator = people["operator_contoh"]
    AuditEvent.record(action="uji", summary="Uji", actor=operator)
    with pytest.raises(UserDeletionRefused):
        operator.delete()
    # A bulk delete is refused inside its own transaction (savepoint here: the test's).
    with pytest.raises(UserDeletionRefused), transaction.atomic():
        User.objects.filter(pk=operator.pk).delete()
    assert User.objects.filter(pk=operator.pk).exists()
    assert AuditEvent.objects.get(action="uji").actor == operator


def test_the_admin_site_offers_no_delete_for_users(client, people):
    client.force_login(people["superadmin"])
    operator = people["operator_contoh"]
    response = client.post(
        reverse("admin:agencies_user_delete", args=[operator.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    listing = client.get(reverse("admin:agencies_user_changelist"))
    assert "delete_selected" not in listing.content.decode()
    assert User.objects.filter(pk=operator.pk).exists()
