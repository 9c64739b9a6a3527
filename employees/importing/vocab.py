"""The words files use for reference values, looked up in the alias table (employees.Alias).

Agencies write the same golongan as III/a, IIIa, III-a, 3a or "Penata Muda / III a", the
same education as SMA, SLTA or MA. Which word means what is data (fixtures/referensi.json,
extended by a superadmin in the admin); this module only normalises and looks up. One query
loads every family a kind needs when its import starts: no query per row."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .models import Alias

_NOT_ALNUM = re.compile(r"[\W_]+")


def key(value: object) -> str:
    """The form compared: upper case with every space and punctuation mark removed, so
    'III/a', 'III - A' and 'iii.a' are one key, and 'S-1/Sarjana' is 'S1SARJANA'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _NOT_ALNUM.sub("", str(value)).upper()


# Files repeat the same few words (III/a, S-1, L) on every row: normalise each once.
cached_key = lru_cache(maxsize=8192)(key)


class Vocabulary:
    """The aliases of some families, as {family: {key: value}}, plus the canonical names
    a kind adds from its own reference tables (`add`)."""

    def __init__(self, families: Iterable[str]):
        self.families = list(families)
        self.table: dict[str, dict[str, str]] = {family: {} for family in self.families}
        # What the messages list as accepted: the canonical names, then the aliases.
        self.canonical: dict[str, list[str]] = {family: [] for family in self.families}
        self.shown: dict[str, list[str]] = {family: [] for family in self.families}
        rows = Alias.objects.filter(family__in=self.families).order_by("value", "alias")
        for family, alias, value in rows.values_list("family", "alias", "value"):
            self.table[family].setdefault(key(alias), value)
            self.shown[family].append(alias)

    def add(self, family: str, names: Iterable[str], value: str, *, show: bool = True) -> None:
        """The reference table's own name and code mean themselves."""
        table = self.table.setdefault(family, {})
        for index, name in enumerate(names):
            if name:
                table[key(name)] = value
                if show and index == 0:
                    self.canonical.setdefault(family, []).append(name)

    def get(self, family: str, value: object) -> str | None:
        if value is None or value == "":
            return None
        return self.table.get(family, {}).get(cached_key(value))

    def accepted(self, family: str, limit: int = 40) -> str:
        """The accepted words for a message: 'III/a, III/b, ..., IIIa' (and how many more)."""
        words = [*self.canonical.get(family, []), *self.shown.get(family, [])]
        words = list(dict.fromkeys(words))
        text = ", ".join(words[:limit])
        if len(words) > limit:
            text += f" (dan {len(words) - limit} lainnya)"
        return text
