"""Run the 1EdTech Open Badges 2.0 validator (badgecheck) and the independent baker, offline.

Runs inside the verifiers' virtualenv (`.venv-verifiers`), not badgegen's: it reads a JSON list of
jobs on stdin and prints a JSON list of reports. Network access is cut at the `requests` transport:
only 127.0.0.1 is reached (the test server); the Open Badges context is answered from the copy the
validator ships; every other destination fails, so a test can never reach the internet.

Job: {"input": URL | path, "kind": "url" | "image", "email": optional recipient email,
      "url": optional recipient URL}
Report: {"valid": bool, "errors": [...], "warnings": [...], "unbaked": str | null}
"""

from __future__ import annotations

import collections
import collections.abc
import json
import sys
from urllib.parse import urlsplit

# Old dependencies of the validator still import these from `collections`.
for _name in ("Mapping", "MutableMapping", "Sequence", "Iterable", "Callable", "Hashable", "Set"):
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))

import requests  # noqa: E402
from openbadges import verify  # noqa: E402
from openbadges.verifier.openbadges_context import OPENBADGES_CONTEXT_V2_DICT  # noqa: E402
from openbadges_bakery import unbake  # noqa: E402
from requests.adapters import HTTPAdapter  # noqa: E402

CONTEXT_URLS = (
    "https://w3id.org/openbadges/v2",
    "http://w3id.org/openbadges/v2",
    "https://openbadgespec.org/v2/context.json",
)
_real_send = HTTPAdapter.send


def _offline_send(self, request, **kwargs):  # type: ignore[no-untyped-def]
    url = request.url
    if url.rstrip("/") in CONTEXT_URLS:
        response = requests.Response()
        response.status_code = 200
        response._content = json.dumps(OPENBADGES_CONTEXT_V2_DICT).encode()
        response.headers["Content-Type"] = "application/ld+json"
        response.url = url
        response.request = request
        return response
    if urlsplit(url).hostname == "127.0.0.1":
        return _real_send(self, request, **kwargs)
    raise requests.ConnectionError(f"offline test: refusing to fetch {url}")


HTTPAdapter.send = _offline_send


def check(job: dict) -> dict:
    profile = {}
    if job.get("email"):
        profile["email"] = job["email"]
    if job.get("url"):
        profile["url"] = job["url"]
    unbaked = None
    if job["kind"] == "image":
        with open(job["input"], "rb") as image:
            unbaked = unbake(image)
        with open(job["input"], "rb") as image:
            result = verify(image, recipient_profile=profile or None, use_cache=False)
    else:
        result = verify(job["input"], recipient_profile=profile or None, use_cache=False)
    messages = result["report"]["messages"]
    return {
        "valid": bool(result["report"]["valid"]),
        "errors": [m["result"] for m in messages if m["messageLevel"] == "ERROR"],
        "warnings": [m["result"] for m in messages if m["messageLevel"] == "WARNING"],
        "unbaked": unbaked,
    }


if __name__ == "__main__":
    jobs = json.load(sys.stdin)
    json.dump([check(job) for job in jobs], sys.stdout)
