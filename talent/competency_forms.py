"""Forms of the competency pages: a result (levels per competency), a post standard, an IDP
item, and the summary's filter. The competency fields come from the competency list (data)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from agencies.models import Instansi, UnitKerja
from employees.models import Employee, HasilKompetensi, Kompetensi, NilaiKompetensi

from . import competency
from .models import RencanaPengembangan, StandarKompetensi, StandarKompetensiLevel

LEVEL_CHOICES = [("", "—"), *((str(n), str(n)) for n in range(1, 6))]


class _LevelsMixin(forms.ModelForm):
    """One optional level field (1-5) per active competency, named `k_<kode>`."""

    level_label = _("level")

    def add_level_fields(self, current: dict[str, int]) -> None:
        self.kompetensi = list(Kompetensi.objects.filter(aktif=True).order_by("urutan", "kode"))
        for k in self.kompetensi:
            self.fields[f"k_{k.kode}"] = forms.TypedChoiceField(
                label=k.nama,
                choices=LEVEL_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=current.get(k.kode),
            )

    def levels(self) -> dict[Kompetensi, int]:
        return {
            k: self.cleaned_data[f"k_{k.kode}"]
            for k in self.kompetensi
            if self.cleaned_data.get(f"k_{k.kode}")
        }

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"k_{k.kode}") for k in self.kompetensi):
            raise forms.ValidationError(_("Isi level setidaknya satu kompetensi."))
        return cleaned


class HasilKompetensiForm(_LevelsMixin):
    class Meta:
        model = HasilKompetensi
        fields = ["tanggal", "metode", "lembaga", "keterangan"]
        widgets = {"tanggal": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.employee = employee
        self.add_level_fields(self.instance.levels() if self.instance.pk else {})

    @transaction.atomic
    def save(self, commit: bool = True) -> HasilKompetensi:
        hasil = super().save()
        _save_levels(NilaiKompetensi, "hasil", hasil, self.levels())
        return hasil


class StandarKompetensiForm(_LevelsMixin):
    class Meta:
        model = StandarKompetensi
        fields = ["nama_jabatan", "jenis_jabatan", "jenjang_fungsional", "keterangan"]

    def __init__(self, *args, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.instansi = instansi
        self.add_level_fields(self.instance.levels() if self.instance.pk else {})

    @transaction.atomic
    def save(self, commit: bool = True) -> StandarKompetensi:
        standar = super().save()
        _save_levels(StandarKompetensiLevel, "standar", standar, self.levels())
        return standar


def _save_levels(model, owner_field: str, owner, levels: dict[Kompetensi, int]) -> None:
    """Set the owner's levels to exactly `levels`, one saved row each (so with history)."""
    existing = {row.kompetensi_id: row for row in model.objects.filter(**{owner_field: owner})}
    for kompetensi, level in levels.items():
        row = existing.pop(kompetensi.pk, None)
        if row is None:
            model.objects.create(**{owner_field: owner}, kompetensi=kompetensi, level=level)
        elif row.level != level:
            row.level = level
            row.save()
    for row in existing.values():
        row.delete()


class RencanaPengembanganForm(forms.ModelForm):
    class Meta:
        model = RencanaPengembangan
        fields = [
            "sumber",
            "kompetensi",
            "kotak",
            "kegiatan",
            "bentuk",
            "jam_pelajaran",
            "tenggat",
            "status",
            "selesai_pada",
            "catatan",
        ]
        widgets = {
            "tenggat": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "selesai_pada": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.employee = employee
        field = cast(forms.ModelChoiceField, self.fields["kompetensi"])
        field.queryset = Kompetensi.objects.filter(aktif=True).order_by("urutan")
        field.empty_label = _("(bukan kesenjangan kompetensi)")


class SummaryFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"),
        queryset=UnitKerja.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    kategori = forms.ChoiceField(
        label=_("Kategori JPM"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        units = cast(forms.ModelChoiceField, self.fields["unit"])
        units.queryset = UnitKerja.objects.filter(instansi=instansi).order_by("nama")
        units.empty_label = _("Semua unit")
        sets = competency.band_sets()
        cast(forms.ChoiceField, self.fields["kategori"]).choices = [
            (kode, s.nama) for kode, s in sets.items()
        ]

    @property
    def band_set(self) -> str:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("kategori") or competency.DEFAULT_SET

    @property
    def chosen_unit(self) -> UnitKerja | None:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("unit")
