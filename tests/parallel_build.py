"""One build in a fresh process, as `badgegen build` runs it (no threads, so the process pool is
used), with parts of 3 awards so that the demo's awards make many parts.

    python -m tests.parallel_build ROOT OUTPUT JOBS [--cache DIR] [--renderers FILE] [--refuse EARNER]

`--renderers`: every process that renders pages writes its id there (the build's own first).
`--refuse`: signing stops with a problem on the awards of that earner. Prints a JSON line:
the problems that stopped the build, and how many cache entries `memo.prune()` removed.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from badgegen import build, config, memo, stages
from badgegen.errors import ContentError, Problem
from badgegen.outputs import OutputFile
from badgegen.rebuild import prune_cache
from tests.conftest import NOW


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("output")
    parser.add_argument("jobs", type=int)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--renderers", type=Path)
    parser.add_argument("--refuse")
    args = parser.parse_args()
    stages.PART = 3
    if args.renderers:
        renderers: Path = args.renderers
        renderers.write_text(f"{os.getpid()}\n")
        real_render = stages.render_pages

        def noting(*given: Any, **named: Any) -> Iterator[OutputFile]:
            with renderers.open("a") as log:
                log.write(f"{os.getpid()}\n")
            return real_render(*given, **named)

        stages.render_pages = noting  # type: ignore[assignment]
    if args.refuse:
        real_sign = stages.sign_awards

        def refusing(*given: Any) -> list[OutputFile]:
            awards = given[-1]
            if any(a.earner == args.refuse for a in awards):
                raise ContentError([Problem(awards[0].source, None, "cannot sign this one")])
            return real_sign(*given)

        stages.sign_awards = refusing
    if args.cache:
        memo.use_disk(args.cache, "ns")
    problems: list[str] = []
    try:
        build.build(
            config.load(args.root).with_overrides(output=args.output), now=NOW, jobs=args.jobs
        )
    except ContentError as exc:
        problems = [p.message for p in exc.problems]
    pruned = prune_cache() if args.cache else 0
    print(json.dumps({"problems": problems, "pruned": pruned}))


if __name__ == "__main__":
    main()
