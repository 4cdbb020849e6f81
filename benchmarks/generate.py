"""Write a realistic badge repository of N awards, for benchmarks (never for tests of behaviour).

    .venv/bin/python benchmarks/generate.py DIR --awards 10000 [--seed 1]

Varied like a network that has issued badges for a few years: 3 issuers (an organisation, a
trainer, an earner who issues), N/100 badge classes (PNG and SVG pictures, alignments, some with a
validity period), N/5 earners (public, unlisted and private showcases, bios), awards spread over
four years with French narratives, evidence on one award in four (photos and documents),
endorsements of the three kinds (N/20), 2 % revoked and a share expired. The same seed gives the
same repository, so runs compare.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import uuid
from datetime import date, timedelta
from pathlib import Path

from PIL import Image, ImageDraw

FIRST = [
    "Aminata",
    "Camille",
    "Fatima",
    "Gérard",
    "Hugo",
    "Inès",
    "José",
    "Kévin",
    "Léa",
    "Lucas",
    "Mamadou",
    "Odile",
    "Thomas",
    "Yasmine",
    "Élodie",
    "Noé",
    "Zoé",
    "Rémi",
    "Chloé",
    "Bastien",
    "Maëlle",
    "Théo",
    "Salomé",
    "Anaïs",
]
LAST = [
    "Traoré",
    "Rousseau",
    "El-Idrissi",
    "Petit",
    "Lemoine",
    "Moreau",
    "Fernandes",
    "Martin",
    "Nguyen",
    "Bernard",
    "Diallo",
    "Garnier",
    "Lefebvre",
    "Haddad",
    "Girard",
    "Dubois",
    "Lambert",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Sanchez",
]
SKILLS = [
    ("Premiers pas en ligne", "utiliser sa messagerie et faire une recherche"),
    ("Démarche administrative accompagnée", "mener une démarche en ligne jusqu'au bout"),
    ("Animer un atelier numérique", "préparer et animer un atelier pour débutants"),
    ("Sécurité et vie privée", "repérer une arnaque et protéger ses comptes"),
    ("Accueil et écoute", "accueillir une personne éloignée du numérique"),
    ("Tablette au quotidien", "installer une application et régler sa tablette"),
    ("Visioconférence", "rejoindre et animer une visioconférence"),
    ("Traitement de texte", "rédiger et mettre en forme un courrier"),
]
NARRATIVES = [
    "Lors d'une permanence, {name} a accompagné une personne dans une **demande d'aide** en "
    "ligne, de l'ouverture du compte jusqu'à l'accusé de réception.",
    "{name} a suivi les quatre séances du parcours « {badge} » et a réussi l'exercice final en "
    "autonomie, sans aide de l'animatrice.",
    "Observé en situation réelle : {name} a expliqué la démarche avec des mots simples et a "
    "laissé la personne faire elle-même.",
    "{name} a préparé un support d'atelier réutilisable, partagé depuis avec tout le réseau.",
]
COLOURS = ["#1d4e89", "#2a7f62", "#b5452b", "#6b3fa0", "#c27c0e", "#0e7c86"]


def _png(colour: str, size: int = 256) -> bytes:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), fill=colour)
    draw.ellipse((40, 40, size - 40, size - 40), outline="#ffffff", width=10)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _svg(colour: str, label: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256">'
        f'<circle cx="128" cy="128" r="124" fill="{colour}"/>'
        '<circle cx="128" cy="128" r="92" fill="none" stroke="#fff" stroke-width="10"/>'
        f'<text x="128" y="140" font-size="28" text-anchor="middle" fill="#fff">{label}</text>'
        "</svg>\n"
    )


def _photo(rng: random.Random) -> bytes:
    image = Image.new("RGB", (320, 200), rng.choice(["#f3ead8", "#e8f0fa", "#eef5e9"]))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randrange(0, 280), rng.randrange(0, 160)
        draw.rectangle((x, y, x + 40, y + 30), fill=rng.choice(COLOURS))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def generate(root: Path, awards: int, seed: int = 1) -> Path:
    rng = random.Random(seed)

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    content = root / "content"
    _write(
        root / "badgegen.toml",
        '[site]\ntitle = "Réseau Inclusion Numérique — Badges"\n'
        'base_url = "https://reseau-bench.github.io/badges/"\n'
        'contact_email = "badges@reseau-bench.fr"\nlanguage = "fr"\n',
    )
    issuers = {
        "reseau-inclusion": ("Réseau Inclusion Numérique", "organization"),
        "nadia-benali": ("Nadia Benali", "person"),
    }
    for slug, (name, kind) in issuers.items():
        _write(
            content / "issuers" / f"{slug}.md",
            f"---\nname: {name}\nkind: {kind}\nurl: https://{slug}.fr/\n---\n"
            f"{name} reconnaît les compétences numériques des personnes qu'il accompagne.\n",
        )
    earner_count = max(awards // 5, 3)
    earners = []
    for number in range(earner_count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        slug = f"{_ascii(first)}-{_ascii(last)}-{number}"
        showcase = rng.choices(["public", "unlisted", "private"], [8, 1, 1])[0]
        salt = hashlib.sha256(f"{seed}-{number}".encode()).hexdigest()[:32]
        digest = hashlib.sha256(f"{slug}@exemple.fr{salt}".encode()).hexdigest()
        lines = [
            f"name: {first} {last}",
            f'email_hash: "sha256${digest}"',
            f'salt: "{salt}"',
            f"showcase: {showcase}",
        ]
        if number % 3 == 0:
            lines.append(f"bio: Médiatrice ou médiateur numérique depuis {2015 + number % 9}.")
        _write(content / "earners" / f"{slug}.yml", "\n".join(lines) + "\n")
        earners.append((slug, f"{first} {last}"))
    issuing_earner = earners[0][0]  # anyone may issue: one earner issues a badge of their own
    badge_count = max(awards // 100, 2)
    badges = []
    for number in range(badge_count):
        title, skill = SKILLS[number % len(SKILLS)]
        name = f"{title} — niveau {number // len(SKILLS) + 1}"
        slug = f"badge-{number:04d}"
        issuer = (
            issuing_earner
            if number == 1
            else "nadia-benali"
            if number % 4 == 3
            else "reseau-inclusion"
        )
        colour = COLOURS[number % len(COLOURS)]
        if number % 2:
            picture = f"images/{slug}.svg"
            _write(content / "badges" / picture, _svg(colour, f"N{number}"))
        else:
            picture = f"images/{slug}.png"
            _write(content / "badges" / picture, _png(colour))
        valid_for = "\nvalid_for: 2 years" if number % 5 == 0 else ""
        _write(
            content / "badges" / f"{slug}.md",
            f"---\nname: {name}\nissuer: {issuer}\nimage: {picture}\n"
            f"image_alt: Médaillon coloré du badge {name}\n"
            f"description: Reconnaît une personne qui sait {skill}.{valid_for}\n"
            "tags: [numérique, autonomie]\n"
            "alignment:\n- name: Interagir par le biais des technologies numériques\n"
            "  url: https://publications.jrc.ec.europa.eu/repository/handle/JRC128415\n"
            "  framework: DigComp 2.2\n---\n"
            f"Pour obtenir ce badge, la personne doit **{skill}** devant un ou une médiatrice.\n",
        )
        badges.append((slug, name, issuer))
    for number in range(4):
        _write(content / "evidence" / "photos" / f"atelier-{number}.jpg", _photo(rng))
    _write(content / "evidence" / "documents" / "compte-rendu.pdf", _pdf())
    start = date(2022, 10, 3)
    award_ids = []
    for number in range(awards):
        badge, badge_name, issuer = badges[rng.randrange(badge_count)]
        earner, earner_name = earners[number % earner_count]
        if earner == issuer:
            earner, earner_name = earners[(number + 1) % earner_count]
        issued = start + timedelta(days=rng.randrange(0, 1400))
        award_id = new_id()
        text = [
            f"id: {award_id}",
            f"badge: {badge}",
            f"earner: {earner}",
            f"issued_on: {issued.isoformat()}",
            "narrative: |",
            "  " + rng.choice(NARRATIVES).format(name=earner_name.split()[0], badge=badge_name),
        ]
        if number % 4 == 0:
            evidence = (
                f"evidence/photos/atelier-{number % 4}.jpg"
                if number % 8
                else "evidence/documents/compte-rendu.pdf"
            )
            text += [
                "evidence:",
                f"- file: {evidence}",
                "  name: Trace de l'atelier",
                "  description: Photo ou compte rendu de la séance.",
            ]
        if number % 50 == 7:
            revoked = issued + timedelta(days=30)
            text += ["revoked:", f"  date: {revoked.isoformat()}", "  reason: Attribué par erreur."]
        elif number % 30 == 11:
            text.append(f"expires: {(issued + timedelta(days=365)).isoformat()}")
        _write(
            content
            / "awards"
            / f"{issued.year}"
            / f"{issued.isoformat()}-{earner}-{badge}-{number}.yml",
            "\n".join(text) + "\n",
        )
        award_ids.append((award_id, issued))
    for number in range(max(awards // 20, 3)):
        endorser = rng.choice(["nadia-benali", earners[rng.randrange(earner_count)][0]])
        what = number % 3
        target: str
        if what == 0:
            target = f"badge: {badges[number % badge_count][0]}"
        elif what == 1:
            target = "issuer: reseau-inclusion"
        else:
            target = f"award: {award_ids[number % len(award_ids)][0]}"
        when = start + timedelta(days=1400 + number % 30)
        _write(
            content / "endorsements" / f"{when.year}" / f"{when.isoformat()}-{number}.yml",
            f"id: {new_id()}\nendorser: {endorser}\n{target}\nissued_on: {when.isoformat()}\n"
            "comment: Un travail sérieux, observé sur le terrain, que je recommande.\n",
        )
    return root


def _ascii(text: str) -> str:
    table = str.maketrans("éèëêïîôöûüçàâÉ", "eeeeiioouucaae")
    return text.lower().translate(table).replace(" ", "-")


def _pdf() -> bytes:
    """A minimal valid one-page PDF (evidence document)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--awards", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.directory, args.awards, args.seed)
    print(f"wrote {args.directory} with {args.awards} awards")


if __name__ == "__main__":
    main()
