"""The English texts of the commands and of the checks beyond the content's fields: usage
errors, `verify`'s reading of its target, the Open Badges checks of the build (signing, schema,
keys), SVG repairs and refusals, and the importer's problems and report.

Like `wording.TEMPLATES` (which includes them), each one is a gettext msgid and a pattern; their
French texts are in `locale/fr/LC_MESSAGES/problems.po`. They are looked up where they are
shown, so the modules that write them (and their tests) keep their plain English.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Marks a text for the catalogs; it is translated where it is shown."""
    return message


TEMPLATES: tuple[str, ...] = (
    # usage errors (commands/, config.py, build.py, scaffold*.py, forget.py, serve/, verify.py)
    N_("no such file: %(path)s"),
    N_(
        "no badgegen.toml in %(path)s: run badgegen from a badge repository, point at one with "
        "--root DIR, or create one with `badgegen init DIR`"
    ),
    N_("--base-url %(value)s: %(reason)s"),
    N_("--base-url %(value)s %(reason)s"),
    N_("--output %(path)s: %(reason)s; %(more)s"),
    N_("the output folder %(path)s is refused: %(reason)s; %(more)s"),
    N_(
        'use a folder of its own, e.g. output = "output" (missing, empty, or made by an '
        "earlier badgegen build)"
    ),
    N_("it is %(what)s, which the build would replace"),
    N_("it holds %(what)s, which the build would replace"),
    N_("it is inside %(what)s"),
    N_("it is a symbolic link"),
    N_("it is a file, not a folder"),
    N_(
        "it holds files that badgegen did not write (no %(marker)s file): the build would "
        "delete them"
    ),
    N_("no earner %(value)s in %(path)s/earners/"),
    N_("%(value)s is already forgotten"),
    N_(
        "%(name)s issues badges (%(names)s): give them another issuer, or remove them, before "
        "forgetting this earner"
    ),
    N_("%(path)s is a file: give the name of a new folder"),
    N_(
        "%(path)s is not empty: give the name of a new folder, or add content to an existing "
        "repository with `badgegen new`"
    ),
    N_("unknown kind %(value)s: choose one of %(names)s"),
    N_("--%(field)s does not apply to a new %(kind)s"),
    N_("a new %(kind)s takes no name: its file is named after its date and slugs"),
    N_("an endorsement has one endorser: give --issuer or --earner, not both"),
    N_("%(path)s already exists: it was left as it is"),
    N_("unknown language %(value)s: choose fr or en"),
    N_("%(option)s is not a valid email address (like name@example.org)"),
    N_(
        "%(what)s %(value)s is not a valid slug: use lowercase letters, digits and single "
        "hyphens, like camille-martin"
    ),
    N_("%(path)s already uses the name %(value)s: choose another"),
    N_("--%(field)s: no %(value)s in %(where)s; %(reason)s"),
    N_("did you mean %(value)s?"),
    N_("known: %(names)s"),
    N_("--port %(port)s: choose a port between 1 and 65535"),
    N_(
        "cannot serve on %(address)s: %(detail)s; another program may be using that port: try "
        "--port %(port)s"
    ),
    N_(
        "BADGEGEN_SIGNING_KEY is set: keys are read from it, so new keys cannot be stored. "
        "Unset it and run this command on a machine holding the key file"
    ),
    N_(
        "badgegen is not installed as the badgegen-openbadges package, so it cannot copy itself "
        "into the repository: install it with `pip install /path/to/badgegen` (its source "
        "folder or a wheel), then run this command again"
    ),
    N_("the badgegen-openbadges installation has no metadata: reinstall badgegen"),
    # badgegen verify: what it cannot read (openbadges/verify.py)
    N_("%(target)s is not under this site's base_url (%(url)s)"),
    N_("%(target)s is not in %(path)s: run `badgegen build` first"),
    N_("%(target)s: not an award page (no credential or assertion beside it)"),
    N_("%(target)s: the image holds no Open Badges 3.0 credential, nor a 2.0 assertion"),
    N_("%(target)s: not JSON"),
    N_("%(target)s: not a credential"),
    N_("not a PNG or SVG image"),
    N_("no <svg> root element"),
    N_("%(reason)s; %(more)s"),
    N_("the document has no proof"),
    N_("the document has no @context"),
    N_(
        "the signature does not match: wrong key, or the document or its proof options changed "
        "after signing"
    ),
    N_("the proof's @context is not a prefix of the document's @context"),
    N_("expected exactly one proof, found %(count)s"),
    N_("proof.proofValue is missing"),
    # Open Badges checks of the build (openbadges/credentials.py, keys.py)
    N_("cannot sign the Open Badges 3.0 credential: %(detail)s"),
    N_(
        "a value uses a term that no JSON-LD context defines; strict verifiers would refuse the "
        "credential"
    ),
    N_("the credential breaks the Open Badges 3.0 schema: %(detail)s"),
    N_("cannot read the public keys: %(detail)s"),
    N_("this file is written by `badgegen keys`; restore it from git"),
    N_("the private key %(key)s of %(name)s in %(path)s does not match its public key"),
    N_("the key file and content/public-keys/ come from different repositories or were edited"),
    N_("%(name)s has no signing key in %(path)s"),
    N_("run `badgegen keys generate %(name)s` (then update the BADGEGEN_SIGNING_KEY secret in CI)"),
    # pictures from strangers (content/svg.py, files.py, pictures.py)
    N_("%(reason)s removed from the published SVG"),
    N_("%(reason)s and %(count)s more unsafe parts removed from the published SVG"),
    N_("the %(field)s attribute"),
    N_("scripts, event handlers and embedded HTML are never published; remove them from the file"),
    N_("fix the drawing (Inkscape: Edit › XML Editor) or export it again as plain SVG"),
    N_("the SVG file is not valid XML (%(detail)s)"),
    N_("the SVG file is larger than %(size)s MB"),
    N_("simplify the drawing or save it as optimised SVG"),
    N_("the SVG file cannot be read (%(detail)s)"),
    N_("the SVG cannot be made safe: %(detail)s"),
    N_("the SVG has more than %(count)s elements"),
    N_("the SVG nests elements more than %(count)s deep"),
    N_("the root element is not <svg> in the SVG namespace"),
    N_('start the file with <svg xmlns="http://www.w3.org/2000/svg" …>'),
    N_(
        "<%(element)s> links to %(value)s: an SVG may only link to its own parts (#id) and "
        "embed PNG, JPEG, GIF or WebP pictures as data: URLs"
    ),
    N_(
        "embed the picture in the SVG (Inkscape: Extensions › Images › Embed Images) or remove "
        "the link; a published SVG must not load anything from elsewhere"
    ),
    N_("CSS escapes (\\) are not allowed in an SVG's styles"),
    N_("write the CSS plainly"),
    N_("@import is not allowed in an SVG's styles"),
    N_("put the styles in the SVG"),
    N_(
        "image-set() and src() are not allowed in an SVG's styles: they load pictures from "
        "elsewhere"
    ),
    N_("use gradients, patterns or embedded pictures drawn in the SVG"),
    N_("CSS url(%(value)s) points outside the SVG"),
    N_(
        "only url(#id) references to the drawing's own gradients, patterns, filters, clip paths "
        "and masks are allowed"
    ),
    N_("an embedded picture is not valid base64"),
    N_("an embedded picture: %(reason)s"),
    N_("embed a smaller, undamaged picture"),
    N_("the SVG declares a DTD with its own definitions (<!DOCTYPE svg [ … ]>)"),
    N_("remove the <!DOCTYPE …> block: an SVG needs none"),
    N_("the SVG defines an XML entity (%(value)s)"),
    N_("remove the <!DOCTYPE …> block and write the text out"),
    N_("the SVG uses a forbidden XML feature (%(detail)s)"),
    N_("the reference to #%(name)s loops back on itself"),
    N_("references (<use>, url(#…)) are chained more than %(count)s deep"),
    N_("refer to the drawn shapes directly instead of through chains of <use>"),
    N_("the SVG's <use> references expand to more than %(count)s elements"),
    N_("draw the copies without nesting <use> of <use>, or simplify the drawing"),
    N_("%(path)s: %(reason)s"),
    N_("the picture has far more pixels than the limit of %(count)s (a decompression bomb)"),
    N_("the picture is %(size)s pixels (%(pixels)s), more than the limit of %(count)s"),
    # the importer (importer/read.py, encoding.py, plan.py, write.py)
    N_("cannot read the file (%(detail)s)"),
    N_("the file is empty"),
    N_("the first line names the columns"),
    N_("this is not a CSV file the importer can read (%(detail)s)"),
    N_("save it again from the spreadsheet as CSV (UTF-8)"),
    N_("%(count)s cells for %(columns)s columns"),
    N_("put a cell that holds the separator in double quotes"),
    N_("a cell under a column with no name"),
    N_("unknown column %(value)s"),
    N_("did you mean %(value)s? columns: %(names)s"),
    N_("columns: %(names)s"),
    N_("two columns give the %(field)s"),
    N_("keep one"),
    N_("no %(names)s column"),
    N_("awards need their date"),
    N_("no 'earner' or 'name' column"),
    N_("one of them names the earner"),
    N_("no badge"),
    N_("give the badge's slug: its file name in badges/, without .md"),
    N_("badge %(value)s is not a slug"),
    N_("use the badge's file name, without .md"),
    N_("earner %(value)s is not a slug"),
    N_("use lowercase letters, digits and hyphens, like %(slug)s"),
    N_("no earner"),
    N_("give the earner's slug or name"),
    N_("cannot make a slug from the name %(value)s"),
    N_("fill the earner column"),
    N_("the email is not a valid address (like name@example.org)"),
    N_("no issue date"),
    N_("write dates as 2025-03-14 or 14/03/2025 (day/month/year)"),
    N_("Open Badges verifiers refuse awards dated after today; import it on the day"),
    N_("%(value)s is not an absolute web address"),
    N_("like https://example.org"),
    N_("%(value)s is not a valid id (8 to 64 lowercase letters, digits and hyphens)"),
    N_("leave it empty and the import makes one"),
    N_("%(value)s is not a date (%(detail)s)"),
    N_("%(value)s is not a date"),
    N_("the file holds NUL bytes: it is not a text export"),
    N_("the file is neither UTF-8 nor Windows-1252 text (byte %(byte)s)"),
    N_(
        "byte %(byte)s is not UTF-8, though the rest of the file is UTF-8: the file mixes two "
        "encodings"
    ),
    N_("%(count)s more lines mix the encodings too"),
    N_("id %(value)s is already used by %(path)s"),
    N_("ids are unique: leave the id cell empty for a new award"),
    N_("an id names one award for ever: leave the id cell empty for a new award"),
    N_("id %(value)s is also on line %(line)s"),
    N_("earner %(value)s (%(path)s) has another email address"),
    N_("if this is another person, give them another slug in the earner column"),
    N_("the email was not stored: %(path)s exists and import never rewrites an earner"),
    N_("add `email: …` to %(path)s, then run `badgegen earner hide-emails`"),
    N_("%(value)s is an issuer's slug"),
    N_("issuers and earners share slugs: give the earner another one in the earner column"),
    N_("line %(line)s names %(value)s %(name)s"),
    N_("one slug is one person: give this one another slug in the earner column"),
    N_("line %(line)s gives %(value)s another email address"),
    N_("no name for the new earner %(value)s"),
    N_("fill the name column, or use an existing earner: %(reason)s"),
    N_("see the files in earners/"),
    N_("could not write %(path)s: %(detail)s"),
    N_("the new files would make other files invalid: nothing was imported"),
    N_("see the problems below; `badgegen check` shows the same ones"),
    N_("%(reason)s (in the new %(path)s)"),
    N_("%(badge)s for %(earner)s on %(date)s"),
    N_("earner %(slug)s"),
    N_("already there: %(path)s"),
    N_("same award as line %(line)s"),
    N_("same earner as line %(line)s"),
    # the build's other refusals (build.py, config.py, content/discover.py, files.py,
    # site/render.py, write.py, serve/, emails.py, openbadges/setup.py)
    N_(
        "no signing keys (%(path)s or $BADGEGEN_SIGNING_KEY): Open Badges 3.0 credentials were "
        "skipped; run `badgegen keys generate` to create keys"
    ),
    N_("cannot read %(path)s: %(detail)s"),
    N_("template error: %(detail)s"),
    N_("check the theme's templates"),
    N_("the content folder does not exist"),
    N_("create it, or set [build] content"),
    N_("this folder is a symbolic link to a folder outside the repository: nothing in it is read"),
    N_("replace the link with the folder itself"),
    N_("this record is a symbolic link to a file outside the repository"),
    N_("replace the link with the file itself"),
    N_("the file name %(value)s is not a valid slug (it becomes the %(kind)s's name in URLs)"),
    N_("rename the file to %(name)s: lowercase letters, digits and hyphens"),
    N_("%(value)s is outside the content folder (through '..' or a symbolic link)"),
    N_("%(path)s: the file is %(size)s MB, more than the limit of %(limit)s MB"),
    N_("make it smaller, or host it elsewhere and link it with `url:`"),
    N_("site.logo: %(path)s is not the picture of an issuer or a badge"),
    N_(
        "use the `image:` of an issuer or a badge (for example the network's own issuer file), "
        "so that it is checked like every published picture"
    ),
    N_("site.logo: no file %(path)s"),
    N_("give the path of a picture from the repository root, or remove the line"),
    N_("TOML syntax error: %(detail)s"),
    N_('values are written key = "value", sections as [site]'),
    N_("%(section)s must be a section"),
    N_("build.output %(value)s cannot be the output folder: %(reason)s"),
    N_("this award's short code %(code)s is also the code of %(path)s"),
    N_("give this new award another `id` (a new UUID) before it is published"),
    N_("the award %(name)s was published by the previous build and would disappear"),
    N_(
        "restore its file in content/awards/ (revoke it with `revoked:` instead of deleting "
        "it), or run the build with --allow-removal if withdrawing its URL is intended"
    ),
    N_("the build stopped: %(detail)s"),
    N_("save the file again; if this comes back, run `badgegen build -v` and report it as a bug"),
    N_("fix the file, then run the command again"),
    N_("write the fields one per line, like `email: name@example.org`, then run it again"),
    N_("'email' is written twice"),
    N_("keep only one"),
    N_("cannot convert an email inside { … }"),
    N_("email is not a valid email address"),
    N_("correct it (like name@example.org), then run the command again"),
    N_("cannot convert this email line safely"),
    N_("YAML error"),
    N_("save it as UTF-8"),
    # names inside the texts above (a `what`: a folder the output must not be, a slug's role)
    N_("the repository root"),
    N_("the content folder"),
    N_("the signing keys' folder"),
    N_("the git history (.git)"),
    N_("the themes folder"),
    N_("the copy of badgegen that CI installs"),
    N_("the build cache"),
    N_("the badge name"),
    N_("the issuer name"),
    N_("the earner name"),
    # argparse's own errors (worded by speech.Parser.error)
    N_("argument %(name)s: %(reason)s"),
    N_("unrecognized arguments: %(args)s"),
    N_("the following arguments are required: %(args)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)s"),
    N_("invalid choice: %(value)s (choose from %(choices)s)"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %(name)s"),
    N_("ignored explicit argument %(value)s"),
)
