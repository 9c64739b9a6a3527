"""Forms of the talent app: GET filters of the grid, periods and their settings, calibration,
records and target posts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from agencies.models import Instansi, UnitKerja
from employees import nip as nip_rules
from employees.models import Employee, Golongan, JenisJabatan

from . import ninebox
from .models import (
    CalibrationMeeting,
    Kinerja,
    MappingPeriod,
    PerformanceRecord,
    Placement,
    PotentialRecord,
    Predikat,
    TargetPost,
)

TAMPILAN_CHOICES = [("kalibrasi", _("Setelah kalibrasi")), ("hitung", _("Hasil hitung"))]


class GridFilterForm(forms.Form):
    """Filters of the grid and the box lists; they work on the placement's snapshot."""

    unit = forms.ModelChoiceField(
        label=_("Unit kerja"), queryset=UnitKerja.objects.none(), required=False
    )
    jenis_jabatan = forms.ModelChoiceField(
        label=_("Jenis jabatan"), queryset=JenisJabatan.objects.all(), required=False
    )
    golongan = forms.ModelChoiceField(
        label=_("Golongan"), queryset=Golongan.objects.all(), required=False
    )
    tampilan = forms.ChoiceField(label=_("Tampilan"), choices=TAMPILAN_CHOICES, required=False)
    q = forms.CharField(label=_("Cari NIP atau nama"), required=False, max_length=100)

    def __init__(self, *args, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        units = UnitKerja.objects.filter(instansi=instansi).order_by("nama")
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        for name in ("unit", "jenis_jabatan", "golongan"):
            cast(forms.ModelChoiceField, self.fields[name]).empty_label = _("Semua")

    @property
    def box_field(self) -> str:
        """Which box the grid counts: the calibrated one unless asked for the computed."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return "kotak_hitung" if data.get("tampilan") == "hitung" else "kotak"

    def filter(self, placements: QuerySet[Placement]) -> QuerySet[Placement]:
        if not self.is_bound or not self.is_valid():
            return placements
        for name in ("unit", "jenis_jabatan", "golongan"):
            if value := self.cleaned_data.get(name):
                placements = placements.filter(**{name: value})
        if text := self.cleaned_data.get("q", "").strip():
            digits = nip_rules.normalise(text)
            if digits.isdigit():
                placements = placements.filter(employee__nip__startswith=digits)
            else:
                placements = placements.filter(employee__nama__icontains=text)
        return placements


def _ambang_code(pair: tuple[Decimal, Decimal]) -> str:
    return f"{ninebox.format_angka(pair[0])}/{ninebox.format_angka(pair[1])}"


class PoolFilterForm(GridFilterForm):
    """The grid's filters and the succession group (agency: boxes 7-9, national: box 9, as
    the period's box map settings say)."""

    kelompok = forms.ChoiceField(
        label=_("Kelompok suksesi"),
        choices=[("instansi", _("Instansi")), ("nasional", _("Nasional"))],
        required=False,
    )

    def boxes(self, rules: ninebox.Pengaturan) -> tuple[int, ...]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("kelompok") == "nasional":
            return rules.suksesi_nasional
        return rules.suksesi_instansi


class NotMappableFilterForm(GridFilterForm):
    alasan = forms.ChoiceField(
        label=_("Alasan"),
        choices=[("", _("Semua")), *ninebox.ALASAN_LABEL.items()],
        required=False,
    )

    def filter(self, placements: QuerySet[Placement]) -> QuerySet[Placement]:
        placements = super().filter(placements)
        if self.is_bound and self.is_valid() and (alasan := self.cleaned_data.get("alasan")):
            placements = placements.filter(alasan=alasan)
        return placements


class PeriodForm(forms.ModelForm):
    """A new period starts from a scoring profile (data: talent/data/) and a threshold pair."""

    profil = forms.ChoiceField(label=_("Profil penilaian"), required=False)
    ambang = forms.ChoiceField(
        label=_("Ambang tinggi/menengah"),
        required=False,
        help_text=_(
            "Tidak ada ambang nasional: 80/60, 90/70 dan 90/78 dipakai di berbagai instansi. "
            "Berlaku untuk potensial, dan untuk kinerja pada profil berbobot."
        ),
    )

    class Meta:
        model = MappingPeriod
        fields = ["nama", "tahun_skp", "tanggal_acuan"]
        widgets = {"tanggal_acuan": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.instansi = instansi
        today = dt.date.today()
        self.fields["nama"].initial = str(today.year)
        self.fields["tahun_skp"].initial = today.year
        self.fields["tanggal_acuan"].initial = MappingPeriod.default_date(today.year)
        cast(forms.ChoiceField, self.fields["profil"]).choices = [
            (kode, f"{nama} (sementara)" if sementara else nama)
            for kode, nama, sementara in ninebox.profile_choices()
        ]
        self.thresholds = {_ambang_code(p): p for p in ninebox.threshold_choices()}
        cast(forms.ChoiceField, self.fields["ambang"]).choices = [
            (code, code) for code in self.thresholds
        ]
        self.fields["ambang"].initial = "90/78"

    def save(self, commit: bool = True) -> MappingPeriod:
        # Left blank (an older client, a script): the default profile with its own 90/78.
        profil = self.cleaned_data.get("profil") or "merit_bawaan"
        ambang = self.thresholds.get(self.cleaned_data.get("ambang") or "")
        self.instance.pengaturan = ninebox.profile_settings(profil, ambang)
        return super().save(commit)

    def validate_unique(self):
        # instansi is not a form field, so ModelForm would skip the (instansi, nama) check.
        super().validate_unique()
        taken = MappingPeriod.objects.filter(
            instansi=self.instance.instansi, nama=self.cleaned_data.get("nama")
        ).exclude(pk=self.instance.pk)
        if taken.exists():
            self.add_error("nama", _("Periode dengan nama ini sudah ada di instansi Anda."))


class SettingsForm(forms.Form):
    """The settings an agency changes most; the rest of the stored JSON is kept as it is."""

    ambang_tinggi = forms.DecimalField(
        label=_("Ambang tinggi (>=)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=_(
            "Potensial tinggi; pada profil berbobot juga kinerja di atas ekspektasi. "
            "Yang dipakai instansi: 80/60, 90/70, 90/78."
        ),
    )
    ambang_menengah = forms.DecimalField(
        label=_("Ambang menengah (>=)"), min_value=0, max_value=100, decimal_places=2
    )
    metode = forms.ChoiceField(
        label=_("Metode potensial"),
        choices=[("skor", _("Skor asesmen saja")), ("bobot", _("Komposit berbobot"))],
    )
    skor_dari_jpm = forms.BooleanField(
        label=_("Skor asesmen kosong diambil dari JPM hasil kompetensi terakhir"),
        required=False,
        help_text=_(
            "Bila rekam potensial tidak memuat skor asesmen, dipakai JPM hasil penilaian "
            "kompetensi terakhir pegawai terhadap standar jabatannya sekarang (maks. 100)."
        ),
    )
    kinerja_dua_tahun = forms.BooleanField(
        label=_("Pakai SKP dua tahun terakhir (diambil yang terendah)"), required=False
    )
    kecualikan_hukuman = forms.BooleanField(
        label=_("Kecualikan pegawai dengan hukuman disiplin sedang/berat"), required=False
    )
    tahun_hukuman = forms.IntegerField(
        label=_("Masa hukuman yang diperhitungkan (tahun)"), min_value=1, max_value=10
    )

    def __init__(self, *args, period: MappingPeriod, **kwargs):
        self.period = period
        rules = period.rules
        initial = {
            "ambang_tinggi": rules.ambang_tinggi,
            "ambang_menengah": rules.ambang_menengah,
            "metode": rules.metode_potensial,
            "skor_dari_jpm": rules.skor_dari_jpm,
            "kinerja_dua_tahun": rules.kinerja_dua_tahun,
            "kecualikan_hukuman": rules.kecualikan_hukuman,
            "tahun_hukuman": rules.tahun_hukuman,
        }
        for component in ninebox.POTENTIAL_COMPONENTS:
            initial[f"bobot_{component}"] = rules.bobot.get(component, Decimal(0))
        super().__init__(*args, initial=initial, **kwargs)
        for predikat, label in Predikat.choices:
            self.fields[f"predikat_{predikat}"] = forms.ChoiceField(
                label=_("Predikat %(p)s menjadi") % {"p": label},
                choices=Kinerja.choices,
                initial=rules.predikat_ke_kinerja.get(predikat, "bawah"),
            )
        for component in ninebox.POTENTIAL_COMPONENTS:
            self.fields[f"bobot_{component}"] = forms.DecimalField(
                label=_("Bobot %(k)s") % {"k": ninebox.COMPONENT_LABEL[component]},
                min_value=0,
                max_value=100,
                decimal_places=2,
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        data = self.period.pengaturan.copy()
        data["predikat_ke_kinerja"] = {p: cleaned[f"predikat_{p}"] for p, _l in Predikat.choices}
        data["kinerja_dua_tahun"] = cleaned["kinerja_dua_tahun"]
        bobot = {
            c: str(cleaned[f"bobot_{c}"])
            for c in ninebox.POTENTIAL_COMPONENTS
            if cleaned.get(f"bobot_{c}")
        }
        data["potensial"] = {
            **data.get("potensial", {}),
            "metode": cleaned["metode"],
            "skor_dari_jpm": cleaned["skor_dari_jpm"],
            "ambang_tinggi": str(cleaned["ambang_tinggi"]),
            "ambang_menengah": str(cleaned["ambang_menengah"]),
            "bobot": bobot,
        }
        if "kinerja" in data:
            # A weighted performance axis is cut by the same pair (80/60, 90/70, 90/78).
            data["kinerja"] = {
                **data["kinerja"],
                "ambang_tinggi": str(cleaned["ambang_tinggi"]),
                "ambang_menengah": str(cleaned["ambang_menengah"]),
            }
        data["kelayakan"] = {
            **data.get("kelayakan", {}),
            "kecualikan_hukuman_disiplin": cleaned["kecualikan_hukuman"],
            "tahun_hukuman": cleaned["tahun_hukuman"],
        }
        try:
            ninebox.Pengaturan.from_dict(data)
        except ninebox.PengaturanTidakSah as exc:
            raise forms.ValidationError(str(exc)) from exc
        cleaned["pengaturan"] = data
        return cleaned


class CalibrationForm(forms.Form):
    ke_kotak = forms.TypedChoiceField(
        label=_("Pindahkan ke kotak"), coerce=int, choices=[(n, n) for n in range(1, 10)]
    )
    alasan = forms.CharField(
        label=_("Alasan kalibrasi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Wajib: dicatat dalam riwayat dan ikut dalam ekspor."),
    )

    def __init__(self, *args, placement: Placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement = placement
        rules = placement.period.rules
        cast(forms.ChoiceField, self.fields["ke_kotak"]).choices = [
            (n, f"{n} · {rules.label(n)}") for n in range(9, 0, -1) if n != placement.kotak
        ]

    def clean_alasan(self) -> str:
        alasan = self.cleaned_data["alasan"].strip()
        if not alasan:
            raise forms.ValidationError(_("Alasan kalibrasi wajib diisi."))
        return alasan


class EmployeeByNipMixin(forms.ModelForm):
    """Records are entered against an employee by NIP, inside the user's agency."""

    nip = forms.CharField(label=_("NIP"), max_length=30)

    def __init__(self, *args, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        if self.instance.pk:
            self.fields["nip"].initial = self.instance.employee.nip
            self.fields["nip"].disabled = True

    def clean_nip(self) -> str:
        if self.instance.pk:
            return self.instance.employee.nip
        digits = nip_rules.normalise(self.cleaned_data["nip"])
        employee = Employee.objects.filter(instansi=self.instansi, nip=digits).first()
        if employee is None:
            raise forms.ValidationError(_("Tidak ada pegawai dengan NIP ini di instansi Anda."))
        self.instance.employee = employee
        return digits


class PerformanceRecordForm(EmployeeByNipMixin):
    field_order = ["nip", "tahun", "predikat", "hasil_kerja", "perilaku", "keterangan"]

    class Meta:
        model = PerformanceRecord
        fields = [
            "tahun",
            "predikat",
            "hasil_kerja",
            "perilaku",
            "keterangan",
            "nilai_penghargaan",
            "nilai_penugasan_tim",
            "nilai_umpan_balik_360",
        ]
        help_texts = {
            "predikat": _("Diturunkan otomatis bila rating hasil kerja dan perilaku diisi."),
        }

    def validate_unique(self):
        super().validate_unique()
        employee = getattr(self.instance, "employee", None)
        tahun = self.cleaned_data.get("tahun")
        if employee is not None and tahun:
            taken = PerformanceRecord.objects.filter(employee=employee, tahun=tahun).exclude(
                pk=self.instance.pk
            )
            if taken.exists():
                self.add_error("tahun", _("Pegawai ini sudah punya data SKP tahun tersebut."))


class PotentialRecordForm(EmployeeByNipMixin):
    field_order = ["nip", "tanggal", "sumber", "skor"]

    class Meta:
        model = PotentialRecord
        fields = [
            "tanggal",
            "sumber",
            "skor",
            "nilai_pendidikan",
            "nilai_pelatihan",
            "nilai_pangkat",
            "nilai_rekam_jejak",
            "nilai_tes_potensi",
            "nilai_kesesuaian_bidang",
        ]
        widgets = {"tanggal": forms.DateInput(attrs={"type": "date"})}


class TargetPostForm(forms.ModelForm):
    class Meta:
        model = TargetPost
        fields = [
            "nama_jabatan",
            "unit",
            "jenis_jabatan",
            "kritikal",
            "golongan_minimal",
            "pendidikan_minimal",
            "keterangan",
        ]

    def __init__(self, *args, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.instansi = instansi
        units = UnitKerja.objects.filter(instansi=instansi)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units


class TransitionForm(forms.Form):
    dari = forms.ModelChoiceField(
        label=_("Dari periode"),
        queryset=MappingPeriod.objects.none(),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, period: MappingPeriod, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["dari"]).queryset = MappingPeriod.objects.filter(
            instansi_id=period.instansi_id
        ).exclude(pk=period.pk)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = CalibrationMeeting
        fields = ["tanggal", "tempat", "pimpinan", "anggota"]
        widgets = {
            "tanggal": forms.DateInput(attrs={"type": "date"}),
            "anggota": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, period: MappingPeriod, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.period = period
        self.fields["tanggal"].initial = dt.date.today()

    def clean_anggota(self) -> str:
        members = [line.strip() for line in self.cleaned_data["anggota"].splitlines()]
        members = [m for m in members if m]
        if len(members) < 2:
            raise forms.ValidationError(
                _("Tulis paling sedikit dua anggota komite, satu per baris.")
            )
        return "\n".join(members)


class MeetingMoveForm(forms.Form):
    """A move decided in the meeting: the employee by NIP, the target box and the reason."""

    nip = forms.CharField(label=_("NIP pegawai"), max_length=30)
    ke_kotak = forms.TypedChoiceField(
        label=_("Pindahkan ke kotak"), coerce=int, choices=[(n, n) for n in range(9, 0, -1)]
    )
    alasan = forms.CharField(
        label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, period: MappingPeriod, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period
        rules = period.rules
        cast(forms.ChoiceField, self.fields["ke_kotak"]).choices = [
            (n, f"{n} · {rules.label(n)}") for n in range(9, 0, -1)
        ]

    def clean_nip(self) -> Placement:
        digits = nip_rules.normalise(self.cleaned_data["nip"])
        placement = (
            Placement.objects.select_related("employee", "period__instansi")
            .filter(period=self.period, employee__nip=digits)
            .first()
        )
        if placement is None:
            raise forms.ValidationError(_("Tidak ada pegawai dengan NIP ini dalam periode ini."))
        if placement.kotak is None:
            raise forms.ValidationError(
                _("Pegawai ini tidak terpetakan; lengkapi datanya lalu hitung ulang.")
            )
        return placement

    def clean_alasan(self) -> str:
        alasan = self.cleaned_data["alasan"].strip()
        if not alasan:
            raise forms.ValidationError(_("Alasan kalibrasi wajib diisi."))
        return alasan

    def clean(self):
        cleaned = super().clean()
        placement = cleaned.get("nip")
        if placement is not None and cleaned.get("ke_kotak") == placement.kotak:
            self.add_error("ke_kotak", _("Pegawai ini sudah berada di kotak tersebut."))
        return cleaned


class MeetingCloseForm(forms.Form):
    catatan = forms.CharField(
        label=_("Catatan / kesimpulan rapat"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
