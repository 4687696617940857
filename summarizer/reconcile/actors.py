"""One actor per real party across sources, however each outlet names it.

Two sources' actors are the same party when, after dropping titles, a leading "the" and
company suffixes, one's name is among the other's forms ("President Vladimir Putin",
"Putin"); when a bare surname names exactly one person of the story; when both name the
same country by its name, its demonym, its capital or its seat of government ("Russia",
"Russian government", "Moscow", "the Kremlin": the government, not a person); or when
a title-only actor ("the Russian President") is the role another source gives a named
person. Every source's surface forms are kept as aliases.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import pairwise

from summarizer.draft import DraftActor
from summarizer.lexicon import TITLES
from summarizer.schema import ActorKind

# name -> country; demonyms -> country; seats of government -> country (as government).
_COUNTRIES = {
    "russia": ["russian", "russian federation"],
    "ukraine": ["ukrainian"],
    "united states": ["u.s.", "us", "usa", "america", "american"],
    "britain": ["united kingdom", "uk", "u.k.", "british"],
    "china": ["chinese", "people's republic of china"],
    "france": ["french"],
    "germany": ["german"],
    "turkey": ["turkish", "turkiye"],
    "iran": ["iranian"],
    "israel": ["israeli"],
    "japan": ["japanese"],
    "india": ["indian"],
    "pakistan": ["pakistani"],
    "north korea": ["north korean"],
    "south korea": ["south korean"],
    "syria": ["syrian"],
    "iraq": ["iraqi"],
    "egypt": ["egyptian"],
    "poland": ["polish"],
    "italy": ["italian"],
    "spain": ["spanish"],
    "canada": ["canadian"],
    "mexico": ["mexican"],
    "brazil": ["brazilian"],
    "cambodia": ["cambodian"],
}
_SEATS = {
    "russia": ["moscow", "kremlin"],
    "ukraine": ["kyiv", "kiev"],
    "united states": ["washington", "white house"],
    "britain": ["london", "downing street", "whitehall"],
    "china": ["beijing"],
    "france": ["paris", "elysee", "élysée"],
    "germany": ["berlin"],
    "turkey": ["ankara"],
    "iran": ["tehran"],
    "israel": ["jerusalem"],
    "japan": ["tokyo"],
    "north korea": ["pyongyang"],
    "south korea": ["seoul"],
    "syria": ["damascus"],
    "iraq": ["baghdad"],
    "egypt": ["cairo"],
    "cambodia": ["phnom penh"],
}
_GOV_SUFFIX = re.compile(r"\s+(?:government|administration|authorities|officials|leadership)$")
_TITLE = re.compile(rf"^(?:(?:[A-Za-z]+\s+)?(?:{TITLES})\.?\s+)+", re.IGNORECASE)
_CORP = re.compile(r"[\s,]+(?:corp|corporation|inc|co|ltd|plc|llc|group|company)\.?$", re.I)
_LOOKUP = {
    **{c: c for c in _COUNTRIES},
    **{d: c for c, ds in _COUNTRIES.items() for d in ds},
}
_SEAT_OF = {s: c for c, ss in _SEATS.items() for s in ss}


def plain(name: str) -> str:
    """A name without "the", possessive, company suffix and punctuation, casefolded."""
    s = re.sub(r"['’]s\b", "", name.strip()).strip(" .,'\"")
    s = re.sub(r"^the\s+", "", s, flags=re.I)
    s = _CORP.sub("", s)
    return " ".join(s.casefold().split())


_INITIALS = re.compile(r"(?<=\s)[A-Z]\.\s+|,?\s+(?:Jr|Sr)\.?$")


def untitled(name: str) -> str:
    """A person's name without titles, middle initials or Jr./Sr. ("Philip K. Verleger
    Jr." → "philip verleger"; "President Vladimir Putin" → "vladimir putin")."""
    return plain(_INITIALS.sub(" ", _TITLE.sub("", name.strip())).strip())


def country_of(name: str) -> tuple[str | None, bool]:
    """The country a name stands for, and whether it names its government (a seat)."""
    p = plain(name)
    if p in _SEAT_OF:
        return _SEAT_OF[p], True
    stripped = _GOV_SUFFIX.sub("", p)
    if stripped in _LOOKUP:
        return _LOOKUP[stripped], stripped != p
    return None, False


_ONE_HOLDER = re.compile(r"(?i)^(?:president|prime minister|premier|chancellor|king|queen)$")
_TITLE_FIRST = re.compile(rf"^((?:[A-Za-z]+\s+)?(?:{TITLES}))\.?\s+[A-Z]")


def _role_key(text: str) -> str | None:
    """'Russian President' → 'president|russia': an office one person holds at a time."""
    words = plain(text).split()
    for cut in range(1, len(words)):
        country = _LOOKUP.get(" ".join(words[:cut]))
        title = " ".join(words[cut:])
        if country and _ONE_HOLDER.match(title):
            return f"{title.replace('premier', 'prime minister')}|{country}"
    return None


Node = tuple[int, str]


def _keys(actor: DraftActor) -> set[str]:
    keys = set()
    for form in [actor.name, *actor.aliases]:
        country, _ = country_of(form)
        if country:
            keys.add(f"country:{country}")
    if any(k.startswith("country:") for k in keys):
        return keys
    if role := _role_key(actor.name):
        keys.add(f"role:{role}")
    if actor.role and (role := _role_key(actor.role)):
        keys.add(f"role:{role}")
    for form in [actor.name, *actor.aliases]:
        m = _TITLE_FIRST.match(form.strip())
        if m and (role := _role_key(m.group(1))):
            keys.add(f"role:{role}")
    full = untitled(actor.name)
    if full:
        keys.add(f"name:{full}")
    return keys


def _id_links(nodes: dict[Node, DraftActor]) -> list[tuple[Node, Node]]:
    """The same id in two drafts, for parties of a compatible kind: a model names a party
    by one slug in every report ("opposition") while each report words it its own way."""
    by_id: dict[str, list[Node]] = defaultdict(list)
    for node in nodes:
        by_id[node[1]].append(node)
    links = []
    for same in by_id.values():
        for a, b in pairwise(same):
            ka, kb = nodes[a].kind, nodes[b].kind
            if ka == kb or ActorKind.OTHER in (ka, kb):
                links.append((a, b))
    return links


def _find(parent: dict[Node, Node], x: Node) -> Node:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _surname_links(nodes: dict[Node, DraftActor]) -> list[tuple[Node, Node]]:
    """A one-word person name joins the one multi-word person with that surname."""
    by_surname: dict[str, set[str]] = defaultdict(set)
    full_of: dict[str, list[Node]] = defaultdict(list)
    for node, a in nodes.items():
        words = untitled(a.name).split()
        if a.kind == ActorKind.PERSON and len(words) >= 2:
            by_surname[words[-1]].add(" ".join(words))
            full_of[words[-1]].append(node)
    links = []
    for node, a in nodes.items():
        words = untitled(a.name).split()
        if len(words) == 1 and len(by_surname.get(words[0], ())) == 1:
            links.append((node, full_of[words[0]][0]))
    return links


def _form_links(nodes: dict[Node, DraftActor]) -> list[tuple[Node, Node]]:
    """A's name is among B's (untitled) forms: the rule the single-source merge uses."""
    by_form: dict[str, list[Node]] = defaultdict(list)
    for node, a in nodes.items():
        for form in {untitled(x) for x in [a.name, *a.aliases]} - {""}:
            by_form[form].append(node)
    links = []
    for node, a in nodes.items():
        words = untitled(a.name).split()
        # "Owner Karin Solheim": a word before the name that is not a known title.
        tails = [" ".join(words[i:]) for i in range(len(words) - 1)] if a.kind == "person" else []
        for form in tails or [untitled(a.name)]:
            links += [(node, other) for other in by_form.get(form, []) if other != node]
    return links


_COUNTS = frozenset(
    "a an the some many most other others several all few two three four five six seven "
    "eight nine ten dozens hundreds thousands".split()
)
# Plural nouns of bodies: "the opposition" is the "opposition parties" of another report.
_BODY_PLURALS = frozenset("parties groups".split())


def _common(word: str, first: bool) -> bool:
    """A common modifier ("industry", "oil"), not a proper one ("Republican", "Chinese")."""
    if word[:1].islower():
        return True
    proper_ending = word.lower().endswith(("an", "ic", "ese", "ish", "i"))
    return first and not proper_ending and country_of(word)[0] is None


def _group_parts(actor: DraftActor) -> tuple[str, list[tuple[str, bool]]] | None:
    words = [w for w in actor.name.split() if w.lower() not in _COUNTS and not w.isdigit()]
    if actor.kind != ActorKind.GROUP or not words:
        return None
    first = actor.name.split()[0] == words[0]
    mods = [(w.lower(), _common(w, first and i == 0)) for i, w in enumerate(words[:-1])]
    return words[-1].lower(), mods


def _group_links(nodes: dict[Node, DraftActor]) -> list[tuple[Node, Node]]:
    """Groups that differ only by a count or common modifiers are one group across
    reports: "some analysts", "Many analysts", "oil industry analysts"; "Two opposition
    parties", "Opposition parties" and "the opposition". "Republican officials" and
    "government officials" stay apart: a proper modifier names a group of its own."""
    parts = {n: p for n, a in nodes.items() if (p := _group_parts(a))}
    links = []
    for a, (head_a, mods_a) in parts.items():
        for b, (head_b, mods_b) in parts.items():
            if a >= b:
                continue
            words_a, words_b = {w for w, _ in mods_a}, {w for w, _ in mods_b}
            extra = [c for w, c in mods_a + mods_b if w not in words_a & words_b]
            same = head_a == head_b and all(extra)
            if same or _body_of(parts[a], parts[b]) or _body_of(parts[b], parts[a]):
                links.append((a, b))
    return links


_FORCES = frozenset("military army police navy".split())


def _force_links(nodes: dict[Node, DraftActor]) -> list[tuple[Node, Node]]:
    """'Military commanders' and 'police officers' speak for the military and the police:
    one party across reports, as they are within one report."""
    forces = {plain(a.name): n for n, a in nodes.items() if plain(a.name) in _FORCES}
    links = []
    for node, a in nodes.items():
        words = plain(a.name).split()
        if len(words) == 2 and words[0] in forces and words[1].endswith("s"):
            links.append((node, forces[words[0]]))
    return links


def _body_of(one: tuple[str, list], body: tuple[str, list]) -> bool:
    """'opposition' is the 'opposition parties': the one word is the bodies' modifier."""
    return not one[1] and body[0] in _BODY_PLURALS and [w for w, _ in body[1]] == [one[0]]


def merge_story_actors(
    groups: Iterable[list[DraftActor]],
) -> tuple[list[DraftActor], dict[str, str]]:
    """One actor per party across drafts; returns actors and a ``"i:id"`` → new id map."""
    nodes: dict[Node, DraftActor] = {
        (i, a.id): a for i, actors in enumerate(groups) for a in actors
    }
    parent = {n: n for n in nodes}
    by_key: dict[str, list[Node]] = defaultdict(list)
    for node, a in nodes.items():
        for key in _keys(a):
            by_key[key].append(node)
    links = [(ns[0], n) for ns in by_key.values() for n in ns[1:]]
    links += _surname_links(nodes) + _form_links(nodes) + _id_links(nodes) + _group_links(nodes)
    links += _force_links(nodes)
    for a, b in links:
        parent[_find(parent, a)] = _find(parent, b)
    clusters: dict[Node, list[Node]] = defaultdict(list)
    for node in nodes:  # insertion order: draft order, so ids are stable
        clusters[_find(parent, node)].append(node)
    merged: list[DraftActor] = []
    remap: dict[str, str] = {}
    taken: set[str] = set()
    for members in sorted(clusters.values(), key=lambda ms: ms[0]):
        actor = _combine([nodes[n] for n in members], taken)
        taken.add(actor.id)
        merged.append(actor)
        remap.update({f"{i}:{aid}": actor.id for i, aid in members})
    return merged, remap


def _fullest(names: list[str]) -> str:
    """The name to show: one that others end with ("Karin Solheim" in "Owner Karin
    Solheim"), else the one with most words; single words last, then list order."""
    plain_names = [untitled(n) for n in names]

    def rank(i: int) -> tuple[bool, int, int]:
        mine = plain_names[i]
        core = any(p != mine and p.endswith(" " + mine) for p in plain_names)
        return (core and " " in mine, len(mine.split()), -i)

    return names[max(range(len(names)), key=rank)]


def _combine(actors: list[DraftActor], taken: set[str]) -> DraftActor:
    forms = list(dict.fromkeys(f for a in actors for f in [a.name, *a.aliases]))
    country = next((c for f in forms if (c := country_of(f)[0])), None)
    kinds = Counter(a.kind for a in actors if a.kind != ActorKind.OTHER)
    if country:
        seat = any(country_of(f)[1] for f in forms)
        kind = ActorKind.GOVERNMENT if seat or ActorKind.GOVERNMENT in kinds else ActorKind.COUNTRY
        name = next((f for f in forms if plain(f) == country), actors[0].name)
    else:
        kind = kinds.most_common(1)[0][0] if kinds else ActorKind.OTHER
        # The fullest untitled name: "Vladimir Putin" over "Putin" and "Russian President".
        named = [a.name for a in actors if not _role_key(a.name)] or [actors[0].name]
        name = _fullest(named)
    first = next((a for a in actors if a.name == name), actors[0])
    new_id = first.id
    n = 2
    while new_id in taken:
        new_id, n = f"{first.id}-{n}", n + 1
    role = next((a.role for a in actors if a.role), None)
    return DraftActor.model_construct(
        id=new_id, name=name, kind=kind, role=role, aliases=[name, *(f for f in forms if f != name)]
    )
