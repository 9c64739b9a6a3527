"""The survey part of an instrument (`survey:` in its YAML, stored validated on
Instrument.survey_definition), read into a typed value. Everything in it is data: items,
Likert scale, target and minimum group size are provisional until the annex is published."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.models import Instrument


@dataclass(frozen=True)
class Definition:
    items: list[dict]  # [{"code": "K1", "text": "..."}]
    scale: list[dict]  # [{"value": 1, "label": "Sangat tidak setuju"}, ...]
    target_responses: int
    min_group_size: int
    provisional: bool
    note: str


def of_instrument(instrument: Instrument) -> Definition | None:
    """The instrument's survey, or None when it has none (the 2019 instrument)."""
    data = instrument.survey_definition or {}
    items = [
        {"code": str(item["code"]), "text": str(item["text"])} for item in data.get("items", [])
    ]
    points = sorted((int(p["value"]), str(p["label"])) for p in data.get("scale", []))
    scale = [{"value": value, "label": label} for value, label in points]
    if not items or len(scale) < 2:
        return None
    return Definition(
        items=items,
        scale=scale,
        target_responses=int(data.get("target_responses") or 0),
        min_group_size=int(data.get("min_group_size") or 10),
        provisional=bool(data.get("provisional", True)),
        note=str(data.get("note") or ""),
    )
