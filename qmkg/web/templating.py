"""Jinja2 templates (package data, autoescaped), the words of the pages in zh and en, and links to entities.

>>> href(Term.iri("https://example.org/qmkg/id/org/samr"), base="https://example.org/qmkg/id/", lang="en")
'/id/org/samr?lang=en'
>>> href(Term.iri("https://example.org/qmkg/theme/计量"), base="https://example.org/qmkg/id/")
'/resource?iri=https%3A%2F%2Fexample.org%2Fqmkg%2Ftheme%2F%E8%AE%A1%E9%87%8F'
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from urllib.parse import quote, urlencode

from qmkg.core.errors import ConfigError
from qmkg.core.terms import Term

HERE = Path(__file__).resolve().parent
LANGS = ("zh", "en")


@cache
def messages() -> dict[str, dict[str, str]]:
    """The words of the pages by key and language; a key without both languages is a :class:`ConfigError`."""
    path = HERE / "messages.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for key, value in data.items():
        if set(value) != set(LANGS):
            raise ConfigError(f"{path}: [{key}] needs exactly zh and en")
    return data


def href(term: Term, *, base: str, lang: str = "zh") -> str:
    """The local page of an IRI: ``/id/X`` for ``base + X``, ``/resource?iri=…`` for any other."""
    suffix = "" if lang == "zh" else "lang=" + lang
    if term.value.startswith(base) and len(term.value) > len(base):
        path = "/id/" + quote(term.value[len(base):], safe="/")
        return path + ("?" + suffix if suffix else "")
    return "/resource?" + urlencode({"iri": term.value}) + ("&" + suffix if suffix else "")


@cache
def environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=jinja2.select_autoescape(["html"]),  # notice text is untrusted: escaped everywhere
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    return env


def page_template(name: str):
    return environment().get_template(name)


@cache
def text_template(name: str):
    """A template of a non-HTML file (Turtle): not escaped, so its values must arrive escaped."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=False,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.get_template(name)


def translator(lang: str):
    """``t(key, **values)``: the page's word for ``key`` in ``lang``."""
    words = messages()

    def t(key: str, **values: object) -> str:
        text = words[key][lang]
        return text.format(**values) if values else text

    return t
