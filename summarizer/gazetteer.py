"""Countries, their capitals, demonyms and regions, from the ``countryinfo`` data set.

Real wire copy names countries in four ways: by name ("Turkey"), by a capital standing
for the government ("Ankara said"), by a demonym ("Turkish officials", "the Portuguese
delegation") and by a region or province that is only a place. A hand list would miss
most of them; ``countryinfo`` (about 2 MB, 250 countries, kept up to date) has them all.
The index is built once, on first use.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Country:
    """One country: the name a brief uses, and every form that points to it."""

    name: str
    capital: str
    demonym: str
    names: frozenset[str]


# Short forms wire copy uses that the data set spells out.
_EXTRA = {
    "United States": {"U.S.", "US", "America", "the United States"},
    "United Kingdom": {"Britain", "U.K."},
    "Palestine": {"Palestinian Authority"},
    "North Korea": {"the North"},
    "South Korea": {"the South"},
}


def _records() -> list[dict]:
    folder = resources.files("countryinfo") / "data"
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".json"):
            try:
                out.append(json.loads(entry.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                continue
    return out


def _population(rec: dict) -> int:
    try:
        return int(rec.get("population") or 0)
    except (TypeError, ValueError):
        return 0


@cache
def index() -> dict[str, tuple[str, Country]]:
    """Surface form → (role, country); role is name, capital, demonym or region."""
    found: dict[str, tuple[str, Country]] = {}
    try:
        records = _records()
    except (ModuleNotFoundError, FileNotFoundError):
        return found
    # A demonym shared by several records ("Chinese": China, Macau; "French": France,
    # Mayotte) means the most populous one: process the largest countries first.
    records.sort(key=lambda r: -_population(r))
    for rec in records:
        name = rec.get("name") or ""
        if not name:
            continue
        demonym = rec.get("demonym") or ""
        # "Thai" is listed as a spelling of Thailand, but in news copy it is the adjective.
        alts = {
            a for a in rec.get("altSpellings") or [] if a.isascii() and len(a) > 3 and a != demonym
        }
        names = {name, *alts, *_EXTRA.get(name, set())}
        capital = rec.get("capital") or ""
        capital = capital[0] if isinstance(capital, list) and capital else str(capital)
        capital = capital.removesuffix(" D.C.")
        demonym = rec.get("demonym") or ""
        demonym = demonym if isinstance(demonym, str) else ""
        country = Country(name, capital, demonym, frozenset(names))
        for region in rec.get("provinces") or []:
            if isinstance(region, str) and region.isascii():
                found.setdefault(region, ("region", country))
        # A capital wins over a region of the same name; the largest country's capital first.
        if capital and found.get(capital, ("",))[0] != "capital":
            found[capital] = ("capital", country)
        for form in names:
            found[form] = ("name", country)
        if country.demonym:
            found.setdefault(country.demonym, ("demonym", country))
            found.setdefault(country.demonym + "s", ("demonym", country))
            # "Korean" of "North Korean", "Timorese" of "East Timorese".
            found.setdefault(country.demonym.split()[-1], ("demonym", country))
    return found


def lookup(form: str) -> tuple[str, Country] | None:
    """What a capitalised form is, if it is a country, capital, demonym or region."""
    return index().get(form.removeprefix("the ").strip())


def is_place(form: str) -> bool:
    """A country's region or capital named as a place, never a person."""
    hit = lookup(form)
    return hit is not None and hit[0] in ("region", "capital")
