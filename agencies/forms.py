from __future__ import annotations

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
            self.fields["instansi"].queryset = Instansi.objects.all()
        else:
            self.fields["role"].choices = [
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
