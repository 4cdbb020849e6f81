"""The WSGI app of the preview: the preview folder's files, as a static host serves them.

- `/badges/x/` serves `badges/x/index.html`; `/badges/x` redirects there, as GitHub Pages does;
- media types come from the one table of `content/media.py`, so `.json` is `application/json` and `.jsonld`
  `application/ld+json` on every system (Python's `mimetypes` reads the system's own list);
- no path can leave the folder, and nothing is cached by the browser (every reload is fresh);
- while the content does not build, every HTML page gets the problem overlay before `</body>`.

livereload wraps this app and adds its reload script to every page.
"""

from __future__ import annotations

import mimetypes
import posixpath
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from typing import Any

from badgegen.content.media import MEDIA_TYPES

StartResponse = Callable[..., Any]

INDEX = "index.html"
BODY_END = b"</body>"

NOT_FOUND = (
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>Not found</title></head>"
    '<body style="font:18px/1.5 system-ui,sans-serif;margin:2rem">'
    "<h1>Not found</h1><p>The preview has no file at <code>{path}</code>.</p>"
    '<p><a href="/">Back to the home page</a></p></body></html>'
)


def media_type(path: Path) -> str:
    known = MEDIA_TYPES.get(path.suffix.lower())
    if known is None:
        guessed, _encoding = mimetypes.guess_type(path.name)
        return guessed or "application/octet-stream"
    return f"{known}; charset=utf-8" if known.startswith("text/") else known


class PreviewApp:
    """Serve `folder`; `overlay()` is called for each HTML page ("" = nothing to show)."""

    def __init__(self, folder: Path, overlay: Callable[[], str]) -> None:
        self.folder = folder
        self.overlay = overlay

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            return self._respond(start_response, "405 Method Not Allowed", b"", "text/plain")
        raw = environ.get("PATH_INFO", "/") or "/"
        url_path = raw.encode("latin-1").decode("utf-8", "replace")  # WSGI's str is bytes
        target = self._resolve(url_path)
        if target is None:
            return self._not_found(start_response, url_path)
        if target.is_dir():
            if not url_path.endswith("/"):
                query = environ.get("QUERY_STRING", "")
                location = (
                    environ.get("SCRIPT_NAME", "") + raw + "/" + (f"?{query}" if query else "")
                )
                start_response("301 Moved Permanently", [("Location", location)])
                return [b""]
            target = target / INDEX
            if not target.is_file():
                return self._not_found(start_response, url_path)
        try:
            body = target.read_bytes()
        except OSError:  # swapped away by a rebuild between the lookup and the read
            return self._not_found(start_response, url_path)
        kind = media_type(target)
        if kind.startswith("text/html"):
            body = self._with_overlay(body)
        return self._respond(start_response, "200 OK", b"" if method == "HEAD" else body, kind)

    def _resolve(self, url_path: str) -> Path | None:
        """The file or folder for a URL path, or None if it is missing or outside the folder."""
        parts = [p for p in posixpath.normpath(url_path).split("/") if p and p != "."]
        if any(p == ".." or "\\" in p or "\0" in p for p in parts):
            return None
        folder = self.folder.resolve()
        target = folder.joinpath(*parts)
        try:
            resolved = target.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        return target if resolved.is_relative_to(folder) else None

    def _with_overlay(self, body: bytes) -> bytes:
        overlay = self.overlay()
        if not overlay:
            return body
        index = body.rfind(BODY_END)
        at = index if index >= 0 else len(body)
        return body[:at] + overlay.encode("utf-8") + body[at:]

    def _not_found(self, start_response: StartResponse, url_path: str) -> Iterable[bytes]:
        body = self._with_overlay(NOT_FOUND.format(path=escape(url_path)).encode("utf-8"))
        return self._respond(start_response, "404 Not Found", body, MEDIA_TYPES[".html"])

    @staticmethod
    def _respond(
        start_response: StartResponse, status: str, body: bytes, kind: str
    ) -> Iterable[bytes]:
        start_response(
            status,
            [
                ("Content-Type", kind),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
            ],
        )
        return [body]
