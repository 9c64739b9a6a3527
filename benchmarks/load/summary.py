"""Requests/s, p50/p95/p99 and errors per journey step from Locust's stats CSV, as a
Markdown table for REPORT.md."""

from __future__ import annotations

import csv
import sys
from pathlib import Path


def main(path: Path) -> None:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    print("| request | count | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        name = "**all**" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        print(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} "
            f"| {float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} "
            f"| {float(row['Max Response Time']):.0f} |"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
