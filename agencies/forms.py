from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Instansi, User
from .scoping import editable_instansi


class InstansiFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    jenis = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua jenis")), *Instansi.Jenis.choices]
    )

    def filter(self, agencies: QuerySet[Instansi]) -> QuerySet[Instansi]:
        if text := self.cleaned_data["q"].strip():
            agencies = agencies.filter(Q(nama__icontains=text) | Q(kode_bkn__icontains=text))
        if jenis := self.cleaned_data["jenis"]:
            agencies = agencies.filter(jenis=jenis)
        return agencies


class UserCreateForm(UserCreationForm):
    """An admin instansi adds operators and admins to their own agency; a superadmin may add
    any role to any agency."""

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "nip",
            "jabatan",
            "role",
            "instansi",
        ]

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        if actor.is_superadmin:
            cast(forms.ModelChoiceField, self.fields["instansi"]).queryset = Instansi.objects.all()
        else:
            cast(forms.ChoiceField, self.fields["role"]).choices = [
                (role.value, role.label) for role in User.ROLES_SATU_INSTANSI
            ]
            del self.fields["instansi"]

    def clean(self):
        cleaned = super().clean()
        if not self.actor.is_superadmin:
            self.instance.instansi = self.actor.instansi
        elif "instansi" in cleaned:
            instansi = cleaned["instansi"]
            if instansi and not editable_instansi(self.actor).filter(pk=instansi.pk).exists():
                self.add_error("instansi", _("Anda tidak berwenang atas instansi ini."))
        return cleaned


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Kode dari aplikasi autentikator"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Kode terdiri dari 6 angka.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class AuditFilterForm(forms.Form):
    """Filters for the audit log; each narrows the one query, none adds one."""

    ACTIONS = [
        ("", _("Semua aksi")),
        ("auth.", _("Masuk, keluar, gagal masuk")),
        ("auth.login_failed", _("Gagal masuk")),
        ("user.", _("Pengguna dan hak akses")),
        ("import.", _("Impor")),
        ("export", _("Ekspor")),
        ("assessment.", _("Penilaian")),
        ("talent.", _("Talenta")),
    ]

    action = forms.ChoiceField(label=_("Aksi"), choices=ACTIONS, required=False)
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    dari = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filter(self, events: QuerySet) -> QuerySet:
        data = self.cleaned_data
        if action := data["action"]:
            # "export" matches employees.export, talent.export...: it is a substring.
            lookup = "action__startswith" if action.endswith(".") else "action__contains"
            if action == "auth.login_failed":
                lookup = "action"
            events = events.filter(**{lookup: action})
        if text := data["q"].strip():
            events = events.filter(Q(summary__icontains=text) | Q(actor__username__icontains=text))
        if data["dari"]:
            events = events.filter(created__date__gte=data["dari"])
        if data["sampai"]:
            events = events.filter(created__date__lte=data["sampai"])
        return events
