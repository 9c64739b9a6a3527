"""Data quality of an agency's ASN records, in BKN's four dimensions.

Since 2024 BKN scores agencies' SIASN data on completeness (kelengkapan), timeliness
(kemutakhiran), accuracy (akurasi) and consistency (konsistensi). Each dimension here is a
set of checks, each check a pure function of one record; a dimension's figure is the share of
active records that pass all its checks. Which checks belong where, and the figures they use
(retirement ages, youngest age at TMT CPNS, longest CPNS period) are this module's reading,
shown as provisional on the page; the figures are settings (IMPORT_PLAUSIBILITY,
DATA_QUALITY), not constants. Retirement age, age at TMT CPNS and a JPT's golongan are the
import preview's plausibility rules (employees.plausibility), applied to stored records.

Computed in one pass over the agency's active records (one query, values only), so the page
and the export cost the same queries whatever the agency's size."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import nip as nip_rules
from . import plausibility
from .models import Employee, Golongan, JenisJabatan, StatusKepegawaian

# The values each check reads, and the list shows (one query).
FIELDS = (
    "id", "nip", "nama", "gelar_depan", "gelar_belakang", "unit__nama", "status",
    "tanggal_lahir", "jenis_kelamin", "tmt_cpns", "golongan_id", "unit_id", "pendidikan_id",
    "jenis_jabatan_id", "jenjang_fungsional", "jabatan",
)  # fmt: skip
Record = dict[str, Any]
StrOrPromise = str | Promise  # a label: text, or text translated when shown


class Dimension:
    KELENGKAPAN = "kelengkapan"
    KEMUTAKHIRAN = "kemutakhiran"
    AKURASI = "akurasi"
    KONSISTENSI = "konsistensi"


DIMENSIONS = {
    Dimension.KELENGKAPAN: _("Kelengkapan"),
    Dimension.KEMUTAKHIRAN: _("Kemutakhiran"),
    Dimension.AKURASI: _("Akurasi"),
    Dimension.KONSISTENSI: _("Konsistensi"),
}


@dataclass(frozen=True)
class Rules:
    """What the checks need besides the record: reference tables and provisional figures."""

    today: dt.date
    golongan: dict[int, tuple[bool, int, str]]  # id -> (PPPK golongan, order, name)
    jenis_jabatan: dict[int, tuple[str, str]]  # id -> (code, name)
    thresholds: plausibility.Thresholds
    longest_cpns_years: int

    @classmethod
    def load(cls, today: dt.date | None = None) -> Rules:
        plausible: dict[str, Any] = settings.IMPORT_PLAUSIBILITY
        golongan = {
            pk: (pppk, order, name)
            for pk, pppk, order, name in Golongan.objects.values_list(
                "pk", "untuk_pppk", "urutan", "nama"
            )
        }
        lowest = [
            order
            for pppk, order, name in golongan.values()
            if not pppk and name == plausible["jpt_golongan_minimal"]
        ]
        return cls(
            today=today or timezone.localdate(),
            golongan=golongan,
            jenis_jabatan={
                pk: (code, name)
                for pk, code, name in JenisJabatan.objects.values_list("pk", "kode", "nama")
            },
            thresholds=plausibility.Thresholds(
                bup=plausible["bup"],
                jpt_lowest_rank=lowest[0] if lowest else None,
                cpns_age=plausible["usia_cpns_minimal"],
            ),
            longest_cpns_years=settings.DATA_QUALITY["cpns_tahun_maksimal"],
        )


def _read_nip(record: Record) -> None:
    """Parse the record's NIP once for all the checks: its parts, or why it is invalid."""
    try:
        record["nip_parts"] = nip_rules.parse(record["nip"], status=record["status"])
        record["nip_problem"] = None
    except ValueError as problem:
        record["nip_parts"] = None
        record["nip_problem"] = str(problem)


def _read_doubts(record: Record, rules: Rules) -> None:
    """The import's plausibility doubts about the record (retirement age, age at TMT CPNS,
    a JPT's golongan), by field: the same rule and the same words as the import preview."""
    pppk, rank, golongan = rules.golongan.get(record["golongan_id"], (True, None, ""))
    code, jenis = rules.jenis_jabatan.get(record["jenis_jabatan_id"], ("", ""))
    subject = plausibility.Record(
        tanggal_lahir=record["tanggal_lahir"],
        tmt_cpns=record["tmt_cpns"],
        aktif=True,
        jenis_jabatan=code,
        jenis_jabatan_nama=jenis,
        jenjang_fungsional=record["jenjang_fungsional"],
        golongan=golongan,
        golongan_rank=None if pppk else rank,
    )
    record["doubts"] = dict(plausibility.doubts(subject, rules.thresholds, rules.today))


def _doubt(field_name: str) -> Callable[[Record, Rules], str | None]:
    def check(record: Record, rules: Rules) -> str | None:
        doubt: str | None = record["doubts"].get(field_name)
        return doubt

    return check


def _is_pns(record: Record) -> bool:
    return bool(record["status"] != StatusKepegawaian.PPPK)


# Each check: the record, the rules -> None when it passes, else what is wrong (for the list).
def _missing(field_name: str, what: StrOrPromise) -> Callable[[Record, Rules], str | None]:
    def check(record: Record, rules: Rules) -> str | None:
        return None if record[field_name] else str(what)

    return check


def _nip_invalid(record: Record, rules: Rules) -> str | None:
    problem: str | None = record["nip_problem"]
    return problem


def _nip_birth_date(record: Record, rules: Rules) -> str | None:
    parts = record["nip_parts"]
    if parts is None or parts.tanggal_lahir == record["tanggal_lahir"]:
        return None
    return str(
        _("Tanggal lahir %(record)s, menurut NIP %(nip)s")
        % {
            "record": f"{record['tanggal_lahir']:%d-%m-%Y}",
            "nip": f"{parts.tanggal_lahir:%d-%m-%Y}",
        }
    )


def _nip_sex(record: Record, rules: Rules) -> str | None:
    parts = record["nip_parts"]
    if parts is None or parts.jenis_kelamin == record["jenis_kelamin"]:
        return None
    return str(
        _("Jenis kelamin %(record)s, menurut NIP %(nip)s")
        % {"record": record["jenis_kelamin"], "nip": parts.jenis_kelamin}
    )


def _nip_tmt_cpns(record: Record, rules: Rules) -> str | None:
    parts = record["nip_parts"]
    tmt = record["tmt_cpns"]
    if parts is None or parts.bulan_tmt is None or tmt is None:
        return None
    if (tmt.year, tmt.month) == (parts.tahun_tmt, parts.bulan_tmt):
        return None
    return str(
        _("TMT CPNS %(record)s, menurut NIP %(nip)s")
        % {"record": f"{tmt:%m-%Y}", "nip": f"{parts.bulan_tmt:02d}-{parts.tahun_tmt}"}
    )


def _golongan_status(record: Record, rules: Rules) -> str | None:
    golongan = record["golongan_id"]
    if golongan is None:
        return None
    if rules.golongan[golongan][0] == (record["status"] == StatusKepegawaian.PPPK):
        return None
    if record["status"] == StatusKepegawaian.PPPK:
        return str(_("Status PPPK dengan golongan PNS"))
    return str(_("Status %(status)s dengan golongan PPPK") % {"status": record["status"]})


def _long_cpns(record: Record, rules: Rules) -> str | None:
    tmt = record["tmt_cpns"]
    if record["status"] != StatusKepegawaian.CPNS or tmt is None:
        return None
    if plausibility.age(tmt, rules.today) < rules.longest_cpns_years:
        return None
    return str(_("Masih CPNS sejak %(tmt)s") % {"tmt": f"{tmt:%d-%m-%Y}"})


@dataclass(frozen=True)
class Check:
    key: str
    dimension: str
    label: StrOrPromise
    test: Callable[[Record, Rules], str | None]
    applies: Callable[[Record], bool] = lambda record: True


CHECKS: tuple[Check, ...] = (
    Check("tanpa_pendidikan", Dimension.KELENGKAPAN, _("Pendidikan kosong"),
          _missing("pendidikan_id", _("Pendidikan kosong"))),
    Check("tanpa_unit", Dimension.KELENGKAPAN, _("Unit kerja kosong"),
          _missing("unit_id", _("Unit kerja kosong"))),
    Check("tanpa_golongan", Dimension.KELENGKAPAN, _("Golongan kosong"),
          _missing("golongan_id", _("Golongan kosong"))),
    Check("tanpa_jabatan", Dimension.KELENGKAPAN, _("Jabatan kosong"),
          _missing("jabatan", _("Nama jabatan kosong"))),
    Check("tanpa_jenis_jabatan", Dimension.KELENGKAPAN, _("Jenis jabatan kosong"),
          _missing("jenis_jabatan_id", _("Jenis jabatan kosong"))),
    Check("tanpa_tmt_cpns", Dimension.KELENGKAPAN, _("TMT CPNS kosong (PNS/CPNS)"),
          _missing("tmt_cpns", _("TMT CPNS kosong")), _is_pns),
    Check("lewat_bup", Dimension.KEMUTAKHIRAN, _("Masih aktif melewati batas usia pensiun"),
          _doubt("tanggal_lahir")),
    Check("cpns_lama", Dimension.KEMUTAKHIRAN, _("Masih berstatus CPNS terlalu lama"),
          _long_cpns),
    Check("nip_tidak_valid", Dimension.AKURASI, _("NIP tidak valid"), _nip_invalid),
    Check("nip_tanggal_lahir", Dimension.AKURASI, _("NIP tidak sesuai tanggal lahir"),
          _nip_birth_date),
    Check("nip_jenis_kelamin", Dimension.AKURASI, _("NIP tidak sesuai jenis kelamin"),
          _nip_sex),
    Check("nip_tmt_cpns", Dimension.AKURASI, _("NIP tidak sesuai TMT CPNS"), _nip_tmt_cpns),
    Check("golongan_status", Dimension.KONSISTENSI,
          _("Golongan tidak sesuai status (PNS/PPPK)"), _golongan_status),
    Check("cpns_terlalu_muda", Dimension.KONSISTENSI, _("TMT CPNS sebelum usia minimal"),
          _doubt("tmt_cpns")),
    Check("jpt_golongan", Dimension.KONSISTENSI, _("JPT dengan golongan di bawah minimal"),
          _doubt("golongan")),
)  # fmt: skip
CHECK_BY_KEY = {check.key: check for check in CHECKS}


@dataclass
class Finding:
    record: Record
    check: Check
    detail: str


@dataclass
class Report:
    """The figures of one agency: per dimension, the share of records that pass; per check,
    the records that fail it."""

    total: int = 0
    failing: dict[str, list[Finding]] = field(default_factory=dict)  # check key -> findings
    clean: dict[str, int] = field(default_factory=dict)  # dimension -> records passing all

    def percent(self, dimension: str) -> float:
        return 100.0 * self.clean.get(dimension, 0) / self.total if self.total else 100.0

    @property
    def index(self) -> float:
        """The four dimensions averaged, as BKN's index is."""
        return sum(self.percent(d) for d in DIMENSIONS) / len(DIMENSIONS)

    def dimensions(self) -> Iterator[dict[str, Any]]:
        for key, label in DIMENSIONS.items():
            yield {
                "key": key,
                "label": label,
                "percent": self.percent(key),
                "checks": [
                    {"check": c, "count": len(self.failing.get(c.key, []))}
                    for c in CHECKS
                    if c.dimension == key
                ],
            }


def inspect(records: Iterable[Record], rules: Rules) -> Report:
    """Run every check over the records (pure: no database)."""
    report = Report(failing={c.key: [] for c in CHECKS})
    for record in records:
        report.total += 1
        _read_nip(record)
        _read_doubts(record, rules)
        dirty: set[str] = set()
        for check in CHECKS:
            if not check.applies(record):
                continue
            detail = check.test(record, rules)
            if detail is not None:
                report.failing[check.key].append(Finding(record, check, detail))
                dirty.add(check.dimension)
        for dimension in DIMENSIONS:
            if dimension not in dirty:
                report.clean[dimension] = report.clean.get(dimension, 0) + 1
    return report


def agency_records(employees: QuerySet[Employee]) -> Iterator[Record]:
    """The active records of a (scoped) queryset, as the checks read them: one query."""
    yield from (
        employees.filter(aktif=True)
        .order_by("nama", "nip")
        .values(*FIELDS)
        .iterator(chunk_size=5000)
    )


def agency_report(employees: QuerySet[Employee], rules: Rules | None = None) -> Report:
    return inspect(agency_records(employees), rules or Rules.load())


def findings(report: Report, key: str | None) -> list[Finding]:
    """The findings of one check, or of all checks (grouped by check) when `key` is None."""
    if key is not None:
        return report.failing[key]
    return [finding for check in CHECKS for finding in report.failing[check.key]]
