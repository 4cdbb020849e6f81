"""`badgegen serve`: build, serve the preview with livereload, rebuild on change, reload pages.

Three threads: watchdog's observer gathers changes, a builder thread rebuilds once they settle,
and the main thread runs livereload's Tornado server. The builder asks the server's loop to
reload the open pages (`add_callback` is Tornado's one thread-safe entry point).

The preview is built for `http://127.0.0.1:<port>/` into a temporary folder, not into `output/`:
`output/` holds the site built for the real base_url, ready to publish, and a preview build there
would replace its URLs, DID documents and signatures with local ones.
"""

from __future__ import annotations

import logging
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import webbrowser
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop

from badgegen import config, report
from badgegen.build import check_output
from badgegen.errors import UsageError
from badgegen.log import end_progress
from badgegen.serve.app import PreviewApp
from badgegen.serve.overlay import overlay_html
from badgegen.serve.session import Outcome, Preview
from badgegen.serve.watch import ChangeQueue, Watching, watch_plan
from badgegen.speech import ENGLISH, Speech, speech
from badgegen.wording import translate

DEFAULT_PORT = 8000
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


class _NoPolling(Watcher):  # type: ignore[misc]
    """livereload's own watcher, switched off: watchdog reports the changes, the builder reloads.

    (Left on, it would poll the current folder every 0.8 s and reload on any change there.)
    """

    def start(self, callback: Callable[[], Any]) -> bool:
        return True  # "already watching": livereload then sets up no polling

    def examine(self) -> tuple[str | None, float | None]:
        return None, None


def _say(text: str) -> None:
    print(text, flush=True)


def _summary(outcome: Outcome, words: Speech, *, first: bool = False) -> str:
    stats = outcome.stats
    assert stats is not None
    figures = report.build_summary(stats, words)
    if first:
        return f"{words.count('%(num)d file', '%(num)d files', stats.files)} ({figures})"
    changed = len(outcome.changed)
    return f"{words.count('%(num)d file changed', '%(num)d files changed', changed)} ({figures})"


def _report(outcome: Outcome, seconds: float, trigger: str | None, words: Speech = ENGLISH) -> None:
    """Problems first (stderr), then one line; `trigger` is None for the first build."""
    end_progress()
    stamp = datetime.now().strftime("%H:%M:%S")
    if outcome.problems:
        print(report.render(outcome.problems, "text", words), file=sys.stderr, flush=True)
    took = f"{seconds:.1f}"
    if outcome.ok and trigger is None:
        summary = _summary(outcome, words, first=True)
        _say(words._("Built in %(seconds)s s: %(summary)s", seconds=took, summary=summary))
    elif outcome.ok:
        summary = _summary(outcome, words)
        _say(
            words._(
                "[%(time)s] %(trigger)s: rebuilt in %(seconds)s s, %(summary)s",
                time=stamp,
                trigger=trigger,
                seconds=took,
                summary=summary,
            )
        )
    elif trigger is None:
        _say(
            words._(
                "The site does not build yet: the pages show the problems above until they are "
                "fixed"
            )
        )
    else:
        _say(
            words._(
                "[%(time)s] %(trigger)s: not rebuilt, the last good site is still served",
                time=stamp,
                trigger=trigger,
            )
        )
    if outcome.ok and outcome.skipped and trigger is None:
        note = translate(outcome.skipped, words.catalog)
        print(words._("note: %(text)s", text=note), file=sys.stderr, flush=True)


def _trigger(paths: set[Path], root: Path, words: Speech = ENGLISH) -> str:
    """ "content/badges/x.md changed": the files still there (not an editor's renamed-away
    scratch file, nor the folder a new file went into); else the deleted ones."""
    paths = {p for p in paths if p.is_file()} or {p for p in paths if p.exists()} or paths
    names = sorted(config.shown_path(p, root) for p in paths)
    shown = ", ".join(names[:3])
    if len(names) > 3:
        shown = words.count(
            "%(files)s and %(num)d more", "%(files)s and %(num)d more", len(names) - 3, files=shown
        )
    return words._("%(files)s changed", files=shown)


def reload_paths(outcome: Outcome, had_errors: bool) -> list[str]:
    """What to tell the open pages: "*" reloads a page; a stylesheet's path swaps it in place.

    Nothing when nothing changed (a comment edited in a YAML file) and no overlay came or went.
    """
    if not outcome.ok or had_errors:
        return ["*"]
    if outcome.changed and all(p.endswith(".css") for p in outcome.changed):
        return outcome.changed
    return ["*"] if outcome.changed else []


def _builder(
    preview: Preview,
    queue: ChangeQueue,
    watching: Watching,
    stop: threading.Event,
    loop: IOLoop,
    words: Speech,
) -> None:
    root = preview.root.resolve()
    while not stop.is_set():
        paths = queue.wait(stop)
        if not paths:
            continue
        had_errors = bool(preview.errors)
        start = time.perf_counter()
        outcome = preview.rebuild()
        _report(outcome, time.perf_counter() - start, _trigger(paths, root, words), words)
        for path in reload_paths(outcome, had_errors):
            loop.add_callback(LiveReloadHandler.reload_waiters, path)
        if preview.config and watching.update(watch_plan(preview.config, preview.served)):
            _say(words._("Watching %(paths)s", paths=watching.plan.describe(root)))


def _quiet_livereload(verbose: bool) -> None:
    """livereload logs every connection and reload at INFO; keep them for `-v`."""
    if verbose:
        return
    logging.getLogger("livereload").addFilter(lambda record: record.levelno >= logging.WARNING)
    logging.getLogger("tornado.access").addFilter(lambda record: False)  # one line per request


def serve(
    root: Path,
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    poll: bool = False,
    open_browser: bool = False,
    output: Path | None = None,
    verbose: bool = False,
) -> int:
    """Serve a live preview of the repository at `root` until Ctrl+C; the exit status."""
    cfg = config.load(root)  # a repository and a readable badgegen.toml, or a clear error now
    words = speech(cfg.site.language)
    _check_port(host, port)  # before building: a taken port should not cost a build
    temporary = None if output else Path(tempfile.mkdtemp(prefix="badgegen-preview-"))
    served = (
        temporary / "site" if temporary else cfg.root / (output or cfg.build.output)
    ).resolve()
    if output is not None:
        check_output(cfg.with_overrides(output=str(served)))
    url_host = f"[{host}]" if ":" in host else host
    base_url = f"http://{url_host}:{port}/"
    preview = Preview(cfg.root, served, base_url)

    start = time.perf_counter()
    outcome = preview.rebuild()
    _report(outcome, time.perf_counter() - start, None, words)

    queue = ChangeQueue()
    watching = Watching(watch_plan(preview.config or cfg, served), queue, poll=poll)
    stop = threading.Event()
    loop = IOLoop.current()
    builder = threading.Thread(
        target=_builder,
        args=(preview, queue, watching, stop, loop, words),
        name="badgegen-rebuild",
        daemon=True,
    )
    builder.start()

    app = PreviewApp(served, lambda: overlay_html(preview.errors, words))
    server = Server(app=app, watcher=_NoPolling())
    _quiet_livereload(verbose)
    signal.signal(signal.SIGTERM, _interrupt)
    # a preview started in the background by a shell (`badgegen serve &`, a make job, a test
    # runner) inherits SIGINT ignored, and Python then leaves it ignored: it says Ctrl+C stops
    # it, so Ctrl+C does
    signal.signal(signal.SIGINT, signal.default_int_handler)
    _say(words._("Serving the preview on %(url)s (press Ctrl+C to stop)", url=base_url))
    watched = watching.plan.describe(cfg.root.resolve())
    if poll:
        _say(words._("Watching %(paths)s (polling)", paths=watched))
    else:
        _say(words._("Watching %(paths)s", paths=watched))
    if host not in LOCAL_HOSTS:
        _say(words._("note: the preview is reachable from other machines on %(host)s", host=host))
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(base_url,)).start()
    try:
        server.serve(port=port, host=host, debug=False, live_css=True)
    except OSError as exc:
        raise _port_error(host, port, exc) from None
    finally:
        stop.set()
        watching.stop()
        builder.join(timeout=5)
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    _say(words._("Stopped."))
    return 0


def _check_port(host: str, port: int) -> None:
    if not 0 < port < 65536:
        raise UsageError(f"--port {port}: choose a port between 1 and 65535")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, kind, proto, _name, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        raise _port_error(host, port, exc) from None


def _port_error(host: str, port: int, exc: OSError) -> UsageError:
    return UsageError(
        f"cannot serve on {host}:{port}: {exc.strerror or exc}; "
        f"another program may be using that port: try --port {port + 1}"
    )


def _interrupt(_signum: int, _frame: object) -> None:
    """SIGTERM (a service manager, a test) stops the server like Ctrl+C, cleaning up."""
    raise KeyboardInterrupt
