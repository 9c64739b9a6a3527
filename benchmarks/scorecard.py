"""Benchmark of the scorecard PDF (run by hand, not a test).

    python benchmarks/scorecard.py [--agencies 100] [--repeat 5]

In one run, on a throw-away SQLite database and media folder (or the DATABASE_URL you set,
where it creates its own "Benchmark" agencies), it measures:

  (a) WeasyPrint rendering a one-line page (the floor: start-up, fonts, PDF writing);
  (b) one full scorecard (28 indicators, 8 aspects, chart, timeline): median of --repeat;
  (c) the ZIP of N scorecards, built by the same code the background task runs (drafts
      rendered in REPORT_WORKERS processes); with --sequential also (e), the same ZIP in one
      process, and (c)/(e);
  (d) the scorecard's two tables alone (8 aspect rows, 28 indicator rows), bare HTML with no
      stylesheet, chart or header: what WeasyPrint needs for the content the issue requires;
  (f) a draft's first download (nothing stored: render and store) and (g) a repeat download
      of the unchanged draft (served from the stored copy), through the view's own function.

and prints the times and the ratios (b)/(a), (d)/(a), (b)/(d), (g)/(f) and (c)/N. Targets
(issue 6): one scorecard under 1.5 s and under 10x the one-line page; 100 scorecards under 2
minutes on 2 cores. Issue 12: (b) <= 2x (d) (chart, letterhead and styling cost no more than
the content) and (g) <= 0.05x (f). The province's letterhead, with a logo, is on every card."""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meritsys.settings")
# A developer's tool, run by hand: the defaults of manage.py (DEBUG on unless set).
os.environ.setdefault("DEBUG", "true")
INSTRUMENT = ROOT / "fixtures/instrumen/merit-2019.yaml"
FIRST: list[float] = []  # the cold first call of each timed function (fonts, CSS caches)
# The CPU seconds (this process) of the same calls, the least of them: on a shared machine
# other processes stretch the wall-clock time of a render (and, sharing a core, its CPU
# time), not the work it does.
CPU: dict[str, float] = {}


def timed(function, repeat: int, name: str = "") -> float:
    """Median wall-clock seconds of `repeat` calls after one warm-up call."""
    start = time.perf_counter()
    function()
    FIRST.append(time.perf_counter() - start)
    runs, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        runs.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU[name] = min(cpu)
    return statistics.median(runs)


def build_data(count: int):
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from PIL import Image

    from agencies.models import Instansi, User
    from assessment import results, workflow
    from assessment.instrument_io import load_instrument_text
    from assessment.letterhead import Letterhead
    from assessment.models import Answer, Assessment

    call_command("migrate", verbosity=0)
    instrument, _ = load_instrument_text(INSTRUMENT.read_text(encoding="utf-8"))
    province, _ = Instansi.objects.get_or_create(
        kode_bkn="BENCH-P", defaults={"nama": "Provinsi Benchmark", "jenis": "provinsi"}
    )
    if not Letterhead.objects.filter(provinsi=province).exists():
        letterhead = Letterhead(
            provinsi=province,
            name="Pemerintah Provinsi Benchmark\nBadan Kepegawaian Daerah",
            address="Jl. Pahlawan No. 9, Kota Benchmark 50132\nTelepon (024) 8311000",
        )
        logo = io.BytesIO()
        Image.new("RGB", (300, 300), (31, 90, 153)).save(logo, format="PNG")
        letterhead.logo.save("logo.png", ContentFile(logo.getvalue()), save=False)
        letterhead.save()
    admin, _ = User.objects.get_or_create(
        username="benchmark_super", defaults={"role": User.Role.SUPERADMIN, "is_superuser": True}
    )
    reviewer, _ = User.objects.get_or_create(
        username="benchmark_reviewer",
        defaults={"role": User.Role.REVIEWER, "instansi": province},
    )
    ids = []
    for n in range(count):
        kab, _ = Instansi.objects.get_or_create(
            kode_bkn=f"BENCH-{n:03d}",
            defaults={
                "nama": f"Kabupaten Benchmark {n}",
                "jenis": "kabupaten",
                "provinsi": province,
            },
        )
        assessment = Assessment.objects.filter(instansi=kab, year=2026).first()
        if assessment is None:
            assessment = workflow.assessment_create(
                instansi=kab, year=2026, instrument=instrument, actor=admin
            )
            # Answers written directly: the benchmark is about rendering, not filling in.
            Answer.objects.filter(assessment=assessment).update(
                level=1 + n % 4, verified_level=1 + (n + 1) % 4, reviewer_note="Sesuai bukti."
            )
            Assessment.objects.filter(pk=assessment.pk).update(status="verified")
            results.recompute_totals(assessment)
        ids.append(assessment.pk)
    return reviewer, ids


def bare_tables(assessment) -> str:
    """The scorecard's aspect and indicator tables as plain HTML: the floor of its content."""
    from django.utils.html import escape

    from assessment.scorecard import scorecard_context

    context = scorecard_context(assessment)
    aspects = "".join(
        f"<tr><td>{escape(row['aspect'].name)}</td><td>{row['aspect'].weight}</td>"
        f"<td>{row['self'].level}</td><td>{row['verified'] and row['verified'].level}</td>"
        f"<td>{row['self'].points}</td><td>{row['verified'] and row['verified'].points}</td></tr>"
        for row in context["rows"]
    )
    indicators = "".join(
        f"<tr><td>{a.indicator.code}</td><td>{escape(a.indicator.question[:180])}</td>"
        f"<td>{a.level}</td><td>{a.verified_level}</td><td>{escape(a.reviewer_note)}</td></tr>"
        for a in context["answers"]
    )
    return f"<table>{aspects}</table><table>{indicators}</table>"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--sequential",
        action="store_true",
        help="also build the ZIP in one process, as the baseline of (c)",
    )
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="merit-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'bench.sqlite3'}")
    os.environ["MEDIA_ROOT"] = str(scratch / "media")
    import django

    django.setup()
    from django.conf import settings
    from pypdf import PdfReader
    from weasyprint import HTML

    from assessment import bundles, scorecard
    from assessment.models import Assessment, DraftScorecard, ScorecardBundle
    from assessment.scorecard import render_scorecard

    print(f"database: {os.environ['DATABASE_URL'].split('@')[-1]}  cores: {os.cpu_count()}")
    reviewer, ids = build_data(args.agencies)
    one = Assessment.objects.select_related("instansi", "instrument").get(pk=ids[0])

    # Plain WeasyPrint with its defaults: not our renderer, which adds the report stylesheet.
    floor = timed(lambda: HTML(string="<p>Satu baris.</p>").write_pdf(), args.repeat)
    card = timed(lambda: render_scorecard(one), args.repeat, "b")
    tables_html = bare_tables(one)
    tables = timed(lambda: HTML(string=tables_html).write_pdf(), args.repeat, "d")
    pages = len(PdfReader(io.BytesIO(render_scorecard(one))).pages)

    def first_download() -> bytes:
        DraftScorecard.objects.filter(assessment=one).delete()
        return scorecard.scorecard_bytes(one)[0]

    first = timed(first_download, args.repeat, "f")
    repeat = timed(lambda: scorecard.scorecard_bytes(one)[0], args.repeat * 4, "g")

    def build_zip(workers: int) -> tuple[float, ScorecardBundle]:
        settings.REPORT_WORKERS = workers
        bundle = ScorecardBundle.objects.create(requested_by=reviewer, assessment_ids=ids)
        start = time.perf_counter()
        bundles.build(bundle)
        seconds = time.perf_counter() - start
        bundle.refresh_from_db()
        assert bundle.status == "done", bundle.message
        return seconds, bundle

    workers = settings.REPORT_WORKERS
    zip_seconds, bundle = build_zip(workers)
    one_process = build_zip(1)[0] if args.sequential and workers > 1 else None

    print(
        f"(a) one-line page          {floor * 1000:8.0f} ms   "
        f"(first call in the process: {FIRST[0] * 1000:.0f} ms)"
    )
    print(f"(b) one scorecard ({pages} pages) {card * 1000:8.0f} ms   = {card / floor:5.1f}x (a)")
    print(f"(d) its two tables, bare     {tables * 1000:8.0f} ms   = {tables / floor:5.1f}x (a)")
    print(
        f"    the scorecard against its tables: (b) = {card / tables:.2f}x (d); in CPU time "
        f"{CPU['b'] * 1000:.0f} / {CPU['d'] * 1000:.0f} ms = {CPU['b'] / CPU['d']:.2f}x"
    )
    print(f"(f) first download of a draft {first * 1000:7.0f} ms   (render and store)")
    print(
        f"(g) repeat download, unchanged {repeat * 1000:6.1f} ms   = {repeat / first:.3f}x (f); "
        f"in CPU time {CPU['g'] / CPU['f']:.3f}x"
    )
    print(
        f"(c) ZIP of {len(ids)} scorecards   {zip_seconds:8.1f} s    = "
        f"{zip_seconds / len(ids) * 1000:.0f} ms each, {bundle.file.size / 1e6:.1f} MB, "
        f"{workers} render process(es)"
    )
    if one_process is not None:
        print(
            f"(e) the same ZIP, 1 process {one_process:8.1f} s    "
            f"(c) takes {zip_seconds / one_process:.2f}x of it"
        )
    verdicts = [
        ("scorecard <= 2x its two tables bare", card <= 2 * tables),
        ("repeat download <= 0.05x first download", repeat <= 0.05 * first),
        ("one scorecard < 1.5 s", card < 1.5),
        ("one scorecard < 10x one-line page", card < 10 * floor),
        (f"{len(ids)} scorecards < 120 s", zip_seconds < 120),
    ]
    for label, ok in verdicts:
        print(f"    {'OK  ' if ok else 'MISS'} {label}")


if __name__ == "__main__":
    main()
