from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import UnitKerja

from .models import Survey
from .progress import survey_units
from .workflow import MAX_INVITATIONS_AT_ONCE


class ResponseForm(forms.Form):
    """The public form: one radio group per item on the survey's own scale, and the unit,
    which the person may leave empty."""

    unit = forms.ModelChoiceField(
        label=_("Unit kerja Anda (boleh dikosongkan)"),
        queryset=UnitKerja.objects.none(),
        required=False,
        empty_label=_("Tidak ingin menyebutkan"),
    )

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = survey_units(survey.assessment.instansi_id)
        choices = [(str(p["value"]), p["label"]) for p in survey.scale]
        for number, item in enumerate(survey.items, start=1):
            self.fields[f"item_{item['code']}"] = forms.TypedChoiceField(
                label=f"{number}. {item['text']}",
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih salah satu jawaban.")},
            )

    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"item_{code}"] for code in self.survey.item_codes]

    def values(self) -> dict[str, int]:
        return {code: self.cleaned_data[f"item_{code}"] for code in self.survey.item_codes}


class OpenForm(forms.Form):
    invitation_only = forms.BooleanField(
        label=_("Hanya dengan tautan undangan sekali pakai"),
        required=False,
        help_text=_(
            "Tanpa centang: siapa pun yang memegang tautan atau memindai kode QR poster dapat "
            "mengisi, satu kali per perangkat. Dengan centang: hanya pemegang undangan."
        ),
    )


class InvitationForm(forms.Form):
    count = forms.IntegerField(
        label=_("Jumlah undangan baru"), min_value=1, max_value=MAX_INVITATIONS_AT_ONCE
    )


class NationalResultForm(forms.Form):
    score = forms.DecimalField(
        label=_("Nilai survei (0-1)"),
        min_value=Decimal(0),
        max_value=Decimal(1),
        max_digits=5,
        decimal_places=4,
        help_text=_("Nilai kepuasan dan keterikatan pegawai dari laporan survei nasional."),
    )
    responses = forms.IntegerField(label=_("Jumlah responden"), min_value=1, max_value=10_000_000)
    file = forms.FileField(
        label=_("Bukti (laporan hasil survei)"),
        help_text=_("PDF, gambar, atau dokumen Office; isinya diperiksa."),
    )
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
