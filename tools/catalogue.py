"""Keep the two word catalogues (graph/locale/{de,en}/LC_MESSAGES/quartiernetz.po) in step.

    python tools/catalogue.py check
        both catalogues hold the same codes (msgctxt + msgid), the same {placeholders} per code
        and plural form, plural entries in both, "Plural-Forms: nplurals=2"; no "ß" in German.
        Exit status 1 and one line per problem otherwise.

    python tools/catalogue.py add CODE --de "Satz {x}" --en "sentence {x}" [--context CTX]
                                  [--de-plural "..." --en-plural "..."] [--comment "..."]
        appends one code to both catalogues (with the plural forms: msgid_plural; ``--de``/``--en``
        are then the forms for 1, ``{count}`` is filled in).

    python tools/catalogue.py merge MODULE:NAME [--context CTX]
        appends every entry of a dict-style catalogue ``{code: {"de": ..., "en": ...}}`` (as the
        old ``MESSAGES`` dicts were) that the catalogues do not hold yet: for a branch that still
        adds codes to a dict. Existing codes are left as they are (and listed if they differ).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("de", "en")


def path(lang: str) -> Path:
    return ROOT / "graph" / "locale" / lang / "LC_MESSAGES" / "quartiernetz.po"


def load(lang: str) -> Catalog:
    with path(lang).open("rb") as fh:
        return read_po(fh, locale=lang, domain="quartiernetz")


def save(lang: str, cat: Catalog) -> None:
    with path(lang).open("wb") as fh:
        write_po(fh, cat, width=100, no_location=True)


def _forms(message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, tuple | list) else (message.string,)


def _fields(text: str) -> set[str]:
    import string

    # a parameter given in both languages by its caller ({scripts_de} / {scripts}) counts as one
    return {name.removesuffix("_de") for _, name, _, _ in string.Formatter().parse(text) if name}


def problems() -> list[str]:
    """Everything that is wrong between the two catalogues (empty when they agree)."""
    cats = {lang: load(lang) for lang in LANGS}
    entries = {lang: {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id): m
                      for m in cat if m.id} for lang, cat in cats.items()}
    out: list[str] = []
    for lang, cat in cats.items():
        if cat.num_plurals != 2 or "(n != 1)" not in (cat.plural_expr or ""):
            out.append(f"{lang}: Plural-Forms must be nplurals=2; plural=(n != 1)")
    de, en = entries["de"], entries["en"]
    for key in sorted(set(de) ^ set(en), key=str):
        out.append(f"{key}: only in {'de' if key in de else 'en'}")
    for key in sorted(set(de) & set(en), key=str):
        fd, fe = _forms(de[key]), _forms(en[key])
        if len(fd) != len(fe):
            out.append(f"{key}: plural in one catalogue only")
            continue
        for i, (a, b) in enumerate(zip(fd, fe, strict=True)):
            if not a or not b:
                out.append(f"{key}: empty translation (form {i})")
            elif _fields(a) != _fields(b):
                out.append(f"{key}: placeholders differ (form {i}): de {sorted(_fields(a))}, "
                           f"en {sorted(_fields(b))}")
        if any("ß" in form for form in fd):
            out.append(f"{key}: German uses 'ß' (de-CH writes 'ss')")
    return out


def add(code: str, texts: dict[str, tuple[str, ...]], context: str | None = None,
        comment: str | None = None) -> None:
    for lang in LANGS:
        cat = load(lang)
        if cat.get(code, context=context) is not None:
            raise SystemExit(f"{code} (context {context}) is already in the {lang} catalogue")
        forms = texts[lang]
        ident = (code, code) if len(forms) > 1 else code
        cat.add(ident, forms if len(forms) > 1 else forms[0], context=context,
                auto_comments=[comment] if comment else [])
        save(lang, cat)


def merge(spec: str, context: str | None = None) -> None:
    module, name = spec.split(":")
    sys.path.insert(0, str(ROOT))
    table = getattr(importlib.import_module(module), name)
    cats = {lang: load(lang) for lang in LANGS}
    for code, entry in table.items():
        if isinstance(entry, tuple):
            entry = dict(zip(LANGS, entry, strict=True))
        have = cats["de"].get(code, context=context)
        if have is not None:
            if have.string != entry["de"]:
                print(f"kept {code}: the catalogue's wording differs from {spec}")  # noqa: T201
            continue
        for lang in LANGS:
            cats[lang].add(code, entry[lang], context=context, auto_comments=[f"from {spec}"])
        print(f"added {code}")  # noqa: T201
    for lang, cat in cats.items():
        save(lang, cat)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check")
    a = sub.add_parser("add")
    a.add_argument("code")
    a.add_argument("--de", required=True)
    a.add_argument("--en", required=True)
    a.add_argument("--de-plural")
    a.add_argument("--en-plural")
    a.add_argument("--context")
    a.add_argument("--comment")
    m = sub.add_parser("merge")
    m.add_argument("spec")
    m.add_argument("--context")
    args = parser.parse_args(argv)
    if args.command == "add":
        plural = args.de_plural is not None
        if plural != (args.en_plural is not None):
            parser.error("--de-plural and --en-plural go together")
        add(args.code, {"de": (args.de, args.de_plural) if plural else (args.de,),
                        "en": (args.en, args.en_plural) if plural else (args.en,)},
            args.context, args.comment)
    elif args.command == "merge":
        merge(args.spec, args.context)
    found = problems()
    for line in found:
        print(line)  # noqa: T201
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
