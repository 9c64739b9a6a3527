"""Security events into the audit log: logins, failed logins, logouts and changes to a
user's role, agency or access. Connected in AgenciesConfig.ready()."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from . import throttle
from .models import AuditEvent, User, UserDeletionRefused

# The fields whose change alters what someone may see or do.
ACCESS_FIELDS = ("role", "instansi_id", "is_active", "is_superuser", "is_staff")


def client_address(request) -> str:
    """The client's address, for the login throttle (AXES_CLIENT_IP_CALLABLE) and the log.

    Directly on the internet: REMOTE_ADDR. Behind our load balancer (PROXY_COUNT > 0): the
    entry our own proxies appended to X-Forwarded-For, counted from the right; the entries
    to its left are whatever the client sent and cannot be trusted."""
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            return hops[-proxies][:45]
    return remote[:45]


def _request_actor():
    # simple_history's middleware keeps the current request in a context variable; a role
    # change made outside a request (shell, command) has no actor.
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs) -> None:
    AuditEvent.record(
        action="auth.login",
        summary=f"{user.username} masuk",
        actor=user,
        instansi=user.instansi,
        ip=client_address(request),
    )
    if request is not None:
        throttle.record_success(user.get_username(), client_address(request))


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is None:
        return
    AuditEvent.record(
        action="auth.logout",
        summary=f"{user.username} keluar",
        actor=user,
        instansi=user.instansi,
        ip=client_address(request),
    )


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))[:150]
    # Credentials arrive with the password already masked by Django; only the name is kept.
    # The targeted account's agency is recorded so its admin sees attempts on their users.
    target = User.objects.filter(username=username).select_related("instansi").first()
    AuditEvent.record(
        action="auth.login_failed",
        summary=f"Gagal masuk sebagai {username or '(kosong)'}",
        instansi=target.instansi if target else None,
        username=username,
        known_user=target is not None,
        ip=client_address(request),
        held=request is not None and hasattr(request, "login_held_until"),
    )
    # Attempts refused during a hold are not counted: the hold would never end otherwise.
    if request is not None and not hasattr(request, "login_held_until"):
        throttle.record_failure(username, client_address(request))


@receiver(pre_save, sender=User, dispatch_uid="audit_access_before")
def _remember_access(sender, instance: User, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        instance._access_before = None
        return
    instance._access_before = User.objects.filter(pk=instance.pk).values(*ACCESS_FIELDS).first()


@receiver(post_save, sender=User, dispatch_uid="audit_access_after")
def _record_access_change(sender, instance: User, created=False, raw=False, **kwargs) -> None:
    before = getattr(instance, "_access_before", None)
    if raw or created or not before:
        return
    changes = {
        field: [_plain(before[field]), _plain(getattr(instance, field))]
        for field in ACCESS_FIELDS
        if before[field] != getattr(instance, field)
    }
    if not changes:
        return
    AuditEvent.record(
        action="user.access_change",
        summary=f"Hak akses {instance.username} berubah: {', '.join(changes)}",
        actor=_request_actor(),
        instansi=instance.instansi,
        user=instance.username,
        changes=changes,
    )


def _plain(value: object) -> object:
    return value if isinstance(value, str | int | bool | type(None)) else str(value)


@receiver(pre_delete, sender=User, dispatch_uid="users_are_never_deleted")
def _refuse_user_delete(sender, instance: User, **kwargs) -> None:
    # Also stops queryset.delete() and cascades, which never call User.delete().
    raise UserDeletionRefused(instance)
