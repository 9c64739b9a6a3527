"""Talent's two kinds for the shared spreadsheet importer (employees.importing): SKP results
("kinerja") and potential assessments ("potensial"), both matched by NIP within the batch's
agency. Upload, preview, error file and confirmation are the importer's own screens
(/pegawai/impor/kinerja/ and /pegawai/impor/potensial/)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from employees.importing import Column, ImportKind, Row, cells, register, vocab
from employees.importing.models import Alias
from employees.models import Employee
from employees.pegawai_columns import NIP
from employees.transfer import NIP_NOT_IN_AGENCY

from . import ninebox
from .models import MappingPeriod, PerformanceRecord, PotentialRecord

RATING_LABEL = ninebox.RATING_TITLE


def year(value: object) -> int | None:
    raw = cells.text(value)
    if not raw:
        return None
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise cells.CellError(f"Tahun '{raw}' tidak sah; tulis empat angka, misalnya 2026.")
    return int(raw)


def score(value: object) -> Decimal | None:
    """A 0-100 number; Indonesian sheets write 84,5 as often as 84.5."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise cells.CellError("Nilai harus berupa angka 0 sampai 100.")
    raw = cells.text(value).rstrip("%").strip().replace(",", ".")
    if not raw:
        return None
    try:
        number = Decimal(raw)
    except InvalidOperation as exc:
        raise cells.CellError(f"Nilai '{raw}' bukan angka.") from exc
    if not number.is_finite() or not 0 <= number <= 100:
        raise cells.CellError(f"Nilai {raw} di luar rentang 0 sampai 100.")
    return number.quantize(Decimal("0.01"))


class _ByNip(ImportKind):
    """Shared by both kinds: rows name an employee by NIP; the record is keyed by NIP and
    one more column; employees of another agency are refused without saying whose."""

    model: type = PerformanceRecord
    second: str = ""  # the record's field that, with the NIP, identifies it
    fields: tuple[str, ...] = ()

    def __init__(self, batch):
        super().__init__(batch)
        self.employees: dict[str, tuple[int, int, str]] = {}  # nip -> (pk, instansi, nama)

    def key_of(self, values: dict[str, Any]) -> Hashable:
        return (values["nip"], values[self.second])

    def load_existing(self, keys: Iterable[Hashable]) -> dict[Hashable, Any]:
        keys = list(keys)
        if not keys:
            return {}
        nips = {nip for nip, _ in keys}
        for pk, nip, instansi_id, nama in Employee.objects.filter(nip__in=nips).values_list(
            "pk", "nip", "instansi_id", "nama"
        ):
            self.employees[nip] = (pk, instansi_id, nama)
        wanted = set(keys)
        records = self.model.objects.filter(
            employee__nip__in=nips, **{f"{self.second}__in": {k[1] for k in keys}}
        ).values("pk", "employee__nip", self.second, *self.fields)
        found = {}
        for record in records:
            key = (record["employee__nip"], record[self.second])
            if key in wanted:
                found[key] = record
        return found

    def compare(self, row: Row) -> None:
        employee = self.employees.get(row.values["nip"])
        if employee is None:
            row.error("nip", NIP_NOT_IN_AGENCY)
            return
        if employee[1] != self.instansi.pk:
            # The same words as for a NIP found nowhere: existence elsewhere is not told.
            row.error("nip", NIP_NOT_IN_AGENCY)
            return
        row.values["employee_id"] = employee[0]
        if row.existing is None:
            return
        for name in self.fields:
            if name in row.values:
                old, new = row.existing[name], row.values[name]
                if (old if old not in ("", None) else None) != (new if new != "" else None):
                    row.changes.append((name, old, new))

    def record_label(self, row: Row) -> str:
        employee = self.employees.get(row.values["nip"])
        name = employee[2] if employee else ""
        return f"{name} ({row.values['nip']}) {self.describe(self.second, row.values[self.second])}"

    def _build(self, values: dict[str, Any]):
        record = self.model(employee_id=values["employee_id"])
        setattr(record, self.second, values[self.second])
        for name in self.fields:
            if name in values:
                setattr(
                    record, name, values[name] if values[name] is not None else self._blank(name)
                )
        return record

    def _blank(self, name: str) -> object:
        field = self.model._meta.get_field(name)
        return None if field.null else ""

    def write(self, new: list[Row], changed: list[Row]) -> None:
        reason = f"Impor berkas {self.batch.original_name}"[:100]
        if new:
            bulk_create_with_history(
                [self._build(row.values) for row in new],
                self.model,
                batch_size=1000,
                default_user=self.user,
                default_change_reason=reason,
            )
        if changed:
            records = []
            for row in changed:
                record = self._build(row.values)
                record.pk = row.existing["pk"]
                for name in self.fields:
                    if name not in row.values:
                        setattr(record, name, row.existing[name])
                records.append(record)
            bulk_update_with_history(
                records,
                self.model,
                list(self.fields),
                batch_size=500,
                default_user=self.user,
                default_change_reason=reason,
            )


@register
class KinerjaImport(_ByNip):
    key = "kinerja"
    label = "Data kinerja (SKP)"
    done_url_name = "talent:period_list"
    key_column = "nip"
    model = PerformanceRecord
    second = "tahun"
    fields = (
        "predikat",
        "hasil_kerja",
        "perilaku",
        "keterangan",
        "nilai_penghargaan",
        "nilai_penugasan_tim",
        "nilai_umpan_balik_360",
    )
    columns = [
        NIP,
        Column(
            "tahun",
            "TAHUN",
            parse=year,
            required=True,
            aliases=("TAHUN SKP", "PERIODE"),
            example=2026,
        ),
        Column(
            "predikat",
            "PREDIKAT",
            aliases=(
                "PREDIKAT KINERJA",
                "PREDIKAT SKP",
                "NILAI SKP",
                "kuadranKinerja",
                "KUADRAN KINERJA",
                "KuadranKinerjaNilai",
            ),
            choices=list(ninebox.PREDIKAT_LABEL.values()),
            example="Sangat Baik",
        ),
        Column(
            "hasil_kerja",
            "RATING HASIL KERJA",
            aliases=("HASIL KERJA", "RATING HASIL", "hasilKinerja", "hasilKinerjaNilai"),
            choices=list(RATING_LABEL.values()),
            example="Di atas ekspektasi",
            width=22,
        ),
        Column(
            "perilaku",
            "RATING PERILAKU",
            aliases=(
                "PERILAKU",
                "PERILAKU KERJA",
                "RATING PERILAKU KERJA",
                "perilakuKerja",
                "PerilakuKerjaNilai",
            ),
            choices=list(RATING_LABEL.values()),
            example="Di atas ekspektasi",
            width=22,
        ),
        Column("keterangan", "KETERANGAN", aliases=("CATATAN",), example="", width=24),
        Column("nilai_penghargaan", "NILAI PENGHARGAAN", parse=score, example=""),
        Column("nilai_penugasan_tim", "NILAI PENUGASAN TIM", parse=score, example=""),
        Column(
            "nilai_umpan_balik_360",
            "NILAI UMPAN BALIK 360",
            parse=score,
            aliases=("NILAI 360", "UMPAN BALIK 360"),
            example="",
        ),
    ]

    def __init__(self, batch):
        super().__init__(batch)
        # SIASN's words (DIATAS ESPEKTASI, kuadran 1..5) and others' are data: one query.
        self.words = vocab.Vocabulary([Alias.Family.RATING, Alias.Family.PREDIKAT])
        for code, label in RATING_LABEL.items():
            self.words.add(Alias.Family.RATING, (label, code), code)
        for code, label in ninebox.PREDIKAT_LABEL.items():
            self.words.add(Alias.Family.PREDIKAT, (label, code), code)
        self.matrices: dict[int | None, dict[str, dict[str, str]]] = {}

    def matrix(self, tahun: int | None) -> dict[str, dict[str, str]]:
        """The agency's own SKP matrix for that year (one query per year and batch)."""
        if tahun not in self.matrices:
            self.matrices[tahun] = MappingPeriod.skp_matrix(self.instansi.pk, tahun)
        return self.matrices[tahun]

    def check(self, row: Row) -> None:
        values = row.values
        for name in ("hasil_kerja", "perilaku"):
            if values.get(name):
                code = self.words.get(Alias.Family.RATING, values[name])
                if code is None:
                    row.error(
                        name,
                        f"{self.label_of(name)} '{values[name]}' tidak dikenal; nilai yang "
                        f"diterima: {self.words.accepted(Alias.Family.RATING)}.",
                    )
                values[name] = code or ""
        written = values.get("predikat") or ""
        predikat = self.words.get(Alias.Family.PREDIKAT, written) if written else None
        if written and predikat is None:
            row.error(
                "predikat",
                f"Predikat '{written}' tidak dikenal; nilai yang diterima: "
                f"{self.words.accepted(Alias.Family.PREDIKAT)}.",
            )
        hasil, perilaku = values.get("hasil_kerja"), values.get("perilaku")
        if bool(hasil) != bool(perilaku):
            row.error(
                "hasil_kerja", "Isi rating hasil kerja dan perilaku keduanya, atau kosongkan."
            )
        elif hasil and perilaku:
            derived = ninebox.derive_predikat(hasil, perilaku, self.matrix(values.get("tahun")))
            if predikat and predikat != derived:
                row.error(
                    "predikat",
                    f"Predikat '{written}' tidak sesuai matriks Permen PANRB 6/2022 untuk "
                    f"rating tersebut (seharusnya {ninebox.PREDIKAT_LABEL[derived]}).",
                )
            predikat = derived
        if not predikat and not row.errors:
            row.error("predikat", "PREDIKAT wajib diisi (atau kedua rating).")
        values["predikat"] = predikat or ""
        if len(values.get("keterangan") or "") > 250:
            row.error("keterangan", "KETERANGAN terlalu panjang (maks. 250 karakter).")

    def describe(self, field_name: str, value: object) -> str:
        if field_name == "predikat" and value:
            return ninebox.PREDIKAT_LABEL.get(value, str(value))
        if field_name in ("hasil_kerja", "perilaku") and value:
            return RATING_LABEL.get(value, str(value))
        return super().describe(field_name, value)


@register
class PotensialImport(_ByNip):
    key = "potensial"
    label = "Data potensial"
    done_url_name = "talent:period_list"
    key_column = "nip"
    model = PotentialRecord
    second = "tanggal"
    fields = (
        "sumber",
        "skor",
        "nilai_pendidikan",
        "nilai_pelatihan",
        "nilai_pangkat",
        "nilai_rekam_jejak",
        "nilai_tes_potensi",
        "nilai_kesesuaian_bidang",
    )
    columns = [
        NIP,
        Column(
            "tanggal",
            "TANGGAL ASESMEN",
            parse=cells.date,
            required=True,
            aliases=("TANGGAL", "TGL ASESMEN", "TANGGAL PENILAIAN"),
            example="15-03-2026",
        ),
        Column(
            "sumber",
            "SUMBER",
            aliases=("PENYELENGGARA", "LEMBAGA ASESMEN"),
            example="UPT Penilaian Kompetensi",
            width=28,
        ),
        Column(
            "skor",
            "SKOR",
            parse=score,
            aliases=(
                "JPM",
                "JPM (%)",
                "SKOR ASESMEN",
                "NILAI ASESMEN",
                "SKOR POTENSIAL",
                "NILAI POTENSIAL",
            ),
            example=84.5,
        ),
        Column("nilai_pendidikan", "NILAI PENDIDIKAN", parse=score, example=""),
        Column("nilai_pelatihan", "NILAI PELATIHAN", parse=score, example=""),
        Column("nilai_pangkat", "NILAI PANGKAT", parse=score, example=""),
        Column("nilai_rekam_jejak", "NILAI REKAM JEJAK", parse=score, example=""),
        Column("nilai_tes_potensi", "NILAI TES POTENSI", parse=score, example=""),
        Column(
            "nilai_kesesuaian_bidang",
            "NILAI KESESUAIAN BIDANG",
            parse=score,
            aliases=("KESESUAIAN BIDANG PENDIDIKAN",),
            example="",
        ),
    ]

    def check(self, row: Row) -> None:
        values = row.values
        numbers = [values.get(name) for name in self.fields if name != "sumber"]
        # A number that could not be read is reported already; "fill one" would add noise.
        if all(number is None for number in numbers) and not row.bad:
            row.error("skor", "Isi SKOR atau setidaknya satu nilai komponen.")
        if len(values.get("sumber") or "") > 200:
            row.error("sumber", "SUMBER terlalu panjang (maks. 200 karakter).")
