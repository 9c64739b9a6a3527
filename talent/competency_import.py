"""Two kinds for the shared spreadsheet importer: competency results ("kompetensi", one row
per employee and assessment, one column per competency) and post competency standards
("standar-kompetensi", one row per post or post type). The competency columns come from the
competency list (employees.Kompetensi, data): a technical competency added there becomes a
column of both templates without a code change. Screens: /pegawai/impor/kompetensi/ and
/pegawai/impor/standar-kompetensi/."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

from django.db.models import Q
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from employees.importing import Column, ImportKind, Row, cells, register
from employees.models import (
    Employee,
    HasilKompetensi,
    JenisJabatan,
    Kompetensi,
    NilaiKompetensi,
)
from employees.pegawai_columns import JENJANG_LABEL, NIP

from .models import StandarKompetensi, StandarKompetensiLevel

PREFIX = "k:"  # competency columns' field names: "k:<kode>"

# How assessment sheets write the method; folded (case, spaces, punctuation) before lookup.
METODE_WORDS = {
    "pemetaan": HasilKompetensi.Metode.PEMETAAN,
    "pemetaan kompetensi": HasilKompetensi.Metode.PEMETAAN,
    "assessment center": HasilKompetensi.Metode.PEMETAAN,
    "assessment centre": HasilKompetensi.Metode.PEMETAAN,
    "ac": HasilKompetensi.Metode.PEMETAAN,
    "asesmen": HasilKompetensi.Metode.PEMETAAN,
    "uji kompetensi": HasilKompetensi.Metode.UJI_KOMPETENSI,
    "ukom": HasilKompetensi.Metode.UJI_KOMPETENSI,
    "uji_kompetensi": HasilKompetensi.Metode.UJI_KOMPETENSI,
}
METODE_LABEL = {"pemetaan": "Pemetaan", "uji_kompetensi": "Uji kompetensi"}


def _fold(text: str) -> str:
    return " ".join(text.replace("-", " ").replace("/", " ").split()).casefold()


def _metode(written: object) -> str | None:
    """The method code of what a sheet wrote; blank means mapping (assessment centre)."""
    if not written:
        return str(HasilKompetensi.Metode.PEMETAAN)
    found = METODE_WORDS.get(_fold(str(written)))
    return str(found) if found else None


def level(value: object) -> int | None:
    """A level 1-5: 3, 3.0, "3" or "Level 3"; blank is None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise cells.CellError("Level kompetensi harus angka 1 sampai 5.")
    raw = cells.text(value).casefold().removeprefix("level").strip().replace(",", ".")
    if not raw:
        return None
    try:
        number = float(raw)
    except ValueError as exc:
        raise cells.CellError(f"Level '{cells.text(value)}' bukan angka 1 sampai 5.") from exc
    if not number.is_integer() or not 1 <= number <= 5:
        raise cells.CellError(f"Level {cells.text(value)} di luar 1 sampai 5 (bilangan bulat).")
    return int(number)


def competency_columns() -> list[Column]:
    return [
        Column(
            f"{PREFIX}{k.kode}",
            k.nama.upper(),
            parse=level,
            aliases=(k.kode, k.nama, *k.aliases),
            choices=("1", "2", "3", "4", "5"),
            example=3,
            width=max(12, min(len(k.nama) + 2, 24)),
        )
        for k in Kompetensi.objects.filter(aktif=True).order_by("urutan", "kode")
    ]


class _WithCompetencyColumns:
    """`columns` of a kind: its fixed columns, then one per active competency. Read from
    the database when asked; an import run (an instance) reads it once."""

    def __get__(self, obj: Any, owner: type) -> list[Column]:
        if obj is not None and "_columns" in obj.__dict__:
            return obj.__dict__["_columns"]
        columns = [*owner.fixed_columns, *competency_columns()]  # type: ignore[attr-defined]
        if obj is not None:
            obj.__dict__["_columns"] = columns
        return columns


class _CompetencyKind(ImportKind):
    fixed_columns: list[Column] = []
    columns = _WithCompetencyColumns()
    done_url_name = "talent:competency_list"

    def __init__(self, batch):
        super().__init__(batch)
        self.kompetensi = {k.kode: k for k in Kompetensi.objects.all()}

    def levels_of(self, values: dict[str, Any]) -> dict[str, int]:
        return {
            name[len(PREFIX) :]: value
            for name, value in values.items()
            if name.startswith(PREFIX) and value is not None
        }

    def describe(self, field_name: str, value: object) -> str:
        if field_name == "metode" and value:
            return METODE_LABEL.get(str(value), str(value))
        if field_name == "jenjang_fungsional" and value:
            return JENJANG_LABEL.get(str(value), str(value))
        return super().describe(field_name, value)

    def _level_changes(self, row: Row, old: dict[str, int]) -> None:
        for kode, new in self.levels_of(row.values).items():
            if old.get(kode) != new:
                row.changes.append((f"{PREFIX}{kode}", old.get(kode), new))


@register
class KompetensiImport(_CompetencyKind):
    key = "kompetensi"
    label = "Hasil asesmen kompetensi"
    key_column = "nip"
    fixed_columns = [
        NIP,
        Column(
            "nama",
            "NAMA",
            aliases=("NAMA PEGAWAI", "NAMA LENGKAP", "NAMA ASN"),
            example="CONTOH Budi Santoso",
            width=26,
        ),
        Column(
            "tanggal",
            "TANGGAL ASESMEN",
            parse=cells.date,
            required=True,
            aliases=("TANGGAL", "TGL ASESMEN", "TANGGAL PELAKSANAAN", "TANGGAL UJI"),
            example="15-03-2026",
        ),
        Column(
            "metode",
            "METODE",
            aliases=("JENIS ASESMEN", "JENIS PENILAIAN", "KEGIATAN"),
            choices=("Pemetaan", "Uji kompetensi"),
            example="Pemetaan",
        ),
        Column(
            "lembaga",
            "LEMBAGA ASESOR",
            aliases=("PENYELENGGARA", "LEMBAGA", "ASESOR", "LEMBAGA ASESMEN", "PELAKSANA"),
            example="UPT Penilaian Kompetensi",
            width=28,
        ),
        Column("keterangan", "KETERANGAN", aliases=("CATATAN",), width=24),
        # What assessors' sheets add and Merit computes itself: read, never written.
        Column("jpm", "JPM", aliases=("JPM (%)", "NILAI JPM", "JPM %"), in_template=False),
        Column("kategori", "KATEGORI", aliases=("REKOMENDASI",), in_template=False),
        Column("jabatan", "JABATAN", aliases=("NAMA JABATAN",), in_template=False),
    ]

    def __init__(self, batch):
        super().__init__(batch)
        self.employees: dict[str, tuple[int, int, str]] = {}

    def key_of(self, values: dict[str, Any]) -> Hashable:
        return (values["nip"], values["tanggal"], _metode(values.get("metode")) or "?")

    def check(self, row: Row) -> None:
        values = row.values
        written = values.get("metode") or ""
        metode = _metode(written)
        if metode is None:
            row.error(
                "metode",
                f"Metode '{written}' tidak dikenal; tulis Pemetaan (assessment center) atau "
                "Uji kompetensi.",
            )
        values["metode"] = metode or ""
        if not self.levels_of(values) and not any(f.startswith(PREFIX) for f in row.bad):
            row.error("nip", "Baris tanpa level kompetensi: isi setidaknya satu kompetensi.")
        for name in ("lembaga", "keterangan"):
            if len(values.get(name) or "") > (200 if name == "lembaga" else 250):
                row.error(name, f"{self.label_of(name)} terlalu panjang.")

    def load_existing(self, keys: Iterable[Hashable]) -> dict[Hashable, Any]:
        keys = list(keys)
        if not keys:
            return {}
        nips = {key[0] for key in keys}  # type: ignore[index]
        for pk, nip, instansi_id, nama in Employee.objects.filter(nip__in=nips).values_list(
            "pk", "nip", "instansi_id", "nama"
        ):
            self.employees[nip] = (pk, instansi_id, nama)
        wanted = set(keys)
        found: dict[Hashable, Any] = {}
        for values in HasilKompetensi.objects.filter(employee__nip__in=nips).values(
            "pk", "employee__nip", "tanggal", "metode", "lembaga", "keterangan"
        ):
            record: dict[str, Any] = dict(values)
            key = (record["employee__nip"], record["tanggal"], record["metode"])
            if key in wanted:
                record["levels"] = {}
                found[key] = record
        by_pk = {record["pk"]: record for record in found.values()}
        for hasil_id, kode, value in NilaiKompetensi.objects.filter(
            hasil_id__in=list(by_pk)
        ).values_list("hasil_id", "kompetensi__kode", "level"):
            by_pk[hasil_id]["levels"][kode] = value
        return found

    def compare(self, row: Row) -> None:
        employee = self.employees.get(row.values["nip"])
        if employee is None:
            row.error("nip", "Tidak ada pegawai dengan NIP ini; impor data pegawainya dulu.")
            return
        if employee[1] != self.instansi.pk:
            row.error("nip", "NIP ini terdaftar pada instansi lain; baris ditolak.")
            return
        row.values["employee_id"] = employee[0]
        if row.existing is None:
            return
        for name in ("lembaga", "keterangan"):
            if name in row.values and (row.existing[name] or "") != (row.values[name] or ""):
                row.changes.append((name, row.existing[name], row.values[name]))
        self._level_changes(row, row.existing["levels"])

    def warn(self, row: Row) -> None:
        employee = self.employees.get(row.values["nip"])
        written = row.values.get("nama") or ""
        if employee and written and _fold(written) not in _fold(employee[2]):
            row.warn("nama", f"Nama di berkas '{written}' berbeda dari data pegawai.")

    def record_label(self, row: Row) -> str:
        employee = self.employees.get(row.values["nip"])
        return (
            f"{employee[2] if employee else ''} ({row.values['nip']}) "
            f"{self.describe('tanggal', row.values['tanggal'])}"
        )

    def write(self, new: list[Row], changed: list[Row]) -> None:
        reason = f"Impor berkas {self.batch.original_name}"[:100]
        created = []
        if new:
            created = bulk_create_with_history(
                [
                    HasilKompetensi(
                        employee_id=row.values["employee_id"],
                        tanggal=row.values["tanggal"],
                        metode=row.values["metode"],
                        lembaga=row.values.get("lembaga") or "",
                        keterangan=row.values.get("keterangan") or "",
                    )
                    for row in new
                ],
                HasilKompetensi,
                batch_size=1000,
                default_user=self.user,
                default_change_reason=reason,
            )
        levels_new: list[NilaiKompetensi] = []
        for row, hasil in zip(new, created, strict=True):
            levels_new += self._levels(hasil.pk, self.levels_of(row.values))
        levels_changed: list[tuple[int, str, int]] = []
        if changed:
            hasil_changed = []
            for row in changed:
                hasil = HasilKompetensi(
                    pk=row.existing["pk"],
                    employee_id=row.values["employee_id"],
                    tanggal=row.values["tanggal"],
                    metode=row.values["metode"],
                    lembaga=row.values.get("lembaga", row.existing["lembaga"]) or "",
                    keterangan=row.values.get("keterangan", row.existing["keterangan"]) or "",
                )
                hasil_changed.append(hasil)
                old = row.existing["levels"]
                for kode, value in self.levels_of(row.values).items():
                    if kode not in old:
                        levels_new += self._levels(hasil.pk, {kode: value})
                    elif old[kode] != value:
                        levels_changed.append((hasil.pk, kode, value))
            bulk_update_with_history(
                hasil_changed,
                HasilKompetensi,
                ["lembaga", "keterangan"],
                batch_size=500,
                default_user=self.user,
                default_change_reason=reason,
            )
        if levels_new:
            bulk_create_with_history(
                levels_new,
                NilaiKompetensi,
                batch_size=1000,
                default_user=self.user,
                default_change_reason=reason,
            )
        if levels_changed:
            _update_levels(NilaiKompetensi, "hasil_id", levels_changed, self.user, reason)

    def _levels(self, hasil_id: int, levels: dict[str, int]) -> list[NilaiKompetensi]:
        return [
            NilaiKompetensi(hasil_id=hasil_id, kompetensi=self.kompetensi[kode], level=value)
            for kode, value in levels.items()
        ]


def _update_levels(model, owner_field: str, changes, user, reason: str) -> None:
    """Set new levels on existing level rows: (owner pk, kompetensi kode, level) each."""
    condition = Q()
    for owner, kode, _value in changes:
        condition |= Q(**{owner_field: owner, "kompetensi__kode": kode})
    wanted = {(owner, kode): value for owner, kode, value in changes}
    rows = list(model.objects.filter(condition).select_related("kompetensi"))
    for item in rows:
        item.level = wanted[(getattr(item, owner_field), item.kompetensi.kode)]
    bulk_update_with_history(
        rows, model, ["level"], batch_size=500, default_user=user, default_change_reason=reason
    )


@register
class StandarKompetensiImport(_CompetencyKind):
    key = "standar-kompetensi"
    label = "Standar kompetensi jabatan"
    key_column = "nama_jabatan"
    done_url_name = "talent:standard_list"
    fixed_columns = [
        Column(
            "nama_jabatan",
            "NAMA JABATAN",
            aliases=("JABATAN", "NAMA JABATAN TARGET"),
            example="Kepala Bidang Pengadaan",
            width=32,
        ),
        Column(
            "jenis_jabatan",
            "JENIS JABATAN",
            aliases=("JENIS", "KELOMPOK JABATAN"),
            example="Administrator",
            width=18,
        ),
        Column(
            "jenjang_fungsional",
            "JENJANG",
            aliases=("JENJANG FUNGSIONAL", "JENJANG JABATAN"),
            choices=tuple(JENJANG_LABEL.values()),
            width=16,
        ),
        Column("keterangan", "KETERANGAN", aliases=("CATATAN",), width=24),
    ]

    def __init__(self, batch):
        super().__init__(batch)
        self.jenis = {}
        for jenis in JenisJabatan.objects.all():
            for word in (jenis.kode, jenis.nama):
                self.jenis[_fold(word.replace("_", " "))] = jenis
        self.jenjang = {_fold(label): code for code, label in JENJANG_LABEL.items()}
        self.jenjang.update({_fold(code.replace("_", " ")): code for code in JENJANG_LABEL})
        self._existing: dict[Hashable, Any] | None = None

    def _jenis(self, values: dict[str, Any]) -> JenisJabatan | None:
        written = values.get("jenis_jabatan") or ""
        return self.jenis.get(_fold(written)) if written else None

    def _jenjang(self, values: dict[str, Any]) -> str | None:
        written = values.get("jenjang_fungsional") or ""
        return self.jenjang.get(_fold(written)) if written else ""

    def key_of(self, values: dict[str, Any]) -> Hashable:
        jenis = self._jenis(values)
        return (
            _fold(values.get("nama_jabatan") or ""),
            jenis.pk if jenis else None,
            self._jenjang(values) or "",
        )

    def check(self, row: Row) -> None:
        values = row.values
        written = values.get("jenis_jabatan") or ""
        jenis = self._jenis(values)
        if written and jenis is None:
            row.error(
                "jenis_jabatan",
                f"Jenis jabatan '{written}' tidak dikenal; yang diterima: "
                + ", ".join(sorted({j.nama for j in self.jenis.values()})),
            )
        values["jenis_jabatan_id"] = jenis.pk if jenis else None
        jenjang = self._jenjang(values)
        if jenjang is None:
            row.error(
                "jenjang_fungsional", f"Jenjang '{values['jenjang_fungsional']}' tidak dikenal."
            )
        values["jenjang_fungsional"] = jenjang or ""
        if not values.get("nama_jabatan") and not written:
            row.error("nama_jabatan", "Isi NAMA JABATAN atau JENIS JABATAN.")
        if len(values.get("nama_jabatan") or "") > 250:
            row.error("nama_jabatan", "NAMA JABATAN terlalu panjang (maks. 250 karakter).")
        if not self.levels_of(values) and not any(f.startswith(PREFIX) for f in row.bad):
            row.error("nama_jabatan", "Isi level yang dipersyaratkan setidaknya satu kompetensi.")

    def load_existing(self, keys: Iterable[Hashable]) -> dict[Hashable, Any]:
        # An agency has a few hundred standards at most: all of them are read once.
        if self._existing is None:
            found: dict[Hashable, Any] = {}
            by_pk = {}
            for values in StandarKompetensi.objects.filter(instansi=self.instansi).values(
                "pk", "nama_jabatan", "jenis_jabatan_id", "jenjang_fungsional", "keterangan"
            ):
                standar: dict[str, Any] = dict(values)
                standar["levels"] = {}
                key = (
                    _fold(standar["nama_jabatan"]),
                    standar["jenis_jabatan_id"],
                    standar["jenjang_fungsional"],
                )
                found[key] = standar
                by_pk[standar["pk"]] = standar
            for standar_id, kode, value in StandarKompetensiLevel.objects.filter(
                standar_id__in=list(by_pk)
            ).values_list("standar_id", "kompetensi__kode", "level"):
                by_pk[standar_id]["levels"][kode] = value
            self._existing = found
        return {key: self._existing[key] for key in keys if key in self._existing}

    def compare(self, row: Row) -> None:
        if row.existing is None:
            return
        if (row.existing["keterangan"] or "") != (row.values.get("keterangan") or ""):
            row.changes.append(("keterangan", row.existing["keterangan"], row.values["keterangan"]))
        self._level_changes(row, row.existing["levels"])

    def record_label(self, row: Row) -> str:
        return row.values.get("nama_jabatan") or str(row.values.get("jenis_jabatan") or "")

    def write(self, new: list[Row], changed: list[Row]) -> None:
        reason = f"Impor berkas {self.batch.original_name}"[:100]
        levels_new: list[StandarKompetensiLevel] = []
        levels_changed: list[tuple[int, str, int]] = []
        for row in new:
            standar = StandarKompetensi(
                instansi=self.instansi,
                nama_jabatan=row.values.get("nama_jabatan") or "",
                jenis_jabatan_id=row.values["jenis_jabatan_id"],
                jenjang_fungsional=row.values["jenjang_fungsional"],
                keterangan=row.values.get("keterangan") or "",
            )
            standar._change_reason = reason  # type: ignore[attr-defined]
            standar._history_user = self.user  # type: ignore[attr-defined]
            standar.save()
            levels_new += self._levels(standar.pk, self.levels_of(row.values))
        for row in changed:
            pk = row.existing["pk"]
            if any(name == "keterangan" for name, _old, _new in row.changes):
                standar = StandarKompetensi.objects.get(pk=pk)
                standar.keterangan = row.values.get("keterangan") or ""
                standar._change_reason = reason  # type: ignore[attr-defined]
                standar._history_user = self.user  # type: ignore[attr-defined]
                standar.save()
            old = row.existing["levels"]
            for kode, value in self.levels_of(row.values).items():
                if kode not in old:
                    levels_new += self._levels(pk, {kode: value})
                elif old[kode] != value:
                    levels_changed.append((pk, kode, value))
        if levels_new:
            bulk_create_with_history(
                levels_new,
                StandarKompetensiLevel,
                batch_size=1000,
                default_user=self.user,
                default_change_reason=reason,
            )
        if levels_changed:
            _update_levels(StandarKompetensiLevel, "standar_id", levels_changed, self.user, reason)

    def _levels(self, standar_id: int, levels: dict[str, int]) -> list[StandarKompetensiLevel]:
        return [
            StandarKompetensiLevel(
                standar_id=standar_id, kompetensi=self.kompetensi[kode], level=value
            )
            for kode, value in levels.items()
        ]
