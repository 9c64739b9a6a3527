"""Load and export an instrument as one readable YAML file.

The file is validated as a whole before anything is written, and every problem is reported
in Indonesian with where it is, so an admin can fix the file in one go. An instrument version
that an assessment already uses is never changed: load it under a new version number."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from . import scoring
from .models import Aspect, CategoryBand, Indicator, Instrument, Level

LEVELS = list(range(scoring.MIN_LEVEL, scoring.MAX_LEVEL + 1))


class InstrumentError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class _Checker:
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


def parse_yaml(text: str | bytes) -> dict:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InstrumentError(
            [_("Berkas bukan YAML yang sah: %(error)s") % {"error": exc}]
        ) from exc
    if not isinstance(data, dict):
        raise InstrumentError([_("Berkas harus berisi satu instrumen (pemetaan kunci: nilai).")])
    return data


def validate(data: dict) -> dict:
    """Check the whole file and return it normalised; raise InstrumentError with every
    problem found."""
    check = _Checker()
    top = _("Instrumen")
    clean: dict[str, Any] = {
        "code": check.text(data, "code", top),
        "name": check.text(data, "name", top),
        "legal_basis": check.text(data, "legal_basis", top, required=False),
        "derived_note": check.text(data, "derived_note", top, required=False),
        "weights_note": check.text(data, "weights_note", top, required=False),
        "scoring_method": check.text(data, "scoring_method", top),
    }
    try:
        clean["version"] = int(data.get("version", 1))
        clean["year_from"] = int(data["year_from"])
        clean["year_to"] = int(data["year_to"]) if data.get("year_to") else None
    except (KeyError, TypeError, ValueError):
        check.add(_("Instrumen: 'version', 'year_from' dan 'year_to' harus berupa tahun/angka."))
    if clean["scoring_method"] and clean["scoring_method"] not in scoring.METHODS:
        check.add(
            _("Metode penilaian '%(key)s' tidak dikenal. Pilihan: %(known)s.")
            % {"key": clean["scoring_method"], "known": ", ".join(scoring.METHODS)}
        )

    clean["aspects"] = _validate_aspects(data.get("aspects"), check)
    clean["categories"] = _validate_bands(data.get("categories"), clean["aspects"], check)
    clean["survey_definition"] = _validate_survey(data.get("survey"), check)
    if check.errors:
        raise InstrumentError(check.errors)
    return clean


def _validate_aspects(raw: Any, check: _Checker) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        check.add(_("Instrumen: daftar 'aspects' wajib ada dan tidak boleh kosong."))
        return []
    aspects, aspect_codes, indicator_codes = [], set(), set()
    weight_sum = Decimal(0)
    for number, item in enumerate(raw, start=1):
        where = _("Aspek ke-%(n)s") % {"n": number}
        if not isinstance(item, dict):
            check.add(_("%(where)s harus berupa pemetaan.") % {"where": where})
            continue
        aspect = {
            "order": number,
            "code": check.text(item, "code", where),
            "name": check.text(item, "name", where),
            "description": check.text(item, "description", where, required=False),
            "weight": check.decimal(item.get("weight"), where, "weight"),
        }
        if aspect["name"]:
            where = f"{where} ({aspect['name']})"
        if aspect["code"] in aspect_codes:
            check.add(
                _("%(where)s: kode '%(code)s' dipakai dua kali.")
                % {"where": where, "code": aspect["code"]}
            )
        aspect_codes.add(aspect["code"])
        if aspect["weight"] is not None:
            if aspect["weight"] <= 0:
                check.add(_("%(where)s: bobot harus lebih dari 0.") % {"where": where})
            weight_sum += aspect["weight"]
        aspect["indicators"] = _validate_indicators(
            item.get("indicators"), where, indicator_codes, check
        )
        aspects.append(aspect)
    if weight_sum != Decimal(100):
        check.add(
            _("Jumlah bobot aspek harus 100, bukan %(sum)s.")
            % {"sum": f"{weight_sum.normalize():f}"}
        )
    return aspects


def _validate_indicators(
    raw: Any, aspect_where: str, codes: set[str], check: _Checker
) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        check.add(_("%(where)s: belum memiliki indikator.") % {"where": aspect_where})
        return []
    indicators = []
    for number, item in enumerate(raw, start=1):
        where = _("%(aspect)s, indikator ke-%(n)s") % {"aspect": aspect_where, "n": number}
        if not isinstance(item, dict):
            check.add(_("%(where)s harus berupa pemetaan.") % {"where": where})
            continue
        code = check.text(item, "code", where)
        if code:
            where = _("Indikator %(code)s") % {"code": code}
        if code and code in codes:
            check.add(_("Kode indikator '%(code)s' dipakai dua kali.") % {"code": code})
        codes.add(code)
        evidence = item.get("evidence") or []
        if not isinstance(evidence, list) or not all(
            isinstance(e, str) and e.strip() for e in evidence
        ):
            check.add(
                _("%(where)s: 'evidence' harus berupa daftar nama dokumen.") % {"where": where}
            )
            evidence = []
        indicators.append(
            {
                "order": number,
                "code": code,
                "question": check.text(item, "question", where),
                "guidance": check.text(item, "guidance", where, required=False),
                "evidence": [e.strip() for e in evidence],
                "levels": _validate_levels(item.get("levels"), where, check),
            }
        )
    return indicators


def _validate_levels(raw: Any, where: str, check: _Checker) -> dict[int, dict]:
    if not isinstance(raw, dict):
        check.add(_("%(where)s: 'levels' harus memuat level 1 sampai 4.") % {"where": where})
        return {}
    levels: dict[int, dict] = {}
    for key, value in raw.items():
        try:
            score = int(key)
        except (TypeError, ValueError):
            score = None
        if score not in LEVELS:
            check.add(
                _("%(where)s: level '%(key)s' tidak dikenal (hanya 1-4).")
                % {"where": where, "key": key}
            )
            continue
        if isinstance(value, str):
            value = {"description": value}
        if not isinstance(value, dict) or not str(value.get("description") or "").strip():
            check.add(_("%(where)s: uraian level %(n)s kosong.") % {"where": where, "n": score})
            continue
        levels[score] = {
            "description": str(value["description"]).strip(),
            "evidence": str(value.get("evidence") or "").strip(),
        }
    missing = [str(n) for n in LEVELS if n not in levels and n not in _seen_keys(raw)]
    if missing:
        check.add(
            _("%(where)s: level %(missing)s belum ada.")
            % {"where": where, "missing": ", ".join(missing)}
        )
    return levels


def _seen_keys(raw: dict) -> set[int]:
    seen = set()
    for key in raw:
        try:
            seen.add(int(key))
        except (TypeError, ValueError):
            continue
    return seen


def _validate_bands(raw: Any, aspects: list[dict], check: _Checker) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        check.add(_("Instrumen: daftar 'categories' wajib ada dan tidak boleh kosong."))
        return []
    bands = []
    for number, item in enumerate(raw, start=1):
        where = _("Kategori ke-%(n)s") % {"n": number}
        if not isinstance(item, dict):
            check.add(_("%(where)s harus berupa pemetaan.") % {"where": where})
            continue
        band = {
            "code": check.text(item, "code", where),
            "name": check.text(item, "name", where),
            "lower": check.decimal(item.get("lower"), where, "lower"),
            "upper": check.decimal(item.get("upper"), where, "upper"),
        }
        if band["lower"] is None or band["upper"] is None:
            continue
        if band["lower"] > band["upper"]:
            check.add(_("%(where)s: batas bawah lebih besar dari batas atas.") % {"where": where})
        bands.append(band)
    bands.sort(key=lambda b: b["lower"])
    for previous, current in zip(bands, bands[1:], strict=False):
        names = {"a": previous["name"], "b": current["name"]}
        if current["lower"] <= previous["upper"]:
            check.add(_("Kategori %(a)s dan %(b)s tumpang tindih.") % names)
        elif current["lower"] > previous["upper"] + 1:
            check.add(_("Ada celah antara kategori %(a)s dan %(b)s.") % names)
    weights = [a["weight"] for a in aspects if a.get("weight") is not None]
    if bands and weights and len(weights) == len(aspects):
        lowest = sum(weights) * scoring.MIN_LEVEL
        highest = sum(weights) * scoring.MAX_LEVEL
        if bands[0]["lower"] > lowest:
            check.add(
                _("Kategori terendah harus mulai dari %(n)s.") % {"n": f"{lowest.normalize():f}"}
            )
        if bands[-1]["upper"] < highest:
            check.add(
                _("Kategori tertinggi harus sampai %(n)s.") % {"n": f"{highest.normalize():f}"}
            )
    return bands


def _validate_survey(raw: Any, check: _Checker) -> dict:
    """The staff survey: items and Likert scale are data. Absent means no survey."""
    if raw is None:
        return {}
    where = _("Survei")
    if not isinstance(raw, dict):
        check.add(_("%(where)s harus berupa pemetaan.") % {"where": where})
        return {}
    scale = []
    raw_scale = raw.get("scale")
    if not isinstance(raw_scale, list) or len(raw_scale) < 2:
        check.add(_("Survei: 'scale' harus berisi minimal dua pilihan jawaban."))
        raw_scale = []
    for number, item in enumerate(raw_scale, start=1):
        item_where = _("Survei, skala ke-%(n)s") % {"n": number}
        if not isinstance(item, dict):
            check.add(_("%(where)s harus berupa pemetaan.") % {"where": item_where})
            continue
        value = item.get("value")
        if not isinstance(value, int) or isinstance(value, bool):
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
        if not isinstance(item, dict):
            check.add(_("%(where)s harus berupa pemetaan.") % {"where": item_where})
            continue
        code = check.text(item, "code", item_where)
        if code in codes:
            check.add(_("Survei: kode butir '%(code)s' dipakai dua kali.") % {"code": code})
        codes.add(code)
        entry = {"code": code, "text": check.text(item, "text", item_where)}
        if item.get("group"):
            entry["group"] = str(item["group"]).strip()
        items.append(entry)
    counts = {}
    for key, default in (("target_responses", None), ("min_group_size", 10)):
        value = raw.get(key, default)
        if value is None:
            check.add(_("Survei: '%(key)s' wajib diisi.") % {"key": key})
            continue
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
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


@transaction.atomic
def load_instrument(data: dict) -> tuple[Instrument, bool]:
    """Validate and write one instrument version. Returns (instrument, created).

    An unused version with the same code and number is replaced; a used one is refused."""
    clean = validate(data)
    existing = Instrument.objects.filter(code=clean["code"], version=clean["version"]).first()
    if existing is not None:
        if existing.is_used():
            raise InstrumentError(
                [
                    _(
                        "Instrumen %(code)s versi %(version)s sudah dipakai oleh penilaian dan "
                        "tidak dapat diubah. Muat sebagai versi baru (naikkan 'version')."
                    )
                    % {"code": clean["code"], "version": clean["version"]}
                ]
            )
        existing.delete()
    instrument = Instrument.objects.create(
        **{k: clean[k] for k in ("code", "version", "name", "legal_basis", "year_from", "year_to")},
        scoring_method=clean["scoring_method"],
        derived_note=clean["derived_note"],
        weights_note=clean["weights_note"],
        survey_definition=clean["survey_definition"],
    )
    for band in clean["categories"]:
        CategoryBand.objects.create(instrument=instrument, **band)
    for aspect_data in clean["aspects"]:
        aspect = Aspect.objects.create(
            instrument=instrument,
            **{k: aspect_data[k] for k in ("order", "code", "name", "description", "weight")},
        )
        for ind in aspect_data["indicators"]:
            indicator = Indicator.objects.create(
                aspect=aspect,
                order=ind["order"],
                code=ind["code"],
                question=ind["question"],
                guidance=ind["guidance"],
                evidence_expected=ind["evidence"],
            )
            Level.objects.bulk_create(
                Level(indicator=indicator, score=score, **level)
                for score, level in sorted(ind["levels"].items())
            )
    return instrument, existing is None


def load_instrument_text(text: str | bytes) -> tuple[Instrument, bool]:
    return load_instrument(parse_yaml(text))


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def export_instrument(instrument: Instrument) -> str:
    """The instrument as YAML that load_instrument reads back unchanged."""
    aspects = instrument.aspects.prefetch_related("indicators__levels").order_by("order")
    data: dict[str, Any] = {
        "code": instrument.code,
        "version": instrument.version,
        "name": instrument.name,
        "legal_basis": instrument.legal_basis,
        "year_from": instrument.year_from,
        "year_to": instrument.year_to,
        "scoring_method": instrument.scoring_method,
        "derived_note": instrument.derived_note,
        "weights_note": instrument.weights_note,
        "categories": [
            {"code": b.code, "name": b.name, "lower": _number(b.lower), "upper": _number(b.upper)}
            for b in instrument.bands.order_by("lower")
        ],
        **({"survey": instrument.survey_definition} if instrument.survey_definition else {}),
        "aspects": [
            {
                "code": aspect.code,
                "name": aspect.name,
                "weight": _number(aspect.weight),
                "description": aspect.description,
                "indicators": [
                    {
                        "code": ind.code,
                        "question": ind.question,
                        "guidance": ind.guidance,
                        "evidence": list(ind.evidence_expected),
                        "levels": {
                            level.score: {
                                "description": level.description,
                                "evidence": level.evidence,
                            }
                            for level in ind.levels.all()
                        },
                    }
                    for ind in aspect.indicators.all()
                ],
            }
            for aspect in aspects
        ],
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
