from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Instansi
from employees import nip as nip_rules

from .models import Assessment, FollowUp, Indicator, Instrument

NO_INSTRUMENT = _(
    "Belum ada instrumen yang berlaku untuk tahun %(year)s. Superadmin dapat memuat instrumen "
    "atau menetapkan instrumen yang berlaku untuk tahun itu (Admin, Instrumen yang berlaku per "
    "tahun); hubungi superadmin aplikasi ini."
)


class AssessmentCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun penilaian"), min_value=2019, max_value=2100)
    instrument = forms.ModelChoiceField(
        label=_("Instrumen"), queryset=Instrument.objects.all(), empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.this_year = timezone.localdate().year
        self.fields["year"].initial = self.this_year
        # The instruments current for this year come first and are preselected.
        current = list(Instrument.objects.for_year(self.this_year))
        if current:
            self.fields["instrument"].initial = current[0].pk
        self.no_instrument_message = "" if current else NO_INSTRUMENT % {"year": self.this_year}

    def clean(self):
        data = super().clean()
        instrument, year = data.get("instrument"), data.get("year")
        if not (instrument and year):
            return data
        allowed = Instrument.objects.for_year(year)
        if allowed.filter(pk=instrument.pk).exists():
            return data
        if instrument.covers(year):
            problems = [
                _("Untuk tahun %(year)s superadmin menetapkan instrumen %(current)s.")
                % {"year": year, "current": ", ".join(str(i) for i in allowed)}
            ]
        else:
            problems = [
                _("Instrumen ini berlaku %(a)s-%(b)s, tidak untuk tahun %(year)s.")
                % {"a": instrument.year_from, "b": instrument.year_to or "", "year": year}
            ]
        if not allowed.exists():
            problems.append(NO_INSTRUMENT % {"year": year})
        raise forms.ValidationError(problems)


class LevelScaleForm(forms.Form):
    """A form with a level field whose choices are the instrument's scale."""

    level_field = "level"

    def __init__(self, *args, instrument: Instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.fields[self.level_field].choices = [(n, str(n)) for n in instrument.level_range]

    @property
    def level_error(self) -> str:
        return _("Isian tidak sah: pilih level %(min)s sampai %(max)s.") % {
            "min": self.instrument.min_level,
            "max": self.instrument.max_level,
        }


class AnswerForm(LevelScaleForm):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    level = forms.TypedChoiceField(choices=[], coerce=int, required=False, empty_value=None)
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


class VerifyForm(LevelScaleForm):
    level_field = "verified_level"
    verified_level = forms.TypedChoiceField(
        choices=[], coerce=int, required=False, empty_value=None
    )
    note = forms.CharField(required=False, max_length=5000)
    return_requested = forms.BooleanField(required=False)
    return_reason = forms.CharField(required=False, max_length=2000)


class ReturnForm(forms.Form):
    """The return of one indicator, saved with its own button: the reason (one line or
    several) is checked then, not when the box is ticked."""

    return_requested = forms.BooleanField(required=False)
    return_reason = forms.CharField(required=False, max_length=2000)


class AttachForm(forms.Form):
    """A document of the agency's library attached to one indicator."""

    document = forms.IntegerField(min_value=1)
    requirement = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, choices=[])

    def __init__(self, *args, expected: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = [("", _("Lainnya"))] + list(enumerate(expected))


class DocumentDatesForm(forms.Form):
    effective_date = forms.DateField(
        label=_("Berlaku sejak"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Berlaku sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class DecimalCommaField(forms.DecimalField):
    """A number as an Indonesian reader types it, 0,9, or with a point, 0.9 (the page
    prefills the factor in the reader's format, so it must read back what it wrote)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class CorrectionFactorForm(forms.Form):
    """The reviewer's correction factor for violations found; its range is instrument data,
    checked by workflow.set_correction_factor."""

    factor = DecimalCommaField(
        label=_("Faktor koreksi"), max_digits=5, decimal_places=3, min_value=0
    )
    reason = forms.CharField(
        label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


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
            "head_nip": _(
                "Kosongkan bila penanda tangan tidak memiliki NIP (mis. kepala daerah hasil "
                "pemilihan): kartu nilai lalu tidak mencetak baris NIP."
            ),
        }

    def clean_head_nip(self) -> str:
        value = nip_rules.normalise(self.cleaned_data.get("head_nip") or "")
        if not value:
            return ""
        problems = nip_rules.validate(value)
        if problems:
            raise forms.ValidationError(problems)
        return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class FollowUpForm(forms.ModelForm):
    """The province's follow-up for one of its agencies; the agency list is the reviewer's
    coached agencies (coaching.coached_agencies), the indicator optional."""

    class Meta:
        model = FollowUp
        fields = ["instansi", "year", "indicator", "action", "person", "due", "status", "notes"]
        widgets = {
            "action": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "due": DateInput(),
        }
        help_texts = {
            "person": _("Siapa yang mengerjakan, mis. Kepala BKPSDM."),
            "indicator": _("Indikator yang dibina, bila ada."),
        }

    def __init__(self, *args, agencies, instrument: Instrument | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instansi"].queryset = agencies
        indicators = Indicator.objects.select_related("aspect").order_by("aspect__order", "order")
        if instrument is not None:
            indicators = indicators.filter(aspect__instrument=instrument)
        elif self.instance.indicator_id:
            own = self.instance.indicator.aspect.instrument
            indicators = indicators.filter(aspect__instrument=own)
        self.fields["indicator"].queryset = indicators
        self.fields["year"].min_value = 2019


class FollowUpResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Tanggapan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (FollowUp.Status.IN_PROGRESS.value, FollowUp.Status.IN_PROGRESS.label),
            (FollowUp.Status.DONE.value, FollowUp.Status.DONE.label),
        ],
    )


class CommitmentForm(forms.Form):
    instansi: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Instansi"), queryset=Instansi.objects.none()
    )
    signed_on = forms.DateField(label=_("Tanggal ditandatangani"), widget=DateInput())
    file = forms.FileField(
        label=_("Dokumen komitmen yang ditandatangani"),
        help_text=_("PDF atau hasil pindaian (gambar); isinya diperiksa, bukan namanya."),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instansi"].queryset = agencies

    def clean_signed_on(self):
        value = self.cleaned_data["signed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Tanggal penandatanganan tidak boleh di masa depan."))
        return value
