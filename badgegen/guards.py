"""What must not be published: example addresses, text left from the templates, a missing key.

`badgegen check` and `badgegen build` report these as warnings; `badgegen build --publish` (what
the generated CI runs) refuses them. Like every problem, they are written in English and shown in
the repository's language by `wording.translated` (their French is in `messages.po`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import urlsplit

from badgegen.config import CONFIG_NAME, Config, key_lines
from badgegen.content.discover import SourceFile
from badgegen.content.yamlio import read_source
from badgegen.errors import Problem, Severity
from badgegen.formats import marked_lines, marked_lines_of

EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")
RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost")
"""Names that can never be a real site (RFC 2606 and RFC 6761)."""
LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "::1")


def is_example_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return (
        host in LOCAL_HOSTS
        or host.endswith(RESERVED_SUFFIXES)
        or any(host == d or host.endswith(f".{d}") for d in EXAMPLE_DOMAINS)
    )


def _(message: str) -> str:
    """Marks a text for the catalogs (`make messages`); `wording` translates it where it is shown."""
    return message


def placeholder_problems(
    config: Config,
    sources: Sequence[SourceFile],
    severity: Severity,
    marks: Mapping[str, list[int]] | None = None,
) -> list[Problem]:
    """Example addresses in `badgegen.toml` and template marks left in any record file
    (`marks`: see `leftovers`)."""
    text = (config.root / CONFIG_NAME).read_text(encoding="utf-8-sig")
    lines = key_lines(text)
    base_host = urlsplit(config.site.base_url).hostname or ""
    mail_host = config.site.contact_email.rpartition("@")[2]
    addresses = [
        (
            "site.base_url",
            base_host,
            _("base_url is still an example address (%(host)s)"),
            _(
                "set base_url to the public address of the site, for example "
                "https://my-organization.github.io/badges/ on GitHub Pages: every badge "
                "awarded carries it and must stay reachable there"
            ),
        ),
        (
            "site.contact_email",
            mail_host,
            _("contact_email is still an example address (@%(host)s)"),
            _("set contact_email to a public address that reads the mail sent to it"),
        ),
    ]
    problems = [
        Problem(
            CONFIG_NAME,
            lines.get(key),
            message % {"host": host},
            hint,
            field=key,
            severity=severity,
        )
        for key, host, message, hint in addresses
        if is_example_host(host)
    ]
    problems += [
        Problem(
            rel,
            number,
            _("text left from a template: this line still holds an example value"),
            _("replace the example value on this line, then delete the mark “← replace”"),
            severity=severity,
        )
        for rel, number in leftovers([(CONFIG_NAME, text)], sources, marks)
    ]
    return problems


def leftovers(
    texts: Iterable[tuple[str, str]],
    sources: Sequence[SourceFile],
    marks: Mapping[str, list[int]] | None = None,
) -> list[tuple[str, int]]:
    """`(path, line)` of every template mark, in the given texts and in the record files
    (`marks`: each file's marked lines by its `rel`, as reading it found them; else each file
    is read here)."""
    found: list[tuple[str, int]] = []
    for rel, text in texts:
        found += [(rel, n) for n in marked_lines(text)]
    for source in sources:
        if marks is not None:
            lines = marks[source.rel]
        else:
            data = read_source(source)
            if isinstance(data, Problem):
                continue  # reading problems are reported by the parser, with their cause
            lines = marked_lines_of(data)
        found += [(source.rel, n) for n in lines]
    return found


def missing_key_problem(
    config: Config, published: Mapping[str, Sequence[object]], have_keys: bool
) -> list[Problem]:
    """Public keys are committed, so credentials are expected signed, but no private key is here."""
    if have_keys:
        return []
    slugs = sorted(slug for slug, keys in published.items() if keys)
    if not slugs:
        return []
    return [
        Problem(
            f"{config.build.content}/public-keys/{slugs[0]}.yml",
            None,
            _(
                "the signing key secret is missing: this repository publishes signing keys "
                "(%(who)s) but no private key was found, so Open Badges 3.0 credentials cannot "
                "be signed"
            )
            % {"who": ", ".join(slugs)},
            _(
                "add the secret BADGEGEN_SIGNING_KEY holding the whole content of "
                "keys/signing-keys.json (GitHub: Settings → Secrets and variables → Actions; "
                "GitLab: Settings → CI/CD → Variables)"
            ),
        )
    ]
