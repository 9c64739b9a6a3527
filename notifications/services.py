"""Sending a notification: `notify` stores one row per user (the notification page) and hands
the emails to a background task (django-tasks: inline with the immediate backend, in
`manage.py db_worker` with TASKS_BACKEND=database). Callers in a workflow step call it from
transaction.on_commit, so a mail server that is down never fails or rolls back the step."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from agencies.models import User

from .models import EmailPreference, Notification

log = logging.getLogger(__name__)


def notify(
    users: Iterable[User],
    *,
    kind: str,
    title: str,
    body: str,
    url: str = "",
    essential: bool = False,
    key: str = "",
) -> list[Notification]:
    """Store the message for each user (once per `key`) and queue its emails."""
    created = []
    for user in {u.pk: u for u in users if u.is_active}.values():
        if key and Notification.objects.filter(user=user, key=key).exists():
            continue
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        user=user,
                        kind=kind,
                        title=title[:200],
                        body=body,
                        url=url,
                        essential=essential,
                        key=key,
                    )
                )
        except IntegrityError:  # the same reminder sent at the same moment elsewhere
            continue
    ids = [n.pk for n in created]
    if ids:
        try:
            send_emails.enqueue(ids)
        except Exception:  # the notification page has them; email is a courtesy
            log.exception("Could not queue notification emails %s", ids)
    return created


def wants_email(user: User, notification: Notification) -> bool:
    if not user.email:
        return False
    if notification.essential:
        return True
    preference = EmailPreference.objects.filter(user=user).first()
    return preference is None or preference.optional_email


def email_text(notification: Notification) -> str:
    """The email says what the page says, with the full link."""
    text = notification.body
    if notification.url:
        text += f"\n\n{settings.SITE_URL.rstrip('/')}{notification.url}"
    return text


@task()
def send_emails(notification_ids: list[int]) -> int:
    """Email each notification whose user wants it; one failure does not stop the others."""
    sent = 0
    for notification in Notification.objects.filter(pk__in=notification_ids).select_related("user"):
        if notification.emailed_at or not wants_email(notification.user, notification):
            continue
        message = EmailMessage(
            subject=f"[Merit] {notification.title}",
            body=email_text(notification),
            to=[notification.user.email],
        )
        try:
            message.send()
        except Exception:  # SMTP down, refused address: logged, the page still shows it
            log.exception(
                "Notification email %s to user %s failed", notification.pk, notification.user_id
            )
            continue
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
