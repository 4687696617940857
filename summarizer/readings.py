"""How the parse reads a capitalised name: its entity label, and whether it is only a modifier.

Word shapes cannot tell "British Petroleum" (a company) from "Dan Stein" (a person), nor
"Iraqi Kurdish groups" (an adjective before a noun) from a party's name. spaCy's entity
recogniser (``parse.py``) labels each mention PERSON, ORG, GPE, NORP, LOC or FAC, and its
parse says when a capitalised run only modifies a lower-case noun ("the Antara news
agency", "a Thai newspaper", "Lower-income Democratic voters"). ``names.py`` asks this
module to correct the kinds it guessed and to drop the runs that name no one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from summarizer.parse import parse

_THE = re.compile(r"^(?:the|The)\s+")


@dataclass
class Readings:
    """Entity labels and modifier uses of every capitalised span in some passages."""

    texts: list[str]
    labels: dict[str, Counter[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, texts: Iterable[str]) -> Readings:
        """Read every entity the recogniser finds in ``texts``."""
        out = cls(list(texts))
        for text in out.texts:
            for ent in parse(text).ents:
                key = " ".join(_THE.sub("", ent.text).split())
                out.labels.setdefault(key, Counter())[ent.label_] += 1
        return out

    def label(self, name: str) -> str | None:
        """The recogniser's usual label for exactly ``name``, if it ever labels it."""
        found = self.labels.get(" ".join(_THE.sub("", name).split()))
        return found.most_common(1)[0][0] if found else None

    def only_modifier(self, name: str) -> bool:
        """True when every mention of ``name`` modifies a lower-case noun after it."""
        pattern = re.compile(rf"(?<![\w'-]){re.escape(name)}(?![\w'-])")
        seen = False
        for text in self.texts:
            for m in pattern.finditer(text):
                seen = True
                if not _modifies(text, m.start(), m.end()):
                    return False
        return seen


def _modifies(text: str, start: int, end: int) -> bool:
    span = parse(text).char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    head = root.head
    return (
        root.dep_ in ("amod", "compound", "nmod")
        and head.i >= span.end
        and head.pos_ == "NOUN"
        # Only lower-case words between the name and its noun ("Antara news agency").
        and all(t.text[:1].islower() for t in span.doc[span.end : head.i + 1])
    )
