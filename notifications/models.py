"""A message to one user, shown on the notification page and, unless the user turned off
email for non-essential messages, sent by email (services.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("jenis"), max_length=40)
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"))
    url = models.CharField(_("tautan"), max_length=300, blank=True)
    # Essential messages (a return with its deadline, a final result, a deadline reminder)
    # are emailed even to users who turned off email for the others.
    essential = models.BooleanField(_("wajib"), default=False)
    # Sending twice is harmless: the same key for the same user is stored once (reminders).
    key = models.CharField(max_length=120, blank=True)
    created = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("dikirim lewat email"), null=True, blank=True)

    class Meta:
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=~models.Q(key=""),
                name="notification_key_once_per_user",
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailPreference(models.Model):
    """A user's choice about email; no row means the default (all messages by email)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference"
    )
    optional_email = models.BooleanField(
        _("kirim juga email untuk pemberitahuan yang tidak wajib"), default=True
    )

    class Meta:
        verbose_name = _("pengaturan email")
        verbose_name_plural = _("pengaturan email")

    def __str__(self) -> str:
        return str(self.user)
