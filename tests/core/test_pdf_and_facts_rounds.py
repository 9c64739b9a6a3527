"""Two things every report relies on: a PDF render leaves the garbage collector as it found
it, and one round of facts counts the agency's active ASN once for all the facts that
share it."""

from __future__ import annotations

import gc

import pytest

from core import facts
from core.pdf import render_pdf


def test_a_render_sets_the_older_objects_aside_only_while_it_runs():
    before = gc.get_freeze_count()
    seen_during: list[int] = []
    original = gc.unfreeze

    def unfreeze_and_note() -> None:
        seen_during.append(gc.get_freeze_count())
        original()

    gc.unfreeze = unfreeze_and_note
    try:
        pdf = render_pdf("<p>Satu baris.</p>")
    finally:
        gc.unfreeze = original
    assert pdf.startswith(b"%PDF")
    assert seen_during and seen_during[0] > before, "the heap was set aside during the render"
    assert gc.get_freeze_count() == before, "and given back to the collector afterwards"


def test_a_render_in_a_worker_that_froze_its_start_leaves_that_frozen():
    # One object of the worker's start, followed by identity: the freeze count alone can
    # drop during a render when a frozen object is freed by its reference count (one CI run
    # saw 539,884 after 539,885), so it cannot tell "unfrozen" from "one object freed".
    loaded_at_start = [object()]
    gc.freeze()  # as meritsys.wsgi does when a web worker starts
    try:
        assert not _with_the_collector(loaded_at_start)
        assert render_pdf("<p>Satu baris.</p>").startswith(b"%PDF")
        assert not _with_the_collector(loaded_at_start), "the worker's frozen heap stays frozen"
    finally:
        gc.unfreeze()
    assert _with_the_collector(loaded_at_start), "the check can see an object come back"


def _with_the_collector(obj: object) -> bool:
    """Whether the collector tracks `obj` in one of its generations, that is, outside the
    permanent generation that gc.freeze fills."""
    return any(tracked is obj for tracked in gc.get_objects())


@pytest.mark.django_db
def test_facts_of_one_round_share_a_count_but_never_across_rounds():
    calls: list[int] = []

    def count() -> int:
        calls.append(1)
        return len(calls)

    def first(instansi_id: int, year: int) -> facts.FactValue:
        return facts.share(1, facts.once(("aktif", instansi_id), count))

    def second(instansi_id: int, year: int) -> facts.FactValue:
        return facts.share(1, facts.once(("aktif", instansi_id), count))

    facts.register("uji_satu", "satu", url_name="dashboard")(first)
    facts.register("uji_dua", "dua", url_name="dashboard")(second)
    try:
        facts.compute(["uji_satu", "uji_dua"], 1, 2026)
        assert calls == [1], "one count for the round"
        facts.compute(["uji_satu", "uji_dua"], 1, 2026)
        assert calls == [1, 1], "a new round counts again"
        assert facts.once("lepas", lambda: 7) == 7, "outside a round: computed each time"
    finally:
        facts._REGISTRY.pop("uji_satu")
        facts._REGISTRY.pop("uji_dua")
