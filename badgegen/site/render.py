"""Render every HTML page: the producers of `pages.py` build each template's typed context from
the views; pages are rendered here, or taken from the page cache when nothing they show changed."""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from jinja2 import Environment

from badgegen import memo
from badgegen.config import Config
from badgegen.content.model import Gallery
from badgegen.errors import ContentError, Problem
from badgegen.outputs import OutputFile
from badgegen.site.i18n import translations
from badgegen.site.pages import PRODUCERS, Site, by_subject, subject_units
from badgegen.site.theme import templates_fingerprint
from badgegen.site.typography import typeset_html
from badgegen.site.view_types import PageContext
from badgegen.site.views import Views

STAGE = "site.render"


PAGE_CACHE_SIZE = 40_000
"""Pages kept in memory by the preview: a site of 10,000 awards has about 34,000 (three per
award, two per earner). They are kept compressed (about 3 kB each, at most about 120 MB)."""

PAGES = memo.store(f"{__name__}.PAGES", maxsize=PAGE_CACHE_SIZE)
"""Rendered pages, zlib-compressed, by a digest of their template data and of the templates:
the preview re-renders only the pages an edit changed. `badgegen build` renders each page once
and keeps none (`memo.held_briefly`): between two builds, the pages of a part whose subjects did
not change are not rendered at all, they stay the files of the previous site (`rebuild.py`)."""


@dataclass(frozen=True, slots=True)
class _Renderer:
    env: Environment
    config: Config
    templates: str
    """`templates_fingerprint` of the theme."""
    icons: bool


def _page_key(renderer: _Renderer, template: str, variables: Mapping[str, Any]) -> str:
    """The digest a rendered page is kept under: the templates, the template's name and every
    value it receives. Views build each field with one type (text or HTML), so their JSON
    form stands for them exactly; a value JSON does not know falls back to its `repr`."""
    data = json.dumps(variables, sort_keys=True, ensure_ascii=False, default=repr)
    text = f"{renderer.templates}\0{template}\0{data}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _render(renderer: _Renderer, template: str, context: PageContext) -> OutputFile:
    """The page of `context` rendered with `template`, or the same page kept from before."""
    if memo.held_briefly():
        return OutputFile(context["page"]["file"], _html(renderer, template, context), stage=STAGE)
    key = _page_key(renderer, template, context)
    packed = PAGES.get(key)
    if packed is None:
        data = _html(renderer, template, context)
        PAGES.put(key, zlib.compress(data, 1))
    else:
        data = zlib.decompress(packed)
    return OutputFile(context["page"]["file"], data, stage=STAGE)


def _html(renderer: _Renderer, template: str, context: PageContext) -> bytes:
    html = renderer.env.get_template(template).render(context)
    return typeset_html(html, renderer.config.site.language).encode("utf-8")


def _check_short_codes(gallery: Gallery) -> None:
    """Two awards whose codes collide (40 bits of a hash: about one chance in 10⁵ with 10,000
    awards) cannot both have a short address; say so instead of failing in the writer."""
    first: dict[str, str] = {}
    problems: list[Problem] = []
    for award in gallery.awards:
        if award.code in first:
            problems.append(
                Problem(
                    award.source,
                    None,
                    f"this award's short code {award.code} is also the code of {first[award.code]}",
                    "give this new award another `id` (a new UUID) before it is published",
                )
            )
        first.setdefault(award.code, award.source)
    if problems:
        raise ContentError(problems)


def render_pages(
    gallery: Gallery,
    config: Config,
    env: Environment,
    *,
    signed: bool = False,
    status_indexes: Mapping[str, int] | None = None,
    icons: bool = False,
    part: tuple[int, int] = (0, 1),
    subjects: tuple[str, tuple[str, ...]] | None = None,
    by_subject_apart: bool = False,
) -> Iterator[OutputFile]:
    """Every HTML page, one at a time; `signed` says whether award pages can link 3.0
    credentials, `status_indexes` gives each award's bit in its issuer's status list, and
    `icons` whether the site has favicons.

    `part=(k, n)`: only the k-th of n interleaved shares of the pages (a page and the pages that
    go with it, such as its redirects, stay together), so that n processes can share the work;
    the n shares together are exactly the pages of `(0, 1)`. `subjects=(kind, keys)` gives
    only the pages of those subjects (`pages.SUBJECTS`: badges, issuers, showcases, awards),
    and `by_subject_apart` leaves out every page made per subject: the shares of the other
    pages and the pages of every subject together are again exactly the pages of `(0, 1)`.
    """
    share, shares = part
    if share == 0 and subjects is None:
        _check_short_codes(gallery)
    views = Views(
        gallery, signed=signed, base_url=config.site.base_url, status_indexes=status_indexes
    )
    renderer = _Renderer(env, config, templates_fingerprint(config), icons)
    language = translations(config.site.language)
    site = Site(gallery, views, config, icons, language, partial(_render, renderer))
    if subjects is not None:
        for unit in subject_units(site, *subjects):
            yield from unit
        return
    producers = [p for p in PRODUCERS if not (by_subject_apart and by_subject(p))]
    units = (unit for producer in producers for unit in producer(site))
    for turn, unit in enumerate(units):
        if turn % shares == share:
            yield from unit
