"""Computing a mapping period: every active employee of the agency gets one placement.

Built for a province's worth of staff: a handful of bulk reads, the pure rules in memory,
then one bulk insert. Calibrations survive a recomputation: the committee's box stays, the
computed box beside it is refreshed."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import F, IntegerField, QuerySet
from django.db.models.functions import Cast, Round
from django.utils import timezone

from agencies.models import AuditEvent, User
from employees.models import Employee, Pendidikan

from . import competency, ninebox
from .models import (
    CalibrationEvent,
    CalibrationMeeting,
    HukumanDisiplin,
    MappingPeriod,
    PerformanceRecord,
    Placement,
    PotentialRecord,
)

BATCH_SIZE = 2000
PLACEMENT_COLUMNS = (
    "period_id",
    "employee_id",
    "unit_id",
    "jenis_jabatan_id",
    "golongan_id",
    "predikat",
    "nilai_potensial",
    "nilai_kinerja",
    "kinerja",
    "potensial",
    "kotak_hitung",
    "kotak_kalibrasi",
    "kotak",
    "alasan",
    "penjelasan",
    "versi_pengaturan",
)


@dataclass
class ComputeResult:
    total: int
    terpetakan: int
    tidak_terpetakan: int
    kalibrasi_dipertahankan: int


def _rows(queryset: QuerySet[Any, Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a values_list query of numbers and codes as the driver returns them:
    without Django's converter call per value (the hundredths are integers already) and
    without a server-side cursor held past the implicit transaction."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(5000):
            yield from batch


def _in_hundredths(field: str) -> Cast:
    """A 0-100 value of two decimals as whole hundredths (84.5 -> 8450), converted by the
    database: the rules weigh integers, and 100k employees need no Decimal each. Rounded
    because SQLite keeps such values as floating point (0.29 * 100 = 28.999...)."""
    return Cast(Round(F(field) * 100), IntegerField())


def _read_components(
    fields: dict[str, str], wanted: list[str]
) -> tuple[list[str], dict[str, Cast]]:
    """The components a profile weighs that are fields of the record, and the expressions
    reading them in hundredths."""
    names = [name for name in fields if name in wanted]
    return names, {f"h_{name}": _in_hundredths(fields[name]) for name in names}


def _potential_components(
    period: MappingPeriod, rules: ninebox.Pengaturan
) -> dict[int, dict[str, int | None]]:
    """Latest potential record per employee (by date, then by entry order): the components
    the period's settings use, in hundredths."""
    if rules.metode_potensial == "bobot":
        wanted = [kode for kode, *_text in rules.sumbu_potensial.terms]
    else:
        wanted = ["skor"]
    if rules.skor_dari_jpm:
        wanted.append("skor")
    names, expressions = _read_components(PotentialRecord.COMPONENT_FIELDS, wanted)
    rows = (
        PotentialRecord.objects.filter(employee__instansi_id=period.instansi_id)
        .order_by("employee_id", "tanggal", "pk")
        .annotate(**expressions)
        .values_list("employee_id", *expressions)
    )
    latest: dict[int, dict[str, int | None]] = {}
    for employee_id, *values in _rows(rows):
        latest[employee_id] = dict(zip(names, values, strict=True))
    return latest


def _jpm_scores(
    period: MappingPeriod, potentials: dict[int, dict[str, int | None]]
) -> dict[int, tuple[Decimal, str]]:
    """#13: for the employees whose latest potential record has no assessment score, the JPM
    of their latest competency result against their current post's standard (capped at 100,
    the score's scale). Only the computable ones; a fixed number of queries."""
    lacking = {pk for pk, komponen in potentials.items() if komponen.get("skor") is None}
    if not lacking:
        return {}
    employees = [
        employee
        for employee in Employee.objects.filter(instansi_id=period.instansi_id, aktif=True).only(
            "pk", "instansi_id", "jabatan", "jenis_jabatan_id", "jenjang_fungsional"
        )
        if employee.pk in lacking
    ]
    found = {}
    for pk, result in competency.jpm_for_current_posts(employees).items():
        if result.percent is not None:
            found[pk] = (min(result.percent, Decimal(100)), str(result))
    return found


def _skp(
    period: MappingPeriod, rules: ninebox.Pengaturan
) -> tuple[dict[int, dict[int, str]], dict[int, dict[str, int | None]]]:
    """Predicates per employee and year, and (weighted profiles) the SKP year's other
    performance components, in hundredths."""
    years = [period.tahun_skp]
    if rules.kinerja_dua_tahun:
        years.append(period.tahun_skp - 1)
    skp: dict[int, dict[int, str]] = defaultdict(dict)
    components: dict[int, dict[str, int | None]] = {}
    wanted = (
        [kode for kode, *_text in rules.sumbu_kinerja.terms]
        if rules.metode_kinerja == "bobot"
        else []
    )
    names, expressions = _read_components(PerformanceRecord.COMPONENT_FIELDS, wanted)
    rows = (
        PerformanceRecord.objects.filter(employee__instansi_id=period.instansi_id, tahun__in=years)
        .annotate(**expressions)
        .values_list("employee_id", "tahun", "predikat", "hasil_kerja", "perilaku", *expressions)
    )
    matriks = rules.matriks_predikat
    for employee_id, tahun, predikat, hasil, perilaku, *values in _rows(rows):
        # With both ratings the period's own matrix decides, not the one used when the
        # record was saved.
        skp[employee_id][tahun] = matriks[hasil][perilaku] if hasil and perilaku else predikat
        if names and tahun == period.tahun_skp:
            components[employee_id] = dict(zip(names, values, strict=True))
    return skp, components


def _sanctions(period: MappingPeriod, rules: ninebox.Pengaturan) -> dict[int, list[Any]]:
    sanctions: dict[int, list[Any]] = defaultdict(list)
    if not rules.kecualikan_hukuman and not rules.needs_all_sanctions:
        return sanctions
    found = HukumanDisiplin.objects.filter(
        employee__instansi_id=period.instansi_id, tanggal__lte=period.tanggal_acuan
    )
    if not rules.needs_all_sanctions:
        found = found.filter(tingkat__in=rules.tingkat_hukuman)
    for employee_id, tingkat, tanggal in found.values_list("employee_id", "tingkat", "tanggal"):
        sanctions[employee_id].append((tingkat, tanggal))
    return sanctions


def _copy_text(value: object) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    text = str(value)
    # Nearly every value is a number or a plain sentence: look before replacing.
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
        text = text.replace("\r", "\\r")
    return text


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """Write the placements. On PostgreSQL through COPY: at 100k rows Django's bulk_create
    spends most of its time preparing values one by one, COPY streams them in one go."""
    if connection.vendor != "postgresql":
        Placement.objects.bulk_create(
            (Placement(**dict(zip(PLACEMENT_COLUMNS, row, strict=True))) for row in rows),
            batch_size=BATCH_SIZE,
        )
        return
    null = "\\N"
    # One comprehension a row (this loop runs 100k times): numbers through str, the few
    # texts through _copy_text.
    text = "".join(
        [
            "\t".join(
                [null if v is None else _copy_text(v) if type(v) is str else str(v) for v in row]
            )
            + "\n"
            for row in rows
        ]
    )
    buffer = io.StringIO(text)
    sql = "COPY {} ({}) FROM STDIN".format(
        connection.ops.quote_name(Placement._meta.db_table),
        ", ".join(connection.ops.quote_name(c) for c in PLACEMENT_COLUMNS),
    )
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if hasattr(raw, "copy_expert"):  # psycopg2
            raw.copy_expert(sql, buffer, size=1 << 20)
        else:  # psycopg 3
            with raw.copy(sql) as copy:
                copy.write(text)


def period_compute(*, period: MappingPeriod, actor: User | None = None) -> ComputeResult:
    """Place every active employee of the period's agency; replace the previous placements."""
    rules = period.rules
    skp, performance = _skp(period, rules)
    potentials = _potential_components(period, rules)
    sanctions = _sanctions(period, rules)
    jpm = _jpm_scores(period, potentials) if rules.skor_dari_jpm else {}
    # In key order, not the model's (by name): no sort of 100k names, and the placements
    # then reach their indexes and key checks in key order.
    employees = (
        Employee.objects.filter(instansi_id=period.instansi_id, aktif=True)
        .order_by("pk")
        .values_list("pk", "unit_id", "jenis_jabatan_id", "golongan_id", "pendidikan_id")
    )
    # Education codes by key: a ten-row table, cheaper than a join over every employee.
    education = dict(Pendidikan.objects.values_list("pk", "kode"))

    rows: list[tuple[Any, ...]] = []
    # Read once, not 100k times in the loop below.
    period_pk, versi, tahun_skp, acuan = (
        period.pk,
        period.versi_pengaturan,
        period.tahun_skp,
        period.tanggal_acuan,
    )
    with transaction.atomic():
        calibrated = dict(
            Placement.objects.filter(period=period, kotak_kalibrasi__isnull=False).values_list(
                "employee_id", "kotak_kalibrasi"
            )
        )
        kept = 0
        for pk, unit_id, jenis_id, golongan_id, pendidikan_id in _rows(employees):
            result = ninebox.place(
                ninebox.DataPegawai(
                    skp=skp.get(pk, {}),
                    potensial=potentials.get(pk),
                    hukuman=sanctions.get(pk, []),
                    kinerja_komponen=performance.get(pk, {}),
                    pendidikan=education.get(pendidikan_id),
                    jpm=jpm.get(pk),
                    perseratus=True,
                ),
                tahun_skp=tahun_skp,
                tanggal_acuan=acuan,
                pengaturan=rules,
            )
            # A calibration stands only while the employee is still mappable: the committee
            # moves people between boxes, it does not place people the data cannot place.
            kalibrasi = calibrated.get(pk) if result.terpetakan else None
            kept += kalibrasi is not None
            # In the order of PLACEMENT_COLUMNS.
            rows.append(
                (
                    period_pk,
                    pk,
                    unit_id,
                    jenis_id,
                    golongan_id,
                    result.predikat,
                    result.nilai_potensial,
                    result.nilai_kinerja,
                    result.kinerja or "",
                    result.potensial or "",
                    result.kotak,
                    kalibrasi,
                    kalibrasi or result.kotak,
                    result.alasan[0] if result.alasan else "",
                    result.penjelasan,
                    versi,
                )
            )
        Placement.objects.filter(period=period).delete()
        _insert(rows)
        period.dihitung_pada = timezone.now()
        period.dihitung_oleh = actor
        period.save(update_fields=["dihitung_pada", "dihitung_oleh"])

    mapped = sum(1 for row in rows if row[10] is not None)
    outcome = ComputeResult(
        total=len(rows),
        terpetakan=mapped,
        tidak_terpetakan=len(rows) - mapped,
        kalibrasi_dipertahankan=kept,
    )
    AuditEvent.record(
        action="talent.compute",
        summary=(
            f"Pemetaan talenta {period.nama} dihitung: {outcome.terpetakan} terpetakan, "
            f"{outcome.tidak_terpetakan} tidak terpetakan"
        ),
        actor=actor,
        instansi=period.instansi,
        period=period.pk,
        versi_pengaturan=period.versi_pengaturan,
    )
    return outcome


def placement_calibrate(
    *,
    placement: Placement,
    ke_kotak: int,
    alasan: str,
    actor: User,
    rapat: CalibrationMeeting | None = None,
) -> CalibrationEvent:
    """Move one placed employee to another box; the computed box stays beside it. The move
    is recorded with a warning when the box contradicts the SKP predicate, and with the
    committee meeting it was made in."""
    alasan = alasan.strip()
    if not alasan:
        raise ValueError("Alasan kalibrasi wajib diisi.")
    if placement.kotak_hitung is None:
        raise ValueError("Pegawai yang tidak terpetakan tidak dapat dikalibrasi.")
    if ke_kotak not in range(1, 10):
        raise ValueError("Kotak tujuan harus 1 sampai 9.")
    if rapat is not None and (rapat.period_id != placement.period_id or not rapat.terbuka):
        raise ValueError("Rapat kalibrasi ini sudah ditutup atau bukan untuk periode ini.")
    warning = ninebox.calibration_warning(placement.predikat, ke_kotak, placement.period.rules)
    with transaction.atomic():
        # A mapped placement always has a box (the calibrated one, else the computed one).
        dari = placement.kotak or placement.kotak_hitung
        # Moving back to the computed box clears the calibration instead of stacking one.
        placement.kotak_kalibrasi = None if ke_kotak == placement.kotak_hitung else ke_kotak
        placement.kotak = ke_kotak
        placement.save(update_fields=["kotak_kalibrasi", "kotak"])
        event = CalibrationEvent.objects.create(
            period_id=placement.period_id,
            employee_id=placement.employee_id,
            dari_kotak=dari,
            ke_kotak=ke_kotak,
            alasan=alasan,
            oleh=actor,
            rapat=rapat,
            peringatan=warning,
        )
    AuditEvent.record(
        action="talent.calibrate",
        summary=f"Kalibrasi pegawai {placement.employee_id}: kotak {dari} -> {ke_kotak}",
        actor=actor,
        instansi=placement.period.instansi,
        period=placement.period_id,
        employee=placement.employee_id,
        alasan=alasan,
        rapat=rapat.pk if rapat else None,
        peringatan=warning,
    )
    return event


def meeting_open(
    *,
    period: MappingPeriod,
    tanggal: dt.date,
    pimpinan: str,
    anggota: str,
    actor: User,
    tempat: str = "",
) -> CalibrationMeeting:
    """Open a meeting of the talent committee for the period (members one per line)."""
    rapat = CalibrationMeeting.objects.create(
        period=period,
        tanggal=tanggal,
        tempat=tempat.strip(),
        pimpinan=pimpinan.strip(),
        anggota=anggota.strip(),
        dibuat_oleh=actor,
    )
    AuditEvent.record(
        action="talent.calibration.open",
        summary=f"Rapat kalibrasi {rapat.tanggal:%d-%m-%Y} periode {period.nama} dibuka",
        actor=actor,
        instansi=period.instansi,
        period=period.pk,
        rapat=rapat.pk,
    )
    return rapat


def meeting_close(*, rapat: CalibrationMeeting, catatan: str, actor: User) -> CalibrationMeeting:
    """Close the committee meeting with its conclusions; the period is then calibrated."""
    if not rapat.terbuka:
        raise ValueError("Rapat kalibrasi ini sudah ditutup.")
    now = timezone.now()
    with transaction.atomic():
        rapat.catatan = catatan.strip()
        rapat.selesai_pada = now
        rapat.save(update_fields=["catatan", "selesai_pada"])
        period = rapat.period
        period.dikalibrasi_pada = now
        period.save(update_fields=["dikalibrasi_pada"])
    AuditEvent.record(
        action="talent.calibration.close",
        summary=(
            f"Rapat kalibrasi {rapat.tanggal:%d-%m-%Y} periode {rapat.period.nama} ditutup: "
            f"{rapat.perpindahan.count()} perpindahan"
        ),
        actor=actor,
        instansi=rapat.period.instansi,
        period=rapat.period_id,
        rapat=rapat.pk,
    )
    return rapat
