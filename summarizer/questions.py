"""Open questions from real copy, which seldom asks them outright.

News leaves things open in a handful of ways: explicit uncertainty ("it was unclear
whether talks were continuing"), pending decisions ("has yet to decide", "is expected
to vote"), deadlines, conditional outcomes ("the deal would collapse if ..."), and
contested claims ("denied claims that ...", "could not confirm"). Each cue here finds
the clause that stays open and phrases it as a question, grounded on its sentence:
"Were talks continuing?", "Will the deal collapse if ...?", "Is it true that ...?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_AUX = r"is|are|was|were|will|would|could|can|should|has|have|had|did|does|do|might|may|must"
_WH = re.compile(
    r"\b(?:unclear|not clear|not known|unknown|uncertain|undecided|no word on|not say|"
    r"not said|not decided|not disclosed|questioned|asked|wonder(?:ed|s)?|to decide|to see|"
    r"remains to be seen|not determined|debate(?:d)? on)(?:\s+(?:on\s+)?\w+day)?\s+"
    r"(?P<wh>whether|if|who|what|when|"
    r"how|why|where|which)\s+(?P<rest>[^;]+)",
    re.IGNORECASE,
)
_PENDING = re.compile(
    r"(?P<subj>\b[\w.,' -]{2,80}?)\s+(?:(?:has|have|had)\s+yet\s+to|(?:has|have|had)\s+not\s+yet|"
    r"(?:is|are|was|were)\s+(?:expected|likely|scheduled|due|set|poised|planning|"
    r"preparing)\s+to|plans?\s+to|could|may|might|would|will\s+(?=decide|vote|rule|"
    r"consider|meet|resume|announce|review|hear|study))\s+(?P<vp>[^;]+)",
)
_CONTESTED = re.compile(
    r"\b(?:denied|denies|deny|disputed|disputes|could not confirm|cannot confirm|"
    r"could not independently confirm)\s+(?:(?:the\s+)?(?:claims?|reports?|allegations?|"
    r"accusations?|charges?|suggestions?)\s+(?:that\s+)?|that\s+)(?P<what>[^;]+)",
    re.IGNORECASE,
)
_DEADLINE = re.compile(r"\b(?:deadline|ultimatum|by the end of|no date has been set)\b", re.I)
_END = re.compile(r"(?:,\s+(?:which|who|where|and|but|as|while|according|said)\b|\.\s|[.;]$)")


@dataclass(frozen=True)
class OpenQuestion:
    """A question and the span of the passage text that leaves it open."""

    question: str
    span: tuple[int, int]
    strength: int  # 1 explicit, 2 pending, 3 conditional or contested


def _cut(text: str, limit: int = 24) -> str:
    text = re.sub(r"``|''|\"", "", text)
    m = _END.search(text)
    if m and len(text[: m.start()].split()) >= 3:
        text = text[: m.start()]
    words = text.strip(" ,.;:").split()
    return " ".join(words[:limit])


def _ask(clause: str) -> str:
    return clause[:1].upper() + clause[1:].rstrip(" ?.") + "?"


def _invert(clause: str) -> str | None:
    """'talks were continuing' → 'Were talks continuing'."""
    m = re.search(rf"\b({_AUX})\b", clause)
    if not m or m.start() == 0 or len(clause[: m.start()].split()) > 8:
        return None
    return f"{m.group(1)} {clause[: m.start()].strip()} {clause[m.end() :].strip()}"


def _subject(raw: str) -> str:
    # The subject is the tail of what precedes the modal, after the last clause break.
    parts = re.split(r"[,;:]\s+|\b(?:that|and|but|if|because|while|said|says)\s+", raw)
    subj = parts[-1].strip()
    return subj[:1].lower() + subj[1:] if subj[:2] in ("It", "Th", "A ", "An") else subj


_BAD_START = frozenset(
    """he she they we i you there this these those which who what added but and or yet
    neither nor no none nobody
    meanwhile to however also others some many hours if when while as said says told
    him her them it's don't""".split()
)


def _good_subject(subj: str) -> bool:
    words = subj.split()
    if not words or len(words) > 10 or words[0].lower() in _BAD_START:
        return False
    return not re.search(r"\b(?:said|says|told|added|that)\b", subj)


def find(text: str) -> list[OpenQuestion]:
    """The open questions one sentence leaves, strongest first."""
    found: list[OpenQuestion] = []
    for m in _WH.finditer(text):
        rest = _cut(m.group("rest"))
        wh = m.group("wh").lower()
        if wh in ("whether", "if"):
            inverted = _invert(rest)
            q = _ask(inverted) if inverted else _ask(f"whether {rest}")
        else:
            q = _ask(f"{wh} {rest}")
        found.append(OpenQuestion(q, (m.start(), m.end()), 1))
    quoted = text.startswith(("``", '"', "“"))
    if not found and not quoted:
        for m in _PENDING.finditer(text):
            subj, vp = _subject(m.group("subj")), _cut(m.group("vp"))
            if not _good_subject(subj) or re.match(r"(?:not|n't|have|be reached)\b", vp):
                continue
            found.append(OpenQuestion(_ask(f"will {subj} {vp}"), (m.start(), m.end()), 2))
            break
    if not found:
        m = _CONTESTED.search(text)
        if m and len(m.group("what").split()) >= 4:
            found.append(
                OpenQuestion(_ask(f"is it true that {_cut(m.group('what'))}"), m.span(), 3)
            )
    if text.rstrip(" '\"").endswith("?") and not quoted:
        found = [OpenQuestion(_ask(_cut(text, 30)), (0, len(text)), 1)]
    elif not found and _DEADLINE.search(text):
        found.append(OpenQuestion(_ask(_cut(text, 30)), (0, len(text)), 3))
    return found
