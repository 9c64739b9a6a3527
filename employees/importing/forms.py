"""The upload form, shared by every import kind."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Instansi, User
from agencies.scoping import editable_instansi


class UploadForm(forms.Form):
    berkas = forms.FileField(
        label=_("Berkas (.xlsx atau .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    instansi = forms.ModelChoiceField(
        label=_("Instansi tujuan"), queryset=Instansi.objects.none(), required=False
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.is_superadmin:
            agencies = cast(forms.ModelChoiceField, self.fields["instansi"])
            agencies.queryset = editable_instansi(user)
            self.fields["instansi"].required = True
        else:
            del self.fields["instansi"]

    def target(self) -> Instansi:
        if "instansi" in self.fields:
            return self.cleaned_data["instansi"]
        return self.user.instansi
