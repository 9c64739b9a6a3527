"""The user's own notifications: the list (newest first), opening one (marks it read and
follows its link), marking all read, and the email preference. Only ever the user's own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import EmailPreferenceForm
from .models import EmailPreference, Notification

PAGE_SIZE = 25


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(user=request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    preference = EmailPreference.objects.filter(user=request.user).first()
    form = EmailPreferenceForm(instance=preference)
    return render(request, "notifications/list.html", {"page": page, "form": form})


@login_required
def notification_open(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
@login_required
def mark_all_read(request):
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("notifications:list")


@require_POST
@login_required
def email_preference(request):
    preference, _created = EmailPreference.objects.get_or_create(user=request.user)
    form = EmailPreferenceForm(request.POST, instance=preference)
    if form.is_valid():
        form.save()
        messages.success(request, _("Pengaturan email disimpan."))
    return redirect("notifications:list")
