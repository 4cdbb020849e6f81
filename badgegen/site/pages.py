"""The page producers: one per kind of page, each building the typed context of its template
(`view_types`: `HomePage`, `BadgePage` …) from the views. `PRODUCERS` lists them all, in the
order of the site's pages; `render.render_pages` renders what they give."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from gettext import NullTranslations

from badgegen.config import Config
from badgegen.content.model import Award, BadgeClass, Earner, Gallery, Issuer
from badgegen.marks import N_
from badgegen.outputs import OutputFile
from badgegen.site.cards import CARD_HEIGHT, CARD_WIDTH
from badgegen.site.graph import endorsement_edges, endorsement_graph
from badgegen.site.legal import legal_view
from badgegen.site.share import award_share, award_social, earner_social, showcase_share
from badgegen.site.view_types import (
    AwardPage,
    BadgePage,
    EarnerPage,
    EndorsementsPage,
    HomePage,
    IssuerPage,
    LegalPage,
    PageContext,
    PageView,
    PrintPage,
    RedirectPage,
    ShowcasePrintPage,
    SiteView,
)
from badgegen.site.views import Views
from badgegen.urls import Urls, page_file, relative, relative_root

DESCRIPTION_LENGTH = 200
"""Search engines show about 160 characters; longer descriptions are cut at a word."""


def summary(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """`text` on one line, cut at a word before `limit` characters with `…`."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    return line[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


@dataclass(frozen=True, slots=True)
class Site:
    """What the page producers read: the gallery, its views, the site's language, and `render`,
    which turns a template's context into its page (`render.py`: kept between builds)."""

    gallery: Gallery
    views: Views
    config: Config
    icons: bool
    """Whether the site has favicons."""
    translations: NullTranslations
    render: Callable[[str, PageContext], OutputFile]

    @property
    def base_url(self) -> str:
        return self.config.site.base_url

    @property
    def language(self) -> str:
        return self.config.site.language

    def _(self, message: str) -> str:
        return self.translations.gettext(message)

    def frame(
        self,
        path: str,
        title: str,
        *,
        description: str,
        image: str = Urls.site_card,
        image_alt: str = "",
        noindex: bool = False,
        absolute: bool = False,
    ) -> PageContext:
        """What every template receives for the page at `path`; `image` is a site path, `absolute`
        links with absolute URLs (the 404 page is served at any path, so relative links would lead
        nowhere)."""
        config = self.config
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
            "icons": self.icons,
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
        return {"site": site, "page": page, "root": root}


Unit = Iterator[OutputFile]
"""The pages of one subject (a page and the pages that go with it, such as its redirects), made
only when consumed: `render.render_pages` skips the units of other shares without making them."""
Producer = Callable[[Site], Iterable[Unit]]


def _redirect(site: Site, old_path: str, target_path: str, title: str, description: str) -> Unit:
    """The page at another address (earner alias, badge former slug, an award's short address)
    that sends on to the page."""
    frame = site.frame(old_path, title, description=description, noindex=True)
    context: RedirectPage = {
        **frame,
        "target": relative(page_file(old_path), target_path),
        "target_url": Urls(site.base_url).absolute(target_path),
    }
    yield site.render("redirect.html", context)


def _home(site: Site) -> Unit:
    gallery, views = site.gallery, site.views
    badges = [views.badge_ref(b) for b in gallery.badges]
    issuers = [views.party(i.slug) for i in gallery.issuers]
    counts = " · ".join(
        site.translations.ngettext(one, many, n) % {"num": n}
        for one, many, n in (
            ("%(num)d badge", "%(num)d badges", len(badges)),
            ("%(num)d award", "%(num)d awards", len(gallery.awards)),
            ("%(num)d issuer", "%(num)d issuers", len(issuers)),
        )
    )
    about = site._("Open badges recognise skills and contributions.")
    frame = site.frame("", site.config.site.title, description=f"{about} {counts}.")
    context: HomePage = {
        **frame,
        "badges": badges,
        "issuers": issuers,
        "earners": views.public_earners(),
        "award_count": len(gallery.awards),
    }
    yield site.render("index.html", context)


def _badge(site: Site, badge: BadgeClass) -> Unit:
    view = site.views.badge(badge)
    frame = site.frame(
        view["path"],
        view["name"],
        description=view["description"] or f"{view['name']} — {view['issuer']['name']}",
        image=Urls.badge_card(badge.slug),
        image_alt=view["image_alt"],
    )
    context: BadgePage = {**frame, "badge": view}
    yield site.render("badge.html", context)
    for old in badge.former_slugs:
        yield from _redirect(
            site, Urls.badge_page(old), view["path"], view["name"], view["description"]
        )


def _issuer(site: Site, issuer: Issuer) -> Unit:
    view = site.views.issuer(issuer)
    names = ", ".join(b.name for b in site.gallery.badges_of_issuer(issuer.slug))
    about = site._("Open badges issued by %(name)s") % {"name": view["name"]}
    frame = site.frame(
        view["path"],
        view["name"],
        description=f"{about}: {names}." if names else f"{about}.",
        image=Urls.issuer_card(issuer.slug),
    )
    context: IssuerPage = {**frame, "issuer": view}
    yield site.render("issuer.html", context)


def _showcase(site: Site, earner: Earner) -> Unit:
    """An earner's showcase, its printable page and the pages at its former slugs."""
    view = site.views.earner(earner)
    base_url, language = site.base_url, site.language
    social = earner_social(view, base_url, site.config.site.title, language=language)
    if not social["image"]:
        social["image"] = Urls(base_url).absolute(Urls.site_card)
        social["image_alt"] = social["title"]
        social["image_width"], social["image_height"] = CARD_WIDTH, CARD_HEIGHT
    description = social["description"]
    frame = site.frame(
        view["path"],
        view["name"],
        description=description,
        noindex=not view["listed"],
    )
    page: EarnerPage = {
        **frame,
        "earner": view,
        "share": showcase_share(view, base_url, language=language),
        "social": social,
    }
    yield site.render("earner.html", page)
    print_path = Urls.showcase_print_page(earner.slug)
    frame = site.frame(print_path, view["name"], description=description, noindex=True)
    printed: ShowcasePrintPage = {
        **frame,
        "earner": view,
        "qr_code": Urls.showcase_qr_code(earner.slug),
        "showcase_url": Urls(base_url).absolute(view["path"]),
    }
    yield site.render("showcase_print.html", printed)
    for alias in earner.aliases:
        yield from _redirect(site, Urls.earner_page(alias), view["path"], view["name"], description)


def _award(site: Site, award: Award) -> Unit:
    """An award's page, its printable page and its short address; for an award whose holder was
    forgotten, the page that stays at its address."""
    if site.gallery.earner(award.earner).forgotten is not None:
        yield from _forgotten(site, award)
        return
    view = site.views.award(award)
    base_url, title = site.base_url, site.config.site.title
    name = f"{view['badge']['name']} — {view['earner']['name']}"
    social = award_social(view, base_url, title, language=site.language)
    description, card = social["description"], Urls.social_card(award.id)
    frame = site.frame(
        view["path"],
        name,
        description=description,
        image=card,
        noindex=not view["listed"],
    )
    page: AwardPage = {
        **frame,
        "award": view,
        "share": award_share(view, base_url, title, language=site.language),
        "social": social,
    }
    yield site.render("award.html", page)
    print_path, badge_name = Urls.print_page(award.id), view["badge"]["name"]
    frame = site.frame(print_path, badge_name, description=description, image=card, noindex=True)
    printed: PrintPage = {
        **frame,
        "award": view,
        "qr_code": Urls.qr_code(award.id),
        "verify_url": Urls(base_url).absolute(view["short_path"]),
    }
    yield site.render("print.html", printed)
    yield from _redirect(site, view["short_path"], view["path"], name, description)


def _forgotten(site: Site, award: Award) -> Unit:
    """The page left at the URL of an award whose holder asked to be forgotten: it says that the
    badge was revoked and names no one (the award's status list bit says the same)."""
    frame = site.frame(
        Urls.award_page(award.id),
        site._("Revoked badge"),
        description=site._("This badge was revoked at the request of the person who held it."),
        noindex=True,
    )
    yield site.render("forgotten.html", frame)


def _endorsements(site: Site) -> Unit:
    frame = site.frame(
        Urls.endorsements_page,
        site._("Endorsements"),
        description=site._("Who vouches for whom: endorsements of issuers, badges and awards."),
    )
    endorsements = site.views.endorsements()
    gettext = site.translations.gettext
    context: EndorsementsPage = {
        **frame,
        "graph": endorsement_graph(endorsements, link_prefix="../", translate=gettext),
        "edges": endorsement_edges(endorsements, gettext),
    }
    yield site.render("endorsements.html", context)


def _legal(site: Site) -> Unit:
    frame = site.frame(
        Urls.legal_page,
        site._("Legal notice and data"),
        description=site._(
            "Who publishes this site, what it publishes about people, "
            "and how to be hidden or removed."
        ),
    )
    context: LegalPage = {**frame, "legal": legal_view(site.config)}
    yield site.render("legal.html", context)


@dataclass(frozen=True, slots=True)
class _Plain:
    """A page whose template needs nothing but the common context (`PageContext`)."""

    template: str
    path: str
    title: str
    """Marked with `N_`, translated when the page is made."""
    description: str
    noindex: bool = False
    absolute: bool = False

    def __call__(self, site: Site) -> Iterable[Unit]:
        return [self._page(site)]

    def _page(self, site: Site) -> Unit:
        frame = site.frame(
            self.path,
            site._(self.title),
            description=site._(self.description),
            noindex=self.noindex,
            absolute=self.absolute,
        )
        yield site.render(self.template, frame)


def _once(make: Callable[[Site], Unit]) -> Producer:
    return lambda site: [make(site)]


def _badge_unit(site: Site, slug: str) -> Unit:
    return _badge(site, site.gallery.badge(slug))


def _issuer_unit(site: Site, slug: str) -> Unit:
    issuer = site.gallery.party(slug)
    assert isinstance(issuer, Issuer)
    return _issuer(site, issuer)


def _showcase_unit(site: Site, slug: str) -> Unit:
    return _showcase(site, site.gallery.earner(slug))


def _award_unit(site: Site, award_id: str) -> Unit:
    return _award(site, site.gallery.award(award_id))


SUBJECTS: dict[str, tuple[Callable[[Gallery], list[str]], Callable[[Site, str], Unit]]] = {
    "badges": (lambda g: [b.slug for b in g.badges], _badge_unit),
    "issuers": (lambda g: [i.slug for i in g.issuers], _issuer_unit),
    "showcases": (lambda g: [e.slug for e in g.earners if e.has_page], _showcase_unit),
    "awards": (lambda g: [a.id for a in g.awards], _award_unit),
}
"""The kinds of page with one page (and its companions) per subject: how to list the subjects
of a gallery (slugs, award ids), and how to make the unit of one. `stages.page_parts` makes
these apart, a few subjects at a time, and keeps them between builds."""


def subject_units(site: Site, kind: str, keys: Iterable[str]) -> Iterator[Unit]:
    """The pages of these subjects of `kind` (`SUBJECTS`), a unit each."""
    make = SUBJECTS[kind][1]
    return (make(site, key) for key in keys)


@dataclass(frozen=True, slots=True)
class _Every:
    """The pages of every subject of one kind (`SUBJECTS`)."""

    kind: str

    def __call__(self, site: Site) -> Iterable[Unit]:
        return subject_units(site, self.kind, SUBJECTS[self.kind][0](site.gallery))


def by_subject(producer: Producer) -> bool:
    """Whether `producer` makes one kind of page per subject (those `SUBJECTS` lists)."""
    return isinstance(producer, _Every)


PRODUCERS: tuple[Producer, ...] = (
    _once(_home),
    _Every("badges"),
    _Every("issuers"),
    _Every("showcases"),
    _Every("awards"),
    _Plain(
        "explainer.html",
        Urls.explainer_page,
        N_("What is an open badge?"),
        N_("What an open badge is, how to keep it, share it, and check one."),
    ),
    _Plain(
        "verify.html",
        Urls.verify_page,
        N_("Check a badge"),
        N_("Check an open badge: drop its picture or paste its credential or address."),
    ),
    _once(_endorsements),
    _once(_legal),
    _Plain(
        "404.html",
        Urls.not_found_page,
        N_("Page not found"),
        N_("This page does not exist, or no longer exists."),
        noindex=True,
        absolute=True,  # served at any path: relative links would lead nowhere
    ),
)
"""Every kind of page, in the order of the site's pages; each gives one unit per subject."""
