"""Render every HTML page from views. Templates receive plain data and a `root` prefix."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, TypedDict

from jinja2 import Environment

from badgegen import memo
from badgegen.config import Config
from badgegen.content.model import Gallery
from badgegen.outputs import OutputFile
from badgegen.site.graph import endorsement_edges, endorsement_graph
from badgegen.site.i18n import translations
from badgegen.site.share import award_share, award_social, earner_social, showcase_share
from badgegen.site.theme import templates_fingerprint
from badgegen.site.typography import typeset_html
from badgegen.site.views import Views
from badgegen.urls import Urls, page_file, relative, relative_root

STAGE = "site.render"


class SiteView(TypedDict):
    title: str
    language: str
    base_url: str
    explainer: str
    """Site path of the "What is an open badge?" page."""
    endorsements: str
    """Site path of the endorsement view."""


class PageView(TypedDict):
    path: str
    """Site path of the page (`badges/x/`)."""
    file: str
    url: str
    """Absolute URL (for canonical links and sharing)."""
    title: str
    noindex: bool


PAGES = memo.store(f"{__name__}.PAGES", maxsize=5000)  # about 15 kB each
"""Rendered pages by a digest of their template data and of the templates themselves."""


@dataclass(frozen=True, slots=True)
class _Renderer:
    env: Environment
    config: Config
    templates: str
    """`templates_fingerprint` of the theme."""


def _page_key(renderer: _Renderer, template: str, variables: dict[str, Any]) -> str:
    """The digest a rendered page is kept under: the templates, the template's name and every
    value it receives. Views build each field with one type (text or HTML), so their JSON
    form stands for them exactly; a value JSON does not know falls back to its `repr`."""
    data = json.dumps(variables, sort_keys=True, ensure_ascii=False, default=repr)
    text = f"{renderer.templates}\0{template}\0{data}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _page(
    renderer: _Renderer,
    template: str,
    path: str,
    title: str,
    *,
    noindex: bool = False,
    **context: Any,
) -> OutputFile:
    config = renderer.config
    file = page_file(path)
    urls = Urls(config.site.base_url)
    site: SiteView = {
        "title": config.site.title,
        "language": config.site.language,
        "base_url": config.site.base_url,
        "explainer": Urls.explainer_page,
        "endorsements": Urls.endorsements_page,
    }
    page: PageView = {
        "path": path,
        "file": file,
        "url": urls.absolute(path),
        "title": title,
        "noindex": noindex,
    }
    variables = {"site": site, "page": page, "root": relative_root(file), **context}
    key = _page_key(renderer, template, variables)
    data = PAGES.get(key)
    if data is None:
        html = renderer.env.get_template(template).render(**variables)
        data = typeset_html(html, config.site.language).encode("utf-8")
        PAGES.put(key, data)
    return OutputFile(file, data, "text/html", STAGE)


def render_pages(
    gallery: Gallery, config: Config, env: Environment, *, signed: bool = False
) -> list[OutputFile]:
    """Every HTML page; `signed` says whether award pages can link 3.0 credentials."""
    renderer = _Renderer(env, config, templates_fingerprint(config))
    views = Views(gallery, signed=signed)
    base_url, language = config.site.base_url, config.site.language
    pages: list[OutputFile] = []
    badges = [views.badge_ref(b) for b in gallery.badges]
    issuers = [views.party(i.slug) for i in gallery.issuers]
    listed = [e for e in gallery.earners if e.is_listed]
    pages.append(
        _page(
            renderer,
            "index.html",
            "",
            config.site.title,
            badges=badges,
            issuers=issuers,
            earners=[views.party(e.slug) for e in listed],
            award_count=len(gallery.awards),
        )
    )
    for badge in gallery.badges:
        view = views.badge(badge)
        pages.append(_page(renderer, "badge.html", view["path"], view["name"], badge=view))
    for issuer in gallery.issuers:
        view_i = views.issuer(issuer)
        pages.append(_page(renderer, "issuer.html", view_i["path"], view_i["name"], issuer=view_i))
    for earner in gallery.earners:
        if not earner.has_page:
            continue
        view_e = views.earner(earner)
        pages.append(
            _page(
                renderer,
                "earner.html",
                view_e["path"],
                view_e["name"],
                noindex=not earner.is_listed,
                earner=view_e,
                share=showcase_share(view_e, base_url, language=language),
                social=earner_social(view_e, base_url, config.site.title, language=language),
            )
        )
        for alias in earner.aliases:
            alias_path = Urls.earner_page(alias)
            pages.append(
                _page(
                    renderer,
                    "redirect.html",
                    alias_path,
                    view_e["name"],
                    noindex=True,
                    target=relative(page_file(alias_path), view_e["path"]),
                    target_url=Urls(config.site.base_url).absolute(view_e["path"]),
                )
            )
    urls = Urls(config.site.base_url)
    for award in gallery.awards:
        view_a = views.award(award)
        title = f"{view_a['badge']['name']} — {view_a['earner']['name']}"
        pages.append(
            _page(
                renderer,
                "award.html",
                view_a["path"],
                title,
                noindex=not view_a["listed"],
                award=view_a,
                share=award_share(view_a, base_url, config.site.title, language=language),
                social=award_social(view_a, base_url, config.site.title, language=language),
            )
        )
        pages.append(
            _page(
                renderer,
                "print.html",
                Urls.print_page(award.id),
                view_a["badge"]["name"],
                noindex=True,
                award=view_a,
                qr_code=Urls.qr_code(award.id),
                verify_url=urls.absolute(view_a["path"]),
            )
        )
    gettext = translations(config.site.language).gettext
    pages.append(
        _page(renderer, "explainer.html", Urls.explainer_page, gettext("What is an open badge?"))
    )
    pages.append(
        _page(
            renderer,
            "endorsements.html",
            Urls.endorsements_page,
            gettext("Endorsements"),
            graph=endorsement_graph(gallery, link_prefix="../", translate=gettext),
            edges=endorsement_edges(gallery, gettext),
        )
    )
    return pages
