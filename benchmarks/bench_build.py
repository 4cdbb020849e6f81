"""Time a full build of the demo gallery and of a larger synthetic one, stage by stage, and the
rebuild `badgegen serve` does after one file is edited.

    .venv/bin/python benchmarks/bench_build.py [--repeat 3] [--scale 10]

`--scale N` copies every award N times (new ids) into a temporary repository, to see how the
build grows with the number of awards. The repository's signing keys (made by `make build`) are
used when present, so signing is timed too. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from badgegen import build, config, memo  # noqa: E402
from badgegen.serve.session import Preview  # noqa: E402


class _StageTimes(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.times: dict[str, list[float]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith("stage"):
            name, ms = str(record.args[0]), float(record.args[1])  # type: ignore[index]
            self.times.setdefault(name, []).append(ms)


def _scaled_repo(scale: int, where: Path) -> Path:
    root = where / "repo"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "badgegen.toml", root / "badgegen.toml")
    if (REPO / "keys").is_dir():
        shutil.copytree(REPO / "keys", root / "keys")
    awards = sorted((root / "content/awards").rglob("*.yml"))
    for copy in range(1, scale):
        for path in awards:
            text = path.read_text(encoding="utf-8")
            old_id = text.split("id:", 1)[1].split()[0]
            new = path.with_name(f"{path.stem}-copy{copy}.yml")
            new.write_text(text.replace(old_id, str(uuid.uuid4()), 1), encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    handler = _StageTimes()
    logger = logging.getLogger("badgegen")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    with tempfile.TemporaryDirectory() as tmp:
        root = _scaled_repo(args.scale, Path(tmp)) if args.scale > 1 else REPO
        cfg = config.load(root).with_overrides(output=str(Path(tmp) / "output"))
        totals = []
        for _ in range(args.repeat):
            memo.forget()  # a cold build each time, as `badgegen build` runs
            start = time.perf_counter()
            result = build.build(cfg)
            totals.append(time.perf_counter() - start)
    print(f"{result.stats.awards} awards, {result.stats.files} files, {args.repeat} builds")
    for name, values in handler.times.items():
        print(f"  {name:<10} median {statistics.median(values):8.1f} ms")
    print(f"  {'total':<10} median {statistics.median(totals) * 1000:8.1f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        root = _scaled_repo(args.scale, Path(tmp))
        first, again = _rebuilds(root, Path(tmp) / "preview", args.repeat)
    print(f"serve: first build {first * 1000:.1f} ms, ", end="")
    print(f"rebuild after editing one badge: median {statistics.median(again) * 1000:.1f} ms")


def _rebuilds(root: Path, served: Path, repeat: int) -> tuple[float, list[float]]:
    """The preview's first build, then `repeat` rebuilds, each after one badge's text changed."""
    preview = Preview(root, served, "http://127.0.0.1:8000/")
    memo.forget()
    start = time.perf_counter()
    assert preview.rebuild().ok
    first = time.perf_counter() - start
    badge = sorted((root / "content/badges").glob("*.md"))[0]
    times = []
    for edit in range(repeat):
        badge.write_text(badge.read_text(encoding="utf-8") + f"\nEdit {edit}.\n", encoding="utf-8")
        start = time.perf_counter()
        outcome = preview.rebuild()
        times.append(time.perf_counter() - start)
        assert outcome.ok and outcome.changed, outcome.problems
    return first, times


if __name__ == "__main__":
    main()
