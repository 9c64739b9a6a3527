"""The registry of facts: computations over one agency's own data that an assessment
indicator can show beside the level the agency claims (#14).

The registry lives here, in the lowest layer, because the facts come from apps that may not
import each other (talent and assessment are independent siblings; survey sits above
assessment). Each app registers its own facts from its AppConfig.ready (talent/facts.py,
employees/facts.py, survey/facts.py); assessment only reads the registry by code. So no app
learns about another through this module, and the import layers stay as they are.

A fact function takes the agency's id and the assessment year and returns a FactValue with a
fixed, small number of aggregate queries, never a query per row."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.utils.functional import Promise


@dataclass(frozen=True)
class FactValue:
    """A share in percent (or a plain number when `denominator` is None)."""

    value: float | None  # None: nothing to compute on (e.g. no active ASN)
    numerator: int | None = None
    denominator: int | None = None


def share(numerator: int, denominator: int) -> FactValue:
    if not denominator:
        return FactValue(None, numerator, denominator)
    return FactValue(round(100.0 * numerator / denominator, 1), numerator, denominator)


FactFunction = Callable[[int, int], FactValue]


@dataclass(frozen=True)
class Fact:
    code: str
    label: str | Promise  # what the value is, e.g. "ASN aktif terpetakan di nine-box"
    compute: FactFunction
    # Where the rows behind the number are listed: a URL name, its kwargs and a query string.
    url_name: str = ""
    url_kwargs: tuple[tuple[str, str], ...] = ()
    url_query: str = ""
    unit: str = "%"


_REGISTRY: dict[str, Fact] = {}


def register(
    code: str,
    label: str | Promise,
    *,
    url_name: str = "",
    url_kwargs: dict[str, str] | None = None,
    url_query: str = "",
    unit: str = "%",
) -> Callable[[FactFunction], FactFunction]:
    def decorator(function: FactFunction) -> FactFunction:
        kwargs = tuple(sorted((url_kwargs or {}).items()))
        _REGISTRY[code] = Fact(code, label, function, url_name, kwargs, url_query, unit)
        return function

    return decorator


def get(code: str) -> Fact | None:
    return _REGISTRY.get(code)


def codes() -> list[str]:
    return sorted(_REGISTRY)


def compute(fact_codes: Iterable[str], instansi_id: int, year: int) -> dict[str, FactValue]:
    """Each named fact once, whatever number of indicators name it."""
    result = {}
    token = _ROUND.set({})
    try:
        for code in dict.fromkeys(fact_codes):
            fact = _REGISTRY.get(code)
            if fact is not None:
                result[code] = fact.compute(instansi_id, year)
    finally:
        _ROUND.reset(token)
    return result


T = TypeVar("T")

# What several facts of one compute() need (the agency's active ASN count): kept for the
# round only, so a fact never reads a figure older than the request.
_ROUND: ContextVar[dict[Hashable, Any] | None] = ContextVar("facts_round", default=None)


def once(key: Hashable, function: Callable[[], T]) -> T:
    """`function()`, computed once per compute() round for the same key."""
    memo = _ROUND.get()
    if memo is None:
        return function()
    if key not in memo:
        memo[key] = function()
    return memo[key]
