"""The change history of one employee as people read it: who, when, what changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from agencies.models import UnitKerja
from core import formats

from .models import Employee, Golongan, JenisJabatan, Pendidikan

SHOWN = 50
_NAMES = {
    "golongan": Golongan,
    "jenis_jabatan": JenisJabatan,
    "pendidikan": Pendidikan,
}


@dataclass
class HistoryEntry:
    when: object
    who: object
    kind: str  # "+" created, "~" changed, "-" deleted
    reason: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _display(employee_field, value, names: dict) -> str:
    if value in (None, ""):
        return "—"
    if employee_field.name in names:
        return names[employee_field.name].get(value, str(value))
    if employee_field.choices:
        return str(dict(employee_field.choices).get(value, value))
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if hasattr(value, "strftime"):
        return formats.date(value)
    return str(value)


def history_entries(employee: Employee) -> list[HistoryEntry]:
    """The latest changes, newest first, compared field by field in memory (a fixed number
    of queries however long the history is)."""
    records = list(
        employee.history.select_related("history_user").order_by("-history_id")[: SHOWN + 1]
    )
    names = {
        name: dict(model._default_manager.values_list("pk", "nama"))
        for name, model in _NAMES.items()
    }
    names["unit"] = dict(
        UnitKerja.objects.filter(instansi_id=employee.instansi_id).values_list("pk", "nama")
    )
    fields = [
        f
        for f in Employee._meta.concrete_fields
        if f.name not in ("id", "created", "updated", "instansi")
    ]
    entries: list[HistoryEntry] = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(entries) == SHOWN:
            break
        entry = HistoryEntry(
            when=newer.history_date,
            who=newer.history_user,
            kind=newer.history_type,
            reason=newer.history_change_reason or "",
        )
        if older is not None and newer.history_type == "~":
            for f in fields:
                old, new = getattr(older, f.attname), getattr(newer, f.attname)
                if old != new:
                    entry.changes.append(
                        (str(f.verbose_name), _display(f, old, names), _display(f, new, names))
                    )
        entries.append(entry)
    return entries
