"""The forms of the import screens, shared by every import kind."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Instansi, UnitKerja, User
from agencies.scoping import editable_instansi

from .kinds import ImportKind
from .models import ImportBatch
from .reader import header_key

_SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})

STATUS_CHOICES = [
    ("", _("Sesuai berkas (kolom status atau golongan)")),
    ("PNS", _("Semua baris PNS")),
    ("CPNS", _("Semua baris CPNS")),
    ("PPPK", _("Semua baris PPPK")),
]


class UploadForm(forms.Form):
    berkas = forms.FileField(
        label=_("Berkas (.xlsx atau .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    instansi = forms.ModelChoiceField(
        label=_("Instansi tujuan"), queryset=Instansi.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status kepegawaian bila berkas tidak menyebutkannya"),
        choices=STATUS_CHOICES,
        required=False,
        help_text=_(
            "Dipakai hanya untuk baris yang statusnya tidak terbaca dari berkas, misalnya "
            "lembar 'DATA PNS' tanpa kolom STATUS."
        ),
    )

    def __init__(self, *args, user: User, kind: type[ImportKind] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.is_superadmin:
            agencies = cast(forms.ModelChoiceField, self.fields["instansi"])
            agencies.queryset = editable_instansi(user)
            self.fields["instansi"].required = True
        else:
            del self.fields["instansi"]
        if kind is None or not kind.asks_status:
            del self.fields["status"]

    def target(self) -> Instansi:
        if "instansi" in self.fields:
            return self.cleaned_data["instansi"]
        return self.user.instansi


class MappingForm(forms.Form):
    """One drop-down per column of the file: which field of the kind it fills."""

    def __init__(self, *args, batch: ImportBatch, kind: type[ImportKind], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(abaikan kolom ini)"))] + [
            (column.field, column.header) for column in kind.columns
        ]
        self.headers: list[tuple[str, str]] = []
        for index, (written, field) in enumerate(batch.columns):
            name = f"kolom_{index}"
            self.fields[name] = forms.ChoiceField(
                label=written, choices=choices, required=False, initial=field, widget=_SELECT
            )
            self.headers.append((name, written))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [data.get(name) for name, _written in self.headers if data.get(name)]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("Satu kolom Merit hanya boleh dipilih untuk satu kolom."))
        return data

    def mapping(self) -> dict[str, str]:
        """header key -> field for every column whose choice differs from the current one."""
        changed = {}
        for name, written in self.headers:
            if name in self.changed_data:
                changed[header_key(written)] = self.cleaned_data.get(name) or ""
        return changed


class MissingUnitForm(forms.Form):
    """What a unit name the tree lacks means: a new unit under a parent, or an existing one."""

    CREATE, MAP = "buat", "petakan"
    nama = forms.CharField(widget=forms.HiddenInput, max_length=200)
    tindakan = forms.ChoiceField(
        label=_("Tindakan"),
        choices=[(CREATE, _("Buat unit baru")), (MAP, _("Samakan dengan unit yang ada"))],
        widget=forms.RadioSelect,
        initial=CREATE,
    )
    induk = forms.ModelChoiceField(
        label=_("Di bawah unit"),
        queryset=UnitKerja.objects.none(),
        required=False,
        empty_label=_("(unit teratas)"),
        widget=_SELECT,
    )
    unit = forms.ModelChoiceField(
        label=_("Unit yang dimaksud"),
        queryset=UnitKerja.objects.none(),
        required=False,
        widget=_SELECT,
    )

    def __init__(
        self,
        *args,
        batch: ImportBatch,
        units: list[tuple[int, str]] | None = None,
        **kwargs,
    ):
        """`units`: the agency's units as (pk, name), read once by the page for all its
        forms, so a preview with many missing units costs the same queries as one."""
        super().__init__(*args, **kwargs)
        queryset = UnitKerja.objects.filter(instansi_id=batch.instansi_id).order_by("nama")
        for name, empty in (("induk", _("(unit teratas)")), ("unit", "---------")):
            field = cast(forms.ModelChoiceField, self.fields[name])
            field.queryset = queryset
            if units is not None:
                field.choices = [("", empty), *units]

    @classmethod
    def for_batch(cls, batch: ImportBatch) -> list[tuple[str, int, MissingUnitForm]]:
        """(name as written, rows naming it, its form) for every missing unit; the agency's
        units are read once for all the forms."""
        if not batch.missing_units:
            return []
        units = UnitKerja.objects.filter(instansi_id=batch.instansi_id).order_by("nama")
        choices = list(units.values_list("pk", "nama"))
        return [
            (name, rows, cls(batch=batch, units=choices, initial={"nama": name}, prefix=f"u{i}"))
            for i, (name, rows) in enumerate(batch.missing_units)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("tindakan") == self.MAP and not data.get("unit"):
            self.add_error("unit", _("Pilih unit yang dimaksud."))
        return data
