"""The small checker every part of an instrument file is validated with, and the staff
survey's section (its items and Likert scale are data of the instrument)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _


class InstrumentError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Checker:
    errors: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        self.errors.append(message)

    def text(self, data: dict, key: str, where: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None or str(value).strip() == "":
            if required:
                self.add(_("%(where)s: '%(key)s' wajib diisi.") % {"where": where, "key": key})
            return ""
        return str(value).strip()

    def decimal(self, value: Any, where: str, key: str) -> Decimal | None:
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            self.add(
                _("%(where)s: '%(key)s' harus berupa angka, bukan %(value)r.")
                % {"where": where, "key": key, "value": value}
            )
            return None
        if not number.is_finite():
            self.add(_("%(where)s: '%(key)s' tidak sah.") % {"where": where, "key": key})
            return None
        return number

    def known_keys(self, item: dict, allowed: tuple[str, ...], where: str) -> None:
        """Refuse keys the file does not define. In YAML's {key: value} form an unquoted
        comma ends the value, so "{text: cuti, kenaikan pangkat}" would load as the text
        "cuti" and a stray key: the text is cut short without a word."""
        for key in item:
            if key not in allowed:
                self.add(
                    _(
                        "%(where)s: kunci '%(key)s' tidak dikenal (hanya %(allowed)s). Teks yang "
                        "memuat koma di dalam {...} perlu diapit tanda kutip."
                    )
                    % {"where": where, "key": key, "allowed": ", ".join(allowed)}
                )

    def mapping(self, item: Any, where: str) -> bool:
        if isinstance(item, dict):
            return True
        self.add(_("%(where)s harus berupa pemetaan.") % {"where": where})
        return False


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_survey(raw: Any, check: Checker) -> dict:
    """The staff survey: items and Likert scale are data. Absent means no survey."""
    if raw is None:
        return {}
    if not check.mapping(raw, _("Survei")):
        return {}
    scale = []
    raw_scale = raw.get("scale")
    if not isinstance(raw_scale, list) or len(raw_scale) < 2:
        check.add(_("Survei: 'scale' harus berisi minimal dua pilihan jawaban."))
        raw_scale = []
    for number, item in enumerate(raw_scale, start=1):
        item_where = _("Survei, skala ke-%(n)s") % {"n": number}
        if not check.mapping(item, item_where):
            continue
        value = item.get("value")
        if not _is_count(value):
            check.add(_("%(where)s: 'value' harus bilangan bulat.") % {"where": item_where})
            continue
        scale.append({"value": value, "label": check.text(item, "label", item_where)})
    values = [entry["value"] for entry in scale]
    if values != sorted(set(values)):
        check.add(_("Survei: nilai skala harus naik dan tidak berulang."))
    items, codes = [], set()
    raw_items = raw.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        check.add(_("Survei: daftar 'items' wajib ada dan tidak boleh kosong."))
        raw_items = []
    for number, item in enumerate(raw_items, start=1):
        item_where = _("Survei, butir ke-%(n)s") % {"n": number}
        if not check.mapping(item, item_where):
            continue
        check.known_keys(item, ("code", "text", "group"), item_where)
        code = check.text(item, "code", item_where)
        if code in codes:
            check.add(_("Survei: kode butir '%(code)s' dipakai dua kali.") % {"code": code})
        codes.add(code)
        entry = {"code": code, "text": check.text(item, "text", item_where)}
        if item.get("group"):
            entry["group"] = str(item["group"]).strip()
        items.append(entry)
    counts = {}
    for key in ("target_responses", "min_group_size"):
        value = raw.get(key)
        if value is None:
            check.add(_("Survei: '%(key)s' wajib diisi.") % {"key": key})
            continue
        if not _is_count(value) or value < 1:
            check.add(_("Survei: '%(key)s' harus bilangan bulat positif.") % {"key": key})
            continue
        counts[key] = value
    return {
        "provisional": bool(raw.get("provisional", False)),
        "note": str(raw.get("note") or "").strip(),
        "scale": scale,
        "items": items,
        **counts,
    }
