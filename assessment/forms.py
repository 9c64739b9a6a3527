from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employees import nip as nip_rules

from .models import Assessment, Instrument

LEVEL_CHOICES = [(n, str(n)) for n in range(1, 5)]


class AssessmentCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun penilaian"), min_value=2019, max_value=2100)
    instrument = forms.ModelChoiceField(
        label=_("Instrumen"), queryset=Instrument.objects.all(), empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        data = super().clean()
        instrument, year = data.get("instrument"), data.get("year")
        if (
            instrument
            and year
            and not (instrument.year_from <= year <= (instrument.year_to or year))
        ):
            raise forms.ValidationError(
                _("Instrumen ini berlaku %(a)s-%(b)s, tidak untuk tahun %(year)s.")
                % {"a": instrument.year_from, "b": instrument.year_to or "", "year": year}
            )
        return data


class AnswerForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    level = forms.TypedChoiceField(
        choices=LEVEL_CHOICES, coerce=int, required=False, empty_value=None
    )
    justification = forms.CharField(required=False, max_length=5000)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Berkas bukti"))
    requirement = forms.TypedChoiceField(
        label=_("Bukti untuk"), coerce=int, required=False, empty_value=None, choices=[]
    )
    replaces = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, expected: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = [("", _("Lainnya"))] + list(enumerate(expected))


class VerifyForm(forms.Form):
    verified_level = forms.TypedChoiceField(
        choices=LEVEL_CHOICES, coerce=int, required=False, empty_value=None
    )
    note = forms.CharField(required=False, max_length=5000)
    return_requested = forms.BooleanField(required=False)
    return_reason = forms.CharField(required=False, max_length=2000)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class SignatoryForm(forms.ModelForm):
    """Who signs the scorecard for the agency, and where."""

    class Meta:
        model = Assessment
        fields = ["signing_place", "head_name", "head_title", "head_nip"]
        help_texts = {
            "signing_place": _("Kota tempat penandatanganan, mis. Contoh."),
            "head_title": _("Mis. Bupati Contoh; kosong berarti 'Kepala Instansi'."),
        }

    def clean_head_nip(self) -> str:
        value = nip_rules.normalise(self.cleaned_data.get("head_nip") or "")
        if not value:
            return ""
        problems = nip_rules.validate(value)
        if problems:
            raise forms.ValidationError(problems)
        return value
