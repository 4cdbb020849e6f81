"""Render every HTML page from views. Templates receive plain data and a `root` prefix."""

from __future__ import annotations

import hashlib
import itertools
import json
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment

from badgegen import memo
from badgegen.config import Config
from badgegen.content.model import Gallery
from badgegen.errors import ContentError, Problem
from badgegen.outputs import OutputFile
from badgegen.site.cards import CARD_HEIGHT, CARD_WIDTH
from badgegen.site.graph import endorsement_edges, endorsement_graph
from badgegen.site.i18n import translations
from badgegen.site.legal import legal_view
from badgegen.site.share import award_share, award_social, earner_social, showcase_share
from badgegen.site.theme import templates_fingerprint
from badgegen.site.typography import typeset_html
from badgegen.site.view_types import PageView, SiteView
from badgegen.site.views import Views
from badgegen.urls import Urls, page_file, relative, relative_root

STAGE = "site.render"


PAGE_CACHE_SIZE = 40_000
"""Pages kept in memory: a site of 10,000 awards has about 34,000 (three per award, two per
earner). They are kept compressed (about 3 kB each, at most about 120 MB)."""

PAGES = memo.store(f"{__name__}.PAGES", maxsize=PAGE_CACHE_SIZE, disk=memo.BYTES)
"""Rendered pages, zlib-compressed, by a digest of their template data and of the templates."""


@dataclass(frozen=True, slots=True)
class _Renderer:
    env: Environment
    config: Config
    templates: str
    """`templates_fingerprint` of the theme."""
    icons: bool


def _page_key(renderer: _Renderer, template: str, variables: dict[str, Any]) -> str:
    """The digest a rendered page is kept under: the templates, the template's name and every
    value it receives. Views build each field with one type (text or HTML), so their JSON
    form stands for them exactly; a value JSON does not know falls back to its `repr`."""
    data = json.dumps(variables, sort_keys=True, ensure_ascii=False, default=repr)
    text = f"{renderer.templates}\0{template}\0{data}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _redirect(
    renderer: _Renderer, old_path: str, target_path: str, title: str, description: str
) -> OutputFile:
    """The page at another address (earner alias, badge former slug, an award's short address)
    that sends on to the page."""
    return _page(
        renderer,
        "redirect.html",
        old_path,
        title,
        description=description,
        noindex=True,
        target=relative(page_file(old_path), target_path),
        target_url=Urls(renderer.config.site.base_url).absolute(target_path),
    )


def _page(
    renderer: _Renderer,
    template: str,
    path: str,
    title: str,
    *,
    description: str,
    image: str = Urls.site_card,
    image_alt: str = "",
    noindex: bool = False,
    absolute: bool = False,
    **context: Any,
) -> OutputFile:
    """One page; `image` is a site path, `absolute` links with absolute URLs (the 404 page is
    served at any path, so relative links would lead nowhere)."""
    config = renderer.config
    file = page_file(path)
    urls = Urls(config.site.base_url)
    site: SiteView = {
        "title": config.site.title,
        "language": config.site.language,
        "base_url": config.site.base_url,
        "explainer": Urls.explainer_page,
        "endorsements": Urls.endorsements_page,
        "verify": Urls.verify_page,
        "legal": Urls.legal_page,
        "feed": urls.absolute(Urls.feed),
        "icons": renderer.icons,
    }
    page: PageView = {
        "path": path,
        "file": file,
        "url": urls.absolute(path),
        "title": title,
        "noindex": noindex,
        "description": summary(description),
        "image": urls.absolute(image),
        "image_alt": image_alt or title,
    }
    root = config.site.base_url if absolute else relative_root(file)
    variables = {"site": site, "page": page, "root": root, **context}
    key = _page_key(renderer, template, variables)
    packed = PAGES.get(key)
    if packed is None:
        html = renderer.env.get_template(template).render(**variables)
        data = typeset_html(html, config.site.language).encode("utf-8")
        PAGES.put(key, zlib.compress(data, 1))
    else:
        data = zlib.decompress(packed)
    return OutputFile(file, data, "text/html", STAGE)


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


DESCRIPTION_LENGTH = 200
"""Search engines show about 160 characters; longer descriptions are cut at a word."""


def summary(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """`text` on one line, cut at a word before `limit` characters with `…`."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    return line[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _forgotten_award(renderer: _Renderer, award_id: str, gettext: Any) -> OutputFile:
    """The page left at the URL of an award whose holder asked to be forgotten: it says that the
    badge was revoked and names no one (the award's status list bit says the same)."""
    return _page(
        renderer,
        "forgotten.html",
        Urls.award_page(award_id),
        gettext("Revoked badge"),
        description=gettext("This badge was revoked at the request of the person who held it."),
        noindex=True,
    )


def render_pages(
    gallery: Gallery,
    config: Config,
    env: Environment,
    *,
    signed: bool = False,
    status_indexes: Mapping[str, int] | None = None,
    icons: bool = False,
    part: tuple[int, int] = (0, 1),
) -> Iterator[OutputFile]:
    """Every HTML page, one at a time; `signed` says whether award pages can link 3.0
    credentials, `status_indexes` gives each award's bit in its issuer's status list, and
    `icons` whether the site has favicons.

    `part=(k, n)`: only the k-th of n interleaved shares of the pages (a page and the pages that
    go with it, such as its redirects, stay together), so that n processes can share the work;
    the n shares together are exactly the pages of `(0, 1)`.
    """
    share, shares = part
    turns = itertools.count()

    def mine() -> bool:
        return next(turns) % shares == share

    if share == 0:
        _check_short_codes(gallery)
    renderer = _Renderer(env, config, templates_fingerprint(config), icons)
    views = Views(
        gallery, signed=signed, base_url=config.site.base_url, status_indexes=status_indexes
    )
    base_url, language = config.site.base_url, config.site.language
    gettext = translations(language).gettext
    ngettext = translations(language).ngettext
    urls = Urls(config.site.base_url)
    if mine():
        badges = [views.badge_ref(b) for b in gallery.badges]
        issuers = [views.party(i.slug) for i in gallery.issuers]
        listed = [e for e in gallery.earners if e.is_listed]
        counts = " · ".join(
            ngettext(one, many, n) % {"num": n}
            for one, many, n in (
                ("%(num)d badge", "%(num)d badges", len(badges)),
                ("%(num)d award", "%(num)d awards", len(gallery.awards)),
                ("%(num)d issuer", "%(num)d issuers", len(issuers)),
            )
        )
        yield _page(
            renderer,
            "index.html",
            "",
            config.site.title,
            description=f"{gettext('Open badges recognise skills and contributions.')} {counts}.",
            badges=badges,
            issuers=issuers,
            earners=[views.party(e.slug) for e in listed],
            award_count=len(gallery.awards),
        )
    for badge in gallery.badges:
        if not mine():
            continue
        view = views.badge(badge)
        yield _page(
            renderer,
            "badge.html",
            view["path"],
            view["name"],
            description=view["description"] or f"{view['name']} — {view['issuer']['name']}",
            image=Urls.badge_card(badge.slug),
            image_alt=view["image_alt"],
            badge=view,
        )
        yield from (
            _redirect(
                renderer, Urls.badge_page(old), view["path"], view["name"], view["description"]
            )
            for old in badge.former_slugs
        )
    for issuer in gallery.issuers:
        if not mine():
            continue
        view_i = views.issuer(issuer)
        names = ", ".join(b.name for b in gallery.badges_of_issuer(issuer.slug))
        about = gettext("Open badges issued by %(name)s") % {"name": view_i["name"]}
        yield _page(
            renderer,
            "issuer.html",
            view_i["path"],
            view_i["name"],
            description=f"{about}: {names}." if names else f"{about}.",
            image=Urls.issuer_card(issuer.slug),
            issuer=view_i,
        )
    for earner in gallery.earners:
        if not earner.has_page or not mine():
            continue
        view_e = views.earner(earner)
        social = earner_social(view_e, base_url, config.site.title, language=language)
        if not social["image"]:
            social["image"] = Urls(base_url).absolute(Urls.site_card)
            social["image_alt"] = social["title"]
            social["image_width"], social["image_height"] = CARD_WIDTH, CARD_HEIGHT
        yield _page(
            renderer,
            "earner.html",
            view_e["path"],
            view_e["name"],
            description=social["description"],
            noindex=not earner.is_listed,
            earner=view_e,
            share=showcase_share(view_e, base_url, language=language),
            social=social,
        )
        yield _page(
            renderer,
            "showcase_print.html",
            Urls.showcase_print_page(earner.slug),
            view_e["name"],
            description=social["description"],
            noindex=True,
            earner=view_e,
            qr_code=Urls.showcase_qr_code(earner.slug),
            showcase_url=urls.absolute(view_e["path"]),
        )
        yield from (
            _redirect(
                renderer,
                Urls.earner_page(alias),
                view_e["path"],
                view_e["name"],
                social["description"],
            )
            for alias in earner.aliases
        )
    for award in gallery.awards:
        if not mine():
            continue
        if gallery.earner(award.earner).forgotten is not None:
            yield _forgotten_award(renderer, award.id, gettext)
            continue
        view_a = views.award(award)
        title = f"{view_a['badge']['name']} — {view_a['earner']['name']}"
        social_a = award_social(view_a, base_url, config.site.title, language=language)
        yield _page(
            renderer,
            "award.html",
            view_a["path"],
            title,
            description=social_a["description"],
            image=Urls.social_card(award.id),
            noindex=not view_a["listed"],
            award=view_a,
            share=award_share(view_a, base_url, config.site.title, language=language),
            social=social_a,
        )
        yield _page(
            renderer,
            "print.html",
            Urls.print_page(award.id),
            view_a["badge"]["name"],
            description=social_a["description"],
            image=Urls.social_card(award.id),
            noindex=True,
            award=view_a,
            qr_code=Urls.qr_code(award.id),
            verify_url=urls.absolute(view_a["short_path"]),
        )
        yield _redirect(
            renderer, view_a["short_path"], view_a["path"], title, social_a["description"]
        )
    if mine():
        yield _page(
            renderer,
            "explainer.html",
            Urls.explainer_page,
            gettext("What is an open badge?"),
            description=gettext("What an open badge is, how to keep it, share it, and check one."),
        )
    if mine():
        yield _page(
            renderer,
            "verify.html",
            Urls.verify_page,
            gettext("Check a badge"),
            description=gettext(
                "Check an open badge: drop its picture or paste its credential or address."
            ),
        )
    if mine():
        yield _page(
            renderer,
            "endorsements.html",
            Urls.endorsements_page,
            gettext("Endorsements"),
            description=gettext(
                "Who vouches for whom: endorsements of issuers, badges and awards."
            ),
            graph=endorsement_graph(gallery, link_prefix="../", translate=gettext),
            edges=endorsement_edges(gallery, gettext),
        )
    if mine():
        yield _page(
            renderer,
            "legal.html",
            Urls.legal_page,
            gettext("Legal notice and data"),
            description=gettext(
                "Who publishes this site, what it publishes about people, "
                "and how to be hidden or removed."
            ),
            legal=legal_view(config),
        )
    if mine():
        yield _page(
            renderer,
            "404.html",
            Urls.not_found_page,
            gettext("Page not found"),
            description=gettext("This page does not exist, or no longer exists."),
            noindex=True,
            absolute=True,
        )
