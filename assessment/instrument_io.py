"""Load and export an instrument as one readable YAML file.

The file is validated as a whole before anything is written, and every problem is reported
in Indonesian with where it is, so an admin can fix the file in one go. An instrument version
that an assessment already uses is never changed: load it under a new version number.

Everything a regulation sets is data in the file: the answer scale (`answer_scale:`, levels
with their values), the tree (aspects, optionally `sub_aspects:`, indicators), the weights at
each level, the result scale and its bands (`result_scale:`, `categories:`), the method's
parameters (`scoring_params:`), whether each fact is official or provisional (`facts:`), and the
staff survey (`survey:`). Files of the 2019 generation predate the first three keys: for them
the scale is levels 1-4 worth 1-4 points and the result runs from the weights x 1 to x 4."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from . import facts as merit_facts
from . import scoring
from .instrument_checks import Checker, InstrumentError, validate_survey
from .models import Aspect, CategoryBand, Indicator, Instrument, Level, SubAspect

__all__ = ["InstrumentError", "export_instrument", "load_instrument", "parse_yaml", "validate"]

FACT_STATUSES = ("official", "provisional")


def _text(value: Decimal) -> str:
    """A decimal as JSON keeps it: exact text, no trailing zeros."""
    return f"{value.normalize():f}"


def _number(value: Any) -> int | float:
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


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
    check = Checker()
    top = _("Instrumen")
    clean: dict[str, Any] = {
        "code": check.text(data, "code", top),
        "name": check.text(data, "name", top),
        "legal_basis": check.text(data, "legal_basis", top, required=False),
        "derived_note": check.text(data, "derived_note", top, required=False),
        "weights_note": check.text(data, "weights_note", top, required=False),
        "scoring_method": check.text(data, "scoring_method", top),
    }
    # Four-eyes: finalising by a reviewer other than the one who verified (optional).
    four_eyes = data.get("finalise_by_other_reviewer", False)
    if not isinstance(four_eyes, bool):
        check.add(_("Instrumen: 'finalise_by_other_reviewer' harus true atau false."))
        four_eyes = False
    clean["finalise_by_other_reviewer"] = four_eyes
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
    clean["answer_scale"] = _validate_answer_scale(data.get("answer_scale"), check)
    scores = [int(item["score"]) for item in clean["answer_scale"]]
    clean["aspects"] = _validate_aspects(data.get("aspects"), scores, check)
    clean["result_scale"] = _validate_result_scale(
        data.get("result_scale"), clean["aspects"], clean["answer_scale"], check
    )
    clean["scoring_params"] = _validate_params(
        data.get("scoring_params"), clean["scoring_method"], check
    )
    clean["facts"] = _validate_facts(data.get("facts"), check)
    clean["categories"] = _validate_bands(data.get("categories"), clean["result_scale"], check)
    clean["survey_definition"] = validate_survey(data.get("survey"), check)
    if check.errors:
        raise InstrumentError(check.errors)
    return clean


def _validate_answer_scale(raw: Any, check: Checker) -> list[dict]:
    if raw is None:
        # The 2019-generation files: four graded answers scored 1 to 4 (domain notes, S).
        return [{"score": n, "label": str(n), "value": str(n)} for n in range(1, 5)]
    if not isinstance(raw, list) or len(raw) < 2:
        check.add(_("Instrumen: 'answer_scale' harus berisi minimal dua level."))
        return []
    levels: list[dict] = []
    for number, item in enumerate(raw, start=1):
        where = _("Skala jawaban, level ke-%(n)s") % {"n": number}
        if not check.mapping(item, where):
            continue
        check.known_keys(item, ("score", "label", "value", "description"), where)
        score, value = item.get("score"), check.decimal(item.get("value"), where, "value")
        if not isinstance(score, int) or isinstance(score, bool) or score < 0:
            check.add(_("%(where)s: 'score' harus bilangan bulat.") % {"where": where})
            continue
        if value is None:
            continue
        levels.append(
            {
                "score": score,
                "label": check.text(item, "label", where),
                "value": _text(value),
                **(
                    {"description": str(item["description"]).strip()}
                    if item.get("description")
                    else {}
                ),
            }
        )
    scores = [item["score"] for item in levels]
    values = [Decimal(item["value"]) for item in levels]
    if scores != sorted(set(scores)) or values != sorted(set(values)):
        check.add(_("Skala jawaban: skor dan nilai level harus naik dan tidak berulang."))
    return levels


def _validate_aspects(raw: Any, scores: list[int], check: Checker) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        check.add(_("Instrumen: daftar 'aspects' wajib ada dan tidak boleh kosong."))
        return []
    aspects, aspect_codes, indicator_codes = [], set(), set()
    for number, item in enumerate(raw, start=1):
        where = _("Aspek ke-%(n)s") % {"n": number}
        if not check.mapping(item, where):
            continue
        aspect = _node(item, number, where, check)
        if aspect["name"]:
            where = f"{where} ({aspect['name']})"
        if aspect["code"] in aspect_codes:
            check.add(
                _("%(where)s: kode '%(code)s' dipakai dua kali.")
                % {"where": where, "code": aspect["code"]}
            )
        aspect_codes.add(aspect["code"])
        aspect["sub_aspects"] = []
        if item.get("sub_aspects") is not None:
            if item.get("indicators"):
                check.add(
                    _("%(where)s: isi 'indicators' atau 'sub_aspects', tidak keduanya.")
                    % {"where": where}
                )
            aspect["sub_aspects"] = _validate_sub_aspects(
                item["sub_aspects"], where, scores, indicator_codes, check
            )
            # Indicators are numbered through the aspect, across its sub-aspects.
            aspect["indicators"] = []
            for sub in aspect["sub_aspects"]:
                for indicator in sub["indicators"]:
                    indicator["order"] = len(aspect["indicators"]) + 1
                    aspect["indicators"].append(indicator)
        else:
            aspect["indicators"] = _validate_indicators(
                item.get("indicators"), where, scores, indicator_codes, check
            )
        aspects.append(aspect)
    _check_weights(aspects, _("Jumlah bobot aspek harus 100, bukan %(sum)s."), check)
    return aspects


def _node(item: dict, number: int, where: str, check: Checker) -> dict:
    """What an aspect and a sub-aspect share: code, name, weight, provisional flag, note."""
    node = {
        "order": number,
        "code": check.text(item, "code", where),
        "name": check.text(item, "name", where),
        "description": check.text(item, "description", where, required=False),
        "weight": check.decimal(item.get("weight"), where, "weight"),
        "provisional": bool(item.get("provisional", False)),
        "note": check.text(item, "note", where, required=False),
    }
    if node["weight"] is not None and node["weight"] <= 0:
        check.add(_("%(where)s: bobot harus lebih dari 0.") % {"where": where})
    return node


def _check_weights(nodes: list[dict], message: str, check: Checker, **names: str) -> None:
    weights = [node["weight"] for node in nodes if node["weight"] is not None]
    if len(weights) == len(nodes) and sum(weights) != Decimal(100):
        check.add(message % {"sum": _text(sum(weights, Decimal(0))), **names})


def _validate_sub_aspects(
    raw: Any, aspect_where: str, scores: list[int], codes: set[str], check: Checker
) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        check.add(_("%(where)s: daftar 'sub_aspects' kosong.") % {"where": aspect_where})
        return []
    subs, sub_codes = [], set()
    for number, item in enumerate(raw, start=1):
        where = _("%(aspect)s, subaspek ke-%(n)s") % {"aspect": aspect_where, "n": number}
        if not check.mapping(item, where):
            continue
        sub = _node(item, number, where, check)
        if sub["code"]:
            where = _("Subaspek %(code)s") % {"code": sub["code"]}
        if sub["code"] in sub_codes:
            check.add(_("%(where)s: kode dipakai dua kali.") % {"where": where})
        sub_codes.add(sub["code"])
        sub["indicators"] = _validate_indicators(
            item.get("indicators"), where, scores, codes, check
        )
        subs.append(sub)
    _check_weights(
        subs,
        _("%(where)s: jumlah bobot subaspek harus 100, bukan %(sum)s."),
        check,
        where=aspect_where,
    )
    return subs


def _validate_indicators(
    raw: Any, aspect_where: str, scores: list[int], codes: set[str], check: Checker
) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        check.add(_("%(where)s: belum memiliki indikator.") % {"where": aspect_where})
        return []
    indicators = []
    for number, item in enumerate(raw, start=1):
        where = _("%(aspect)s, indikator ke-%(n)s") % {"aspect": aspect_where, "n": number}
        if not check.mapping(item, where):
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
        fact_spec, problems = merit_facts.validate_spec(item.get("fakta"), scores)
        for problem in problems:
            check.add(f"{where}: {problem}")
        indicators.append(
            {
                "order": number,
                "code": code,
                "question": check.text(item, "question", where),
                "guidance": check.text(item, "guidance", where, required=False),
                "evidence": [e.strip() for e in evidence],
                "levels": _validate_levels(item.get("levels"), where, scores, check),
                "facts": fact_spec,
            }
        )
    return indicators


def _validate_levels(raw: Any, where: str, scores: list[int], check: Checker) -> dict[int, dict]:
    span = f"{scores[0]}-{scores[-1]}" if scores else "-"
    if not isinstance(raw, dict):
        check.add(
            _("%(where)s: 'levels' harus memuat level %(span)s.") % {"where": where, "span": span}
        )
        return {}
    levels: dict[int, dict] = {}
    seen = set()
    for key, value in raw.items():
        try:
            score = int(key)
        except (TypeError, ValueError):
            score = None
        if score not in scores:
            check.add(
                _("%(where)s: level '%(key)s' tidak dikenal (hanya %(span)s).")
                % {"where": where, "key": key, "span": span}
            )
            continue
        seen.add(score)
        if isinstance(value, str):
            value = {"description": value}
        if isinstance(value, dict):
            level_where = _("%(where)s, level %(n)s") % {"where": where, "n": score}
            check.known_keys(value, ("description", "evidence"), level_where)
        if not isinstance(value, dict) or not str(value.get("description") or "").strip():
            check.add(_("%(where)s: uraian level %(n)s kosong.") % {"where": where, "n": score})
            continue
        levels[score] = {
            "description": str(value["description"]).strip(),
            "evidence": str(value.get("evidence") or "").strip(),
        }
    missing = [str(n) for n in scores if n not in seen]
    if missing:
        check.add(
            _("%(where)s: level %(missing)s belum ada.")
            % {"where": where, "missing": ", ".join(missing)}
        )
    return levels


def _validate_result_scale(
    raw: Any, aspects: list[dict], answer_scale: list[dict], check: Checker
) -> dict:
    weights = [a["weight"] for a in aspects if a.get("weight") is not None]
    values = [Decimal(item["value"]) for item in answer_scale]
    if raw is None:
        # 2019 generation: points from weights x lowest value to weights x highest value
        # (100-400); compared with other years as total / highest (domain notes: U).
        if not weights or not values or len(weights) != len(aspects):
            return {}
        low, high = sum(weights) * min(values), sum(weights) * max(values)
        return {
            "kind": "points",
            "min": _text(low),
            "max": _text(high),
            "decimals": 2,
            "band_step": "1",
            "normalise_divisor": _text(high),
        }
    where = _("Skala hasil")
    if not check.mapping(raw, where):
        return {}
    kind = raw.get("kind")
    if kind not in ("points", "index"):
        check.add(_("Skala hasil: 'kind' harus 'points' atau 'index'."))
    clean: dict[str, Any] = {"kind": kind}
    for key in ("min", "max", "decimals", "band_step", "normalise_divisor"):
        if key == "decimals":
            clean[key] = raw.get(key)
            continue
        number = check.decimal(raw.get(key), where, key)
        clean[key] = _text(number) if number is not None else None
    decimals = clean["decimals"]
    if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 4:
        check.add(_("Skala hasil: 'decimals' harus bilangan bulat 0 sampai 4."))
    if clean["normalise_divisor"] is not None and Decimal(clean["normalise_divisor"]) <= 0:
        check.add(_("Skala hasil: 'normalise_divisor' harus lebih dari 0."))
    return clean


def _validate_params(raw: Any, method: str, check: Checker) -> dict:
    raw = raw or {}
    if not check.mapping(raw, _("Parameter metode")):
        return {}
    clean: dict[str, Any] = {}
    for key in scoring.PARAMS.get(method, ()):
        number = check.decimal(raw.get(key), _("Parameter metode"), key)
        if number is not None:
            clean[key] = _text(number)
    shares = [Decimal(clean[k]) for k in ("maturity_weight", "survey_weight") if k in clean]
    if len(shares) == 2 and sum(shares) != 1:
        check.add(_("Parameter metode: maturity_weight + survey_weight harus 1."))
    factor = raw.get("correction_factor")
    if factor is not None:
        where = _("Faktor koreksi")
        if check.mapping(factor, where):
            numbers = {k: check.decimal(factor.get(k), where, k) for k in ("default", "min", "max")}
            if None not in numbers.values():
                if not numbers["min"] <= numbers["default"] <= numbers["max"]:
                    check.add(_("Faktor koreksi: harus min <= default <= max."))
                clean["correction_factor"] = {k: _text(v) for k, v in numbers.items()}
    return clean


def _validate_facts(raw: Any, check: Checker) -> dict:
    raw = raw or {}
    if not check.mapping(raw, _("Status fakta")):
        return {}
    facts = {}
    for key, item in raw.items():
        where = _("Fakta '%(key)s'") % {"key": key}
        if not check.mapping(item, where):
            continue
        status = item.get("status")
        if status not in FACT_STATUSES:
            check.add(
                _("%(where)s: 'status' harus 'official' atau 'provisional'.") % {"where": where}
            )
        facts[str(key)] = {
            "status": status,
            "note": check.text(item, "note", where, required=False),
        }
    return facts


def _validate_bands(raw: Any, result_scale: dict, check: Checker) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        check.add(_("Instrumen: daftar 'categories' wajib ada dan tidak boleh kosong."))
        return []
    bands = []
    for number, item in enumerate(raw, start=1):
        where = _("Kategori ke-%(n)s") % {"n": number}
        if not check.mapping(item, where):
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
    step = Decimal(str(result_scale.get("band_step") or 1))
    for previous, current in zip(bands, bands[1:], strict=False):
        names = {"a": previous["name"], "b": current["name"]}
        if current["lower"] <= previous["upper"]:
            check.add(_("Kategori %(a)s dan %(b)s tumpang tindih.") % names)
        elif current["lower"] > previous["upper"] + step:
            check.add(_("Ada celah antara kategori %(a)s dan %(b)s.") % names)
    if bands and result_scale.get("min") is not None and result_scale.get("max") is not None:
        lowest, highest = Decimal(result_scale["min"]), Decimal(result_scale["max"])
        if bands[0]["lower"] > lowest:
            check.add(_("Kategori terendah harus mulai dari %(n)s.") % {"n": _text(lowest)})
        if bands[-1]["upper"] < highest:
            check.add(_("Kategori tertinggi harus sampai %(n)s.") % {"n": _text(highest)})
    return bands


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
    fields = (
        "code",
        "version",
        "name",
        "legal_basis",
        "year_from",
        "year_to",
        "scoring_method",
        "derived_note",
        "weights_note",
        "finalise_by_other_reviewer",
        "survey_definition",
        "scoring_params",
        "answer_scale",
        "result_scale",
        "facts",
    )
    instrument = Instrument.objects.create(**{k: clean[k] for k in fields})
    for band in clean["categories"]:
        CategoryBand.objects.create(instrument=instrument, **band)
    node_fields = ("order", "code", "name", "description", "weight", "provisional", "note")
    for aspect_data in clean["aspects"]:
        aspect = Aspect.objects.create(
            instrument=instrument, **{k: aspect_data[k] for k in node_fields}
        )
        for sub_data in aspect_data["sub_aspects"]:
            sub = SubAspect.objects.create(aspect=aspect, **{k: sub_data[k] for k in node_fields})
            for ind in sub_data["indicators"]:
                ind["sub_aspect"] = sub
        for ind in aspect_data["indicators"]:
            indicator = Indicator.objects.create(
                aspect=aspect,
                sub_aspect=ind.get("sub_aspect"),
                order=ind["order"],
                code=ind["code"],
                question=ind["question"],
                guidance=ind["guidance"],
                evidence_expected=ind["evidence"],
                facts=ind.get("facts", []),
            )
            Level.objects.bulk_create(
                Level(indicator=indicator, score=score, **level)
                for score, level in sorted(ind["levels"].items())
            )
    return instrument, existing is None


def load_instrument_text(text: str | bytes) -> tuple[Instrument, bool]:
    return load_instrument(parse_yaml(text))


def _export_indicator(ind: Indicator) -> dict:
    data = {
        "code": ind.code,
        "question": ind.question,
        "guidance": ind.guidance,
        "evidence": list(ind.evidence_expected),
        "levels": {
            level.score: {"description": level.description, "evidence": level.evidence}
            for level in ind.levels.all()
        },
    }
    if ind.facts:
        data["fakta"] = [
            {"kode": f["kode"], "level": {int(k): v for k, v in f["level"].items()}}
            for f in ind.facts
        ]
    return data


def _export_node(node: Aspect | SubAspect) -> dict:
    data: dict[str, Any] = {"code": node.code, "name": node.name, "weight": _number(node.weight)}
    if node.provisional:
        data["provisional"] = True
    if node.note:
        data["note"] = node.note
    data["description"] = node.description
    return data


def export_instrument(instrument: Instrument) -> str:
    """The instrument as YAML that load_instrument reads back unchanged."""
    aspects = instrument.aspects.prefetch_related(
        "indicators__levels", "sub_aspects__indicators__levels"
    ).order_by("order")
    exported_aspects = []
    for aspect in aspects:
        data = _export_node(aspect)
        subs = list(aspect.sub_aspects.all())
        if subs:
            data["sub_aspects"] = [
                {
                    **_export_node(sub),
                    "indicators": [_export_indicator(i) for i in sub.indicators.all()],
                }
                for sub in subs
            ]
        else:
            data["indicators"] = [_export_indicator(i) for i in aspect.indicators.all()]
        exported_aspects.append(data)
    result_scale = {
        key: (_number(value) if key not in ("kind", "decimals") else value)
        for key, value in instrument.result_scale.items()
    }
    data = {
        "code": instrument.code,
        "version": instrument.version,
        "name": instrument.name,
        "legal_basis": instrument.legal_basis,
        "year_from": instrument.year_from,
        "year_to": instrument.year_to,
        "scoring_method": instrument.scoring_method,
        "derived_note": instrument.derived_note,
        "weights_note": instrument.weights_note,
        **({"finalise_by_other_reviewer": True} if instrument.finalise_by_other_reviewer else {}),
        "answer_scale": [
            {**item, "value": _number(item["value"])} for item in instrument.answer_scale
        ],
        "result_scale": result_scale,
        "scoring_params": _export_params(instrument.scoring_params),
        "facts": instrument.facts,
        "categories": [
            {"code": b.code, "name": b.name, "lower": _number(b.lower), "upper": _number(b.upper)}
            for b in instrument.bands.order_by("lower")
        ],
        **({"survey": instrument.survey_definition} if instrument.survey_definition else {}),
        "aspects": exported_aspects,
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _export_params(params: dict) -> dict:
    return {
        key: {k: _number(v) for k, v in value.items()}
        if isinstance(value, dict)
        else _number(value)
        for key, value in params.items()
    }
