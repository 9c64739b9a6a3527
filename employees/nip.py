"""NIP rules (Nomor Induk Pegawai), pure functions with no Django in sight.

PNS NIP, 18 digits: YYYYMMDD birth date, YYYYMM TMT CPNS, one sex digit (1 man, 2 woman),
a three-digit sequence, e.g. 19860926 201505 1 001. The NI PPPK shares the layout but digits
13-14 are not a month (real numbers read 202421, 202521), so they are not checked as one.

Each rule has its own Indonesian message, so a spreadsheet row can say exactly what is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

NIP_LENGTH = 18
STATUS_PPPK = "PPPK"
_SPACES = re.compile(r"[\s\u00a0\u200b]+")


@dataclass(frozen=True)
class NipParts:
    tanggal_lahir: dt.date
    tahun_tmt: int
    bulan_tmt: int | None  # None for PPPK: digits 13-14 are not a month
    jenis_kelamin: str  # "L" or "P"
    urut: str


def normalise(raw: object) -> str:
    """The NIP as it should be stored: the text with every kind of space removed."""
    if raw is None:
        return ""
    return _SPACES.sub("", str(raw))


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def validate(
    raw: object,
    *,
    status: str | None = None,
    tanggal_lahir: dt.date | None = None,
    jenis_kelamin: str | None = None,
    tmt_cpns: dt.date | None = None,
    today: dt.date | None = None,
) -> list[str]:
    """Every problem with this NIP, as messages; an empty list means it is valid.

    `status` is PNS, CPNS or PPPK; the other keyword arguments are what the record itself says,
    checked for agreement with the NIP when given."""
    today = today or dt.date.today()
    nip = normalise(raw)
    if not nip:
        return ["NIP wajib diisi."]
    if not nip.isdigit():
        bad = "".join(sorted({c for c in nip if not c.isdigit()}))
        return [f"NIP hanya boleh berisi angka; ditemukan karakter '{bad}'."]
    if len(nip) != NIP_LENGTH:
        return [f"NIP harus {NIP_LENGTH} digit; yang diisi {len(nip)} digit."]

    errors: list[str] = []
    born = _date_or_none(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if born is None:
        errors.append(f"Digit 1-8 NIP ({nip[0:8]}) bukan tanggal lahir yang valid.")
    elif born > today:
        errors.append(f"Tanggal lahir pada NIP ({born:%d-%m-%Y}) ada di masa depan.")

    year_tmt, month_tmt = int(nip[8:12]), int(nip[12:14])
    if status == STATUS_PPPK:
        if not 1900 <= year_tmt <= today.year + 1:
            errors.append(f"Digit 9-12 NI PPPK ({nip[8:12]}) bukan tahun yang valid.")
    else:
        if not (1 <= month_tmt <= 12 and 1900 <= year_tmt <= today.year + 1):
            errors.append(f"Digit 9-14 NIP ({nip[8:14]}) bukan tahun-bulan TMT CPNS yang valid.")
        elif born is not None and (year_tmt, month_tmt) < (born.year, born.month):
            errors.append(
                f"TMT CPNS pada NIP ({month_tmt:02d}-{year_tmt}) lebih awal dari tanggal lahir."
            )

    sex_digit = nip[14]
    if sex_digit not in "12":
        errors.append(f"Digit ke-15 NIP (jenis kelamin) harus 1 atau 2; yang diisi {sex_digit}.")

    if born is not None and tanggal_lahir is not None and tanggal_lahir != born:
        errors.append(
            f"Tanggal lahir ({tanggal_lahir:%d-%m-%Y}) tidak sesuai dengan NIP ({born:%d-%m-%Y})."
        )
    if sex_digit in "12" and jenis_kelamin:
        from_nip = "L" if sex_digit == "1" else "P"
        if jenis_kelamin != from_nip:
            label = {"L": "laki-laki", "P": "perempuan"}
            errors.append(
                f"Jenis kelamin ({label.get(jenis_kelamin, jenis_kelamin)}) tidak sesuai "
                f"dengan NIP ({label[from_nip]})."
            )
    tmt_is_month = status != STATUS_PPPK and 1 <= month_tmt <= 12
    if tmt_is_month and tmt_cpns and (tmt_cpns.year, tmt_cpns.month) != (year_tmt, month_tmt):
        errors.append(
            f"TMT CPNS ({tmt_cpns:%m-%Y}) tidak sesuai dengan NIP ({month_tmt:02d}-{year_tmt})."
        )
    return errors


def parse(nip: str, *, status: str | None = None) -> NipParts:
    """Split a NIP that `validate` accepted into its parts."""
    nip = normalise(nip)
    errors = validate(nip, status=status)
    if errors:
        raise ValueError(errors[0])
    return NipParts(
        tanggal_lahir=dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8])),
        tahun_tmt=int(nip[8:12]),
        bulan_tmt=None if status == STATUS_PPPK else int(nip[12:14]),
        jenis_kelamin="L" if nip[14] == "1" else "P",
        urut=nip[15:18],
    )


def build(
    tanggal_lahir: dt.date, tahun_tmt: int, bulan_tmt: int, jenis_kelamin: str, urut: int
) -> str:
    """Compose a NIP from its parts (demo data and tests)."""
    sex = "1" if jenis_kelamin == "L" else "2"
    return f"{tanggal_lahir:%Y%m%d}{tahun_tmt:04d}{bulan_tmt:02d}{sex}{urut:03d}"
