"""Time `badgegen import` of a large spreadsheet: planning must grow linearly with the rows.

    .venv/bin/python benchmarks/bench_import.py [--rows 30000]

A copy of the demo gallery gets a CSV file of ROWS awards, each for a new earner with an email
address (the worst case for matching earners): a dry run, then the real import, are timed, and
then the half-size file for comparison. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from badgegen.importer import import_csv  # noqa: E402


def _csv(rows: int, path: Path) -> Path:
    lines = ["badge;nom;courriel;date"]
    lines += [
        f"premiers-pas-en-ligne;Personne {n};personne{n}@example.org;{1 + n % 28:02d}/03/2025"
        for n in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _time(rows: int, where: Path, *, dry_run: bool) -> float:
    root = where / f"repo-{rows}-{dry_run}"
    shutil.copytree(
        REPO / "content", root / "content", ignore=shutil.ignore_patterns("public-keys")
    )
    shutil.copy(REPO / "badgegen.toml", root / "badgegen.toml")
    csv_path = _csv(rows, where / f"rows-{rows}.csv")
    start = time.perf_counter()
    report = import_csv(root, csv_path, dry_run=dry_run)
    seconds = time.perf_counter() - start
    assert not report.errors, report.errors[:3]
    assert len(report.awards_created) == rows
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        for rows in (args.rows // 2, args.rows):
            dry = _time(rows, where, dry_run=True)
            real = _time(rows, where, dry_run=False)
            print(f"import {rows:>6} rows: dry run {dry:6.1f} s, import {real:6.1f} s")


if __name__ == "__main__":
    main()
