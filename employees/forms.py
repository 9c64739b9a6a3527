"""Forms of the employees app: list filters, the record form, deactivation, upload."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from agencies.models import Instansi, UnitKerja, User
from agencies.scoping import visible_instansi
from core.widgets import QuickSelect

from . import nip as nip_rules
from . import quality
from .models import Employee, EmployeeQuerySet, Golongan, JenisJabatan, StatusKepegawaian
from .transfer import NIP_NOT_HERE

SORTS = {
    "nama": ("nama", "nip"),
    "-nama": ("-nama", "-nip"),
    "nip": ("nip",),
    "-nip": ("-nip",),
    "golongan": ("golongan__untuk_pppk", "golongan__urutan", "nama", "nip"),
    "-golongan": ("-golongan__untuk_pppk", "-golongan__urutan", "nama", "nip"),
    "unit": ("unit__nama", "nama", "nip"),
    "-unit": ("-unit__nama", "nama", "nip"),
}


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari NIP atau nama"), required=False, max_length=100)
    instansi = forms.ModelChoiceField(
        label=_("Instansi"), queryset=Instansi.objects.none(), required=False, widget=QuickSelect
    )
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"), queryset=UnitKerja.objects.none(), required=False, widget=QuickSelect
    )
    golongan = forms.ModelChoiceField(
        label=_("Golongan"), queryset=Golongan.objects.all(), required=False, widget=QuickSelect
    )
    jenis_jabatan = forms.ModelChoiceField(
        label=_("Jenis jabatan"),
        queryset=JenisJabatan.objects.all(),
        required=False,
        widget=QuickSelect,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        widget=QuickSelect,
        choices=[("", _("Semua status")), *StatusKepegawaian.choices],
    )
    aktif = forms.ChoiceField(
        label=_("Keaktifan"),
        required=False,
        widget=QuickSelect,
        choices=[("ya", _("Aktif")), ("tidak", _("Nonaktif")), ("semua", _("Semua"))],
    )
    urut = forms.ChoiceField(
        label=_("Urutkan"),
        required=False,
        widget=QuickSelect,
        choices=[
            ("nama", _("Nama A-Z")),
            ("-nama", _("Nama Z-A")),
            ("nip", _("NIP")),
            ("golongan", _("Golongan terendah")),
            ("-golongan", _("Golongan tertinggi")),
            ("unit", _("Unit kerja")),
        ],
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = visible_instansi(user)
        cast(forms.ModelChoiceField, self.fields["instansi"]).queryset = agencies
        self.single_agency = user.instansi_id is not None and not user.is_reviewer
        units = UnitKerja.objects.filter(instansi__in=agencies.values("pk")).order_by("nama")
        if not self.single_agency:
            # Reviewers and superadmins see many agencies: offer the units of the chosen one
            # only, not thousands of options.
            chosen = str(self.data.get("instansi") or "")
            units = units.filter(instansi_id=int(chosen)) if chosen.isdigit() else units.none()
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        for name in ("golongan", "jenis_jabatan", "instansi", "unit"):
            cast(forms.ModelChoiceField, self.fields[name]).empty_label = _("Semua")
        for name, bound in self.fields.items():
            css = "form-control form-control-sm" if name == "q" else "form-select form-select-sm"
            bound.widget.attrs["class"] = css

    def filter(self, employees: EmployeeQuerySet) -> EmployeeQuerySet:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        employees = employees.search(data.get("q") or "")
        for name in ("instansi", "unit", "golongan", "jenis_jabatan", "status"):
            if data.get(name):
                employees = employees.filter(**{name: data[name]})
        aktif = data.get("aktif") or "ya"
        if aktif != "semua":
            employees = employees.filter(aktif=aktif == "ya")
        return employees.order_by(*SORTS.get(data.get("urut") or "nama", SORTS["nama"]))


class EmployeeForm(forms.ModelForm):
    """Create or edit one record. Employee.clean applies the NIP rules, so every rule has its
    own message under the NIP field."""

    class Meta:
        model = Employee
        fields = [
            "nip",
            "gelar_depan",
            "nama",
            "gelar_belakang",
            "jenis_kelamin",
            "tempat_lahir",
            "tanggal_lahir",
            "status",
            "golongan",
            "tmt_golongan",
            "jabatan",
            "jenis_jabatan",
            "jenjang_fungsional",
            "unit",
            "pendidikan",
            "tmt_cpns",
        ]
        widgets = {
            "tanggal_lahir": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "tmt_golongan": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "tmt_cpns": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"nip": _("18 digit; spasi boleh, akan dihapus.")}

    def __init__(self, *args, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.instansi = instansi
        units = UnitKerja.objects.filter(instansi=instansi).order_by("nama")
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        self.fields["nip"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        # Room for spaces ("19860926 201505 1 001"); Employee.clean removes them.
        nip_field = cast(forms.CharField, self.fields["nip"])
        nip_field.max_length = 24
        nip_field.validators = [MaxLengthValidator(24)]
        nip_field.widget.attrs["maxlength"] = 24

    def clean_nip(self) -> str:
        return nip_rules.normalise(self.cleaned_data["nip"])

    def validate_unique(self) -> None:
        super().validate_unique()
        errors = self.errors.get("nip")
        if not errors or not any(e.code == "unique" for e in errors.as_data()):
            return
        # Django's message says the NIP exists; for another agency's NIP say only that it
        # cannot be used here (employees.transfer), and offer the transfer request.
        taken_here = Employee.objects.filter(
            nip=self.cleaned_data.get("nip"), instansi=self.instance.instansi
        ).exists()
        message = (
            str(_("NIP ini sudah terdaftar di instansi Anda.")) if taken_here else NIP_NOT_HERE
        )
        self.errors["nip"] = self.error_class([message])


class TransferRequestForm(forms.Form):
    nip = forms.CharField(
        label=_("NIP"),
        max_length=24,
        help_text=_("18 digit; spasi boleh, akan dihapus."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    catatan = forms.CharField(
        label=_("Catatan untuk reviewer"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Misalnya nomor dan tanggal SK pindah."),
    )

    def clean_nip(self) -> str:
        nip = nip_rules.normalise(self.cleaned_data["nip"])
        problems = nip_rules.validate(nip)
        if problems:
            raise forms.ValidationError(problems)
        return nip


class DeactivateForm(forms.Form):
    alasan = forms.ChoiceField(
        label=_("Alasan"), choices=[("", "---------"), *Employee.AlasanNonaktif.choices]
    )
    keterangan = forms.CharField(
        label=_("Keterangan"),
        max_length=250,
        required=False,
        help_text=_("Misalnya nomor SK pensiun atau instansi tujuan."),
    )


class DataQualityForm(forms.Form):
    """Which agency's data quality, and which check's rows to list (GET)."""

    instansi = forms.ModelChoiceField(
        label=_("Instansi"), queryset=Instansi.objects.none(), required=False
    )
    cek = forms.ChoiceField(
        label=_("Pemeriksaan"),
        required=False,
        choices=[("", _("Semua")), *((c.key, c.label) for c in quality.CHECKS)],
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        agencies = cast(forms.ModelChoiceField, self.fields["instansi"])
        agencies.queryset = visible_instansi(user).order_by("nama")
        agencies.widget.attrs["class"] = "form-select form-select-sm"
        self.single_agency = user.instansi_id is not None and not user.is_reviewer

    def agency(self) -> Instansi | None:
        """The chosen agency, else the user's own; None when a reviewer or superadmin has
        not chosen yet."""
        chosen = self.cleaned_data.get("instansi") if self.is_bound else None
        return chosen or (self.user.instansi if self.user.instansi_id else None)
