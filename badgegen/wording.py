"""Problems in the repository's language, translated where they are shown.

Problems stay data: validators keep writing plain English messages and hints (tests, sorting,
the JSON report and the importer compare them as they are), and nothing about the language is
stored in a `Problem`. Where a problem is formatted for a person (`report.render` for `check`
and `build`, text and GitHub annotations; the `serve` terminal and overlay; `import`),
`translated()` looks its message and hint up:

- `TEMPLATES` lists the English texts as gettext msgids with named parameters, such as
  `unknown field %(value)s`; each one is also a pattern (a parameter matches any text, one
  word for `field`, `key`, `section`, `suffix` and `slug`, a quoted text for `value`), tried longest
  first, so a specific text wins over a general one;
- the matching msgid is translated through the catalogs of `badgegen/locale/<lang>/` (the
  texts of problems are in `problems.po`) and its parameters are put back as they were written;
- a parameter named `reason`, `more` or `what` holds another text of the list (a message built
  from two parts, like `issued_on: 'x' is not a date…`) and is translated the same way, in turn.

`TEMPLATES` ends with `phrases.TEMPLATES`: the texts of usage errors, of the Open Badges checks,
of SVG repairs and of the importer, which are looked up the same way.

A text no template matches is shown in English, as written. `tests/test_wording.py` keeps the
list of those still untranslated visible. Why a lookup rather than msgids written at each
source: the validators, and the many tests that compare their exact English, stay as they are;
the price is keeping `TEMPLATES` in step with the validators' words (a reworded message falls
back to English, which that test notices for the rule examples).

French in the terminal is written with plain spaces before `:` `;` `?` `!` (as the rest of the
command line); the overlay, which is a web page, gets the non-breaking spaces of the site.
"""

from __future__ import annotations

import dataclasses
import gettext
import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from badgegen import phrases
from badgegen.errors import Problem
from badgegen.marks import N_
from badgegen.site.i18n import translations

_WORD_PARAMETERS = ("field", "key", "section", "suffix", "slug")
_QUOTED = r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""
_NESTED_PARAMETERS = ("reason", "more", "what")
_PARAMETER = re.compile(r"%\((\w+)\)s")


TEMPLATES: tuple[str, ...] = (
    # YAML syntax (content/yamlio.py)
    N_("YAML syntax error: a quote opened on this line is never closed"),
    N_("add the closing quote"),
    N_("YAML syntax error: a value contains ': ' (a colon and a space)"),
    N_('put the whole value in quotes, like: name: "Atelier : premiers pas"'),
    N_("YAML syntax error: a list opened with [ on this line is not closed with ]"),
    N_("write the list as [a, b] on one line, or as lines starting with '- '"),
    N_("YAML syntax error: a group opened with { on this line is not closed with }"),
    N_("close it with }, or write its fields on their own indented lines, without braces"),
    N_("YAML syntax error: this line is indented differently from the lines above"),
    N_("fields of the same level start in the same column; use spaces, not tabs"),
    N_(
        "check the indentation, and put quotes around values that contain ': ' or start with "
        "a special character (* & ! | > ' \" % @ `)"
    ),
    N_("anchors and aliases (&name, *name) are not allowed in content files"),
    N_("write each value out in full"),
    N_("%(value)s is written twice"),
    N_("keep only one of them"),
    N_("the front matter is never closed"),
    N_("add a line '---' after the last field, before the Markdown text"),
    N_("missing front matter"),
    N_(
        "start the file with a line '---', the fields (name: …), another line '---', "
        "then the Markdown text"
    ),
    N_("the fields must be a mapping of `name: value` lines"),
    N_("write one field per line, like `name: Premiers pas`"),
    N_("not UTF-8 text (%(detail)s)"),
    N_("save the file as UTF-8"),
    N_("%(folder)s holds %(suffix)s files, not %(other)s"),
    N_("rename it to %(name)s"),
    # fields (content/validate.py, content/values.py)
    N_("unknown field %(value)s"),
    N_("did you mean %(guess)s? %(reason)s"),
    N_("known fields: %(names)s"),
    N_("%(field)s is empty"),
    N_("write a value, for example `%(example)s`"),
    N_("missing required field %(value)s"),
    N_("add it, for example `%(example)s`"),
    N_("add it"),
    N_("for example `%(example)s`"),
    N_("%(field)s must be a mapping of fields"),
    N_("indent under it: %(example)s"),
    N_("%(field)s: %(value)s is not allowed"),
    N_("use one of: %(names)s"),
    N_("each item of %(field)s must be a mapping of fields (name: …)"),
    N_("%(field)s: %(reason)s"),
    N_("%(field)s %(reason)s"),
    N_("must be a text, not a %(reason)s"),
    N_("must be a list, not a %(reason)s"),
    N_("must be a date written YYYY-MM-DD, not a %(reason)s"),
    N_("yes/no value"),
    N_("number"),
    N_("list"),
    N_("mapping"),
    N_("empty value"),
    N_("%(value)s is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14"),
    N_("%(value)s is not a slug (lowercase letters, digits and hyphens, like camille-martin)"),
    N_(
        "%(value)s is not a valid id (8 to 64 lowercase letters, digits and hyphens); "
        "`badgegen new award` writes one for you"
    ),
    N_("%(value)s is not an absolute web address; write it like https://example.org/page"),
    N_("%(value)s is not a duration; write a number and a unit, like '2 years' or '6 months'"),
    N_("is not a valid email address (like name@example.org)"),
    N_("must look like sha256$ followed by 64 lowercase hex digits"),
    N_("the criteria are missing"),
    N_("write what one must do to earn the badge as Markdown text after the closing '---'"),
    N_("both email and email_hash are set"),
    N_("remove the clear email: the hash is enough"),
    N_("clear email address in a content file: it will be published with the repository's history"),
    N_("run `badgegen earner hide-emails` to replace it with email_hash and salt"),
    N_("%(field)s is set without %(other)s"),
    N_("they go together; `badgegen new earner --email` writes both"),
    N_("issued_on %(date)s is in the future"),
    N_("Open Badges verifiers refuse awards dated after today; add the award file on the day"),
    N_("date it today or earlier"),
    N_("expires is before issued_on"),
    N_("the revocation date is before issued_on"),
    N_("check the two dates"),
    N_("each evidence item needs exactly one of `file` or `url`"),
    N_("use `file:` for a file under content/, `url:` for a web page"),
    N_("an endorsement needs exactly one target"),
    N_("an endorsement needs exactly one target (found %(names)s)"),
    N_("write one of `award: <award id>`, `badge: <badge slug>` or `issuer: <issuer slug>`"),
    # references (content/crossref.py)
    N_("unknown badge %(value)s"),
    N_("unknown earner %(value)s"),
    N_("unknown issuer or earner %(value)s"),
    N_("unknown award id %(value)s"),
    N_("known badges: %(names)s"),
    N_("known earners: %(names)s"),
    N_("known issuers and earners: %(names)s"),
    N_("known award ids: %(names)s"),
    N_("there are no badges yet"),
    N_("there are no earners yet"),
    N_("there are no issuers and earners yet"),
    N_("there are no award ids yet"),
    N_("the slug %(value)s is already used by %(path)s"),
    N_("the id %(value)s is already used by %(path)s"),
    N_("the alias %(value)s is the slug of %(path)s"),
    N_("an alias is an old name of this earner; it cannot belong to someone else"),
    N_("issuers and earners share one set of names: rename one of the files"),
    N_(
        "ids are permanent and unique: run `badgegen new %(kind)s` to get a fresh one for the "
        "newer file"
    ),
    N_("nobody has earned this badge yet"),
    N_("that is fine for a new badge; add an award when someone earns it"),
    # pictures and evidence (content/files.py, media.py, pictures.py, filetypes.py)
    N_("image file not found: %(path)s"),
    N_("the path is relative to %(record)s; expected %(path)s"),
    N_("convert it to PNG or SVG"),
    N_("the badge image is not square (%(size)s)"),
    N_("badge images are shown in circles and squares: crop it to a square"),
    N_("the PNG file is damaged (no IHDR header)"),
    N_("this is an SVG image; name the file .svg"),
    N_("this is a JPEG image; badge images must be PNG or SVG"),
    N_("this is not a PNG or SVG image"),
    N_("the file is not a PNG, JPEG, GIF or WebP picture"),
    N_("the picture is damaged (%(detail)s)"),
    N_("evidence file %(value)s is outside the content folder"),
    N_("put the file under content/ (e.g. content/evidence/) and give its path from there"),
    N_("evidence file not found: %(path)s"),
    N_("paths are relative to the content folder; expected %(path)s"),
    N_("evidence file is large (%(size)s MB)"),
    N_("static hosts limit file sizes: compress it or link to it with `url:`"),
    N_(
        "%(suffix)s files are not published as evidence: browsers run the scripts they may "
        "hold, on the site's own address"
    ),
    N_("the evidence file's content is not a picture, sound, video, PDF or plain text"),
    N_(
        "the evidence file is %(type)s, which is not published: only pictures, sound, video, "
        "PDF and plain text are"
    ),
    N_("the file is named %(suffix)s but its content is %(type)s"),
    N_("rename it with the extension %(suffix)s"),
    N_("link it as `url:` instead (a page hosted elsewhere), or convert it to PDF"),
    N_("the text file is not UTF-8 text"),
    N_("the text file holds control characters: it is not plain text"),
    N_("the text file holds HTML or XML markup, which browsers may run"),
    N_("export the picture again (a smaller size if it is very large)"),
    # evidence added over time, captions and transcripts (content/evidence.py, files.py)
    N_("added_on %(date)s is in the future"),
    N_("added_on %(date)s is before the award's date (%(award)s)"),
    N_("evidence is added on the day of the award or later: use that date or a later one"),
    N_("captions go with a video file"),
    N_("remove `captions:`, or give it to a video (.mp4, .webm)"),
    N_("captions must be a WebVTT file (.vtt)"),
    N_("save the subtitles as WebVTT (most subtitle editors export it)"),
    N_("a transcript goes with a sound or video file"),
    N_("use `description:` to describe other evidence"),
    N_("this picture has no alt text"),
    N_("add `alt:` saying what it shows, for people who cannot see it"),
    N_("captions file %(value)s is outside the content folder"),
    N_("captions file not found: %(path)s"),
    N_("save the captions as a WebVTT file (UTF-8 text starting with the line WEBVTT)"),
    N_("the captions file is not UTF-8 text"),
    N_("the captions file does not start with the line WEBVTT"),
    N_("the captions file holds control characters: it is not plain text"),
    N_("the captions file holds HTML or XML markup"),
    N_("the captions file has no cue (no line with a time range such as 00:00.000 --> 00:02.000)"),
    # placeholders (content/placeholder.py, guards.py)
    N_("the badge's picture %(path)s is still the placeholder written by `badgegen new badge`"),
    N_("save the real picture (square PNG or SVG) over it, or point image: at it"),
    N_("base_url is still an example address (%(host)s)"),
    N_(
        "set base_url to the public address of the site, for example "
        "https://my-organization.github.io/badges/ on GitHub Pages: every badge "
        "awarded carries it and must stay reachable there"
    ),
    N_("contact_email is still an example address (@%(host)s)"),
    N_("set contact_email to a public address that reads the mail sent to it"),
    N_("text left from a template: this line still holds an example value"),
    N_("replace the example value on this line, then delete the mark “← replace”"),
    N_(
        "the signing key secret is missing: this repository publishes signing keys "
        "(%(who)s) but no private key was found, so Open Badges 3.0 credentials cannot "
        "be signed"
    ),
    N_(
        "add the secret BADGEGEN_SIGNING_KEY holding the whole content of "
        "keys/signing-keys.json (GitHub: Settings → Secrets and variables → Actions; "
        "GitLab: Settings → CI/CD → Variables)"
    ),
    # the record of published URLs (content/ledger.py)
    N_("the award %(name)s was published, but no file in content/ declares it"),
    N_("the badge %(name)s was published, but no file in content/ declares it"),
    N_("the endorsement %(name)s was published, but no file in content/ declares it"),
    N_(
        "%(more)s; if it was never published, run `badgegen build --allow-removal` on your "
        "computer to forget it, and commit %(path)s"
    ),
    N_("revoke it with `revoked:` instead of deleting it"),
    N_("keep its file"),
    N_(
        "keep its file, or, if it was renamed, list the old slug under `former_slugs:` in the "
        "renamed badge"
    ),
    N_("the award %(name)s is not in %(path)s yet"),
    N_("the badge %(name)s is not in %(path)s yet"),
    N_("the endorsement %(name)s is not in %(path)s yet"),
    N_(
        "run `badgegen check` on your computer (outside CI): it records new badges, awards and "
        "endorsements in %(path)s; then commit that file"
    ),
    N_(
        "this file is written by badgegen: restore it with `git checkout -- %(path)s` (after a "
        "merge conflict, keep the lines of both sides)"
    ),
    N_("the awards %(name)s and %(other)s of %(issuer)s share the status index %(index)s"),
    N_("the record of published URLs must be a plain file"),
    N_("the record uses YAML aliases (*name), which badgegen never writes"),
    N_("the record must hold badges:, awards:, endorsements: and withdrawn:"),
    # badgegen.toml (config.py)
    N_("missing %(field)s"),
    N_("add under [%(section)s]: %(example)s"),
    N_("unknown section [%(section)s]"),
    N_("%(section)s must be a section"),
    N_("write [%(section)s] on a line of its own, then its keys below it, like: %(example)s"),
    N_("%(key)s must be written under [%(section)s]"),
    N_("move the line below the line [%(section)s]"),
    N_("unknown key %(value)s in [%(section)s]"),
    N_("known keys: %(names)s"),
    N_("known sections: %(names)s"),
    N_("for example: %(example)s"),
    N_("must be a non-empty text in quotes"),
    N_("must be a URL in quotes"),
    N_("must be an absolute URL starting with https:// (or http://)"),
    N_("must not have a query (?…) or a fragment (#…)"),
    N_("must be an email address such as badges@example.org"),
    N_("must be a simple name (letters, digits, - _ .)"),
    N_("must be the path of a picture in quotes"),
    N_("must be a file inside the repository (no absolute path, no ..)"),
    N_("must be a PNG, JPEG or SVG picture"),
    N_("must be a text in quotes"),
    N_("must be an email address or an https:// URL (a contact form)"),
    N_("must be a number of days, without quotes"),
    N_("must be a folder name in quotes"),
    N_("must be a folder inside the repository (no absolute path, no ..)"),
    N_('must be "fr" or "en"'),
    # a cache folder committed to git (commands/common.py)
    N_(
        "the cache folder %(folder)s holds files committed to the repository (%(file)s): anyone "
        "who opens a pull request could have written them, so this build does not read it"
    ),
    N_(
        "remove them from git with `git rm -r --cached %(folder)s` and list the folder in "
        ".gitignore; the next build makes the cache again"
    ),
    N_(
        "git cannot say whether the cache folder %(folder)s holds files committed to the "
        "repository (%(reason)s), so this build does not read it"
    ),
    N_(
        "install git, or run the build as the user who owns the repository (see git's "
        "safe.directory setting)"
    ),
    *phrases.TEMPLATES,
)


def _pattern(msgid: str) -> re.Pattern[str]:
    parts: list[str] = []
    position = 0
    for match in _PARAMETER.finditer(msgid):
        parts.append(re.escape(msgid[position : match.start()]))
        name = match.group(1)
        if name in _WORD_PARAMETERS:
            parts.append(rf"(?P<{name}>\S+)")
        elif name == "value":  # a value as the validators quote it, with !r
            parts.append(rf"(?P<{name}>{_QUOTED})")
        else:
            parts.append(rf"(?P<{name}>.+?)")
        position = match.end()
    parts.append(re.escape(msgid[position:]))
    return re.compile("".join(parts), re.DOTALL)


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Every template with its pattern, the most literal text first."""
    ordered = sorted(TEMPLATES, key=lambda m: len(_PARAMETER.sub("", m)), reverse=True)
    return tuple((msgid, _pattern(msgid)) for msgid in ordered)


_MAX_DEPTH = 3
"""Texts inside texts: a message, its reason, the reason's reason."""
_MAX_LENGTH = 2000
"""Longer texts (which quote what a stranger wrote) are shown as written, never searched."""


def _lookup(text: str, catalog: gettext.NullTranslations, depth: int = 0) -> str | None:
    if depth > _MAX_DEPTH or len(text) > _MAX_LENGTH:
        return None
    for msgid, pattern in _patterns():
        match = pattern.fullmatch(text)
        if match is None:
            continue
        values = match.groupdict()
        nested = {
            name: _lookup(value, catalog, depth + 1)
            for name, value in values.items()
            if name in _NESTED_PARAMETERS
        }
        if not re.search(r"[a-z]", _PARAMETER.sub("", msgid), re.I) and None in nested.values():
            continue  # only punctuation of its own: a match only if its parts are known texts
        values.update({name: value for name, value in nested.items() if value is not None})
        result = catalog.gettext(msgid)
        return result % values if values else result
    return None


@lru_cache(maxsize=4096)
def translate(text: str, catalog: gettext.NullTranslations) -> str:
    """`text` in the catalog's language, or as written when no template matches it. Kept for
    the texts met again: a build's warnings often say the same thing of a thousand files, and
    each search tries every template."""
    return (_lookup(text, catalog) if text else None) or text


def translated(problem: Problem, language: str) -> Problem:
    """The same problem with its message and hint in `language`."""
    if language == "en":
        return problem
    catalog = translations(language)
    return dataclasses.replace(
        problem,
        message=translate(problem.message, catalog),
        hint=translate(problem.hint, catalog),
    )


def is_translated(text: str) -> bool:
    """Whether a template matches `text` (its words are in the catalogs)."""
    return _lookup(text, gettext.NullTranslations()) is not None


def saying(catalog: gettext.NullTranslations) -> Callable[..., str]:
    """`say(msgid, **values)` in the catalog's language, for texts kept as msgids and values
    (`verify`'s verdicts); a value named `reason`, `more` or `what` is a text of its own,
    looked up."""

    def say(message: str, /, **values: Any) -> str:
        shown = {
            name: translate(value, catalog) if name in _NESTED_PARAMETERS else value
            for name, value in values.items()
        }
        text = catalog.gettext(message)
        return text % shown if shown else text

    return say
