"""Boilerplate lines of web copy: the rule, line-based and conservative (pure).

A line is dropped only if

1. the WHOLE line, stripped, is at most ``_MAX_BOILERPLATE_LEN`` (200) characters and
   fully matches, case-insensitively, one of ``_BOILERPLATE_PATTERNS``:
   "Advert(s)"/"Advertisement(s)", alone or followed by ":", "-" or "|" and anything;
   "Click 'OK' then 'Allow' to enable notifications" and variants ("enable / turn on /
   allow / get (push) notifications ..."), and the prompts that lead into it ("To make
   sure you never miss out ...", "We're happy to send you ... reminders/notifications");
   "Sign up for/to ..." naming alerts, newsletters, emails or a briefing; "Share this
   with <X>", "Share this article/story/page/post ...", "Share on/via/to <X>", a lone
   "Share"; "Topics: ...", "Tags: ...", "Read more: ...", "More on this story: ...",
   "Related: ...", "Related stories/articles/content/topics/links ..."; "Image caption
   ...", "Image source ...", "Image copyright ..."; "Copy link" / "Copy this link";
   "Follow us on ..."; "Subscribe ..."; "Skip to (main) content/navigation"; cookie
   banners ("Cookie(s) ..." mentioning policy, settings, preferences, consent, accept or
   notice; "We use cookies ..."; "This site/website uses cookies ..."); datelines
   "Published <date>" and "(Last) updated <date>" (up to 80 characters, containing a
   digit or "ago"/"today"/"yesterday", not ending in sentence punctuation); or
2. it is shorter than 60 characters (stripped, non-empty) and occurs 3 or more times
   in the document (repeated widgets, bylines and menu items);

and, in either case, the line contains no double quote (``"``, ``“``, ``”``) and its
last sentence contains no reporting verb (said, says, told, added, according to, ...):
quoted or attributed speech is the material the brief is built from, so it is never
thrown away even if it looks like boilerplate. Partial lines are never edited.
"""

from __future__ import annotations

import re
from collections import Counter

_MAX_BOILERPLATE_LEN = 200
_REPEAT_MAX_LEN = 60
_REPEAT_MIN_COUNT = 3

_BOILERPLATE_PATTERNS: tuple[str, ...] = (
    r"advert(isement)?s?(\s*[:\-–—|]\s*.*)?",
    r"(click\s+['‘’]?ok['‘’]?\s+then\s+['‘’]?allow['‘’]?\s+to\s+)?(enable|turn\s+on|allow|get)\s+"
    r"(push\s+|browser\s+)?notifications.*",
    r"sign\s+up\s+(for|to)\b.*\b(alerts?|newsletters?|emails?|briefing)\b.*",
    # Notification prompts that lead into "Click 'OK' then 'Allow' ...".
    r"to\s+make\s+sure\s+you\s+never\s+miss\s+out\b.*",
    r"(we('|’)re|we\s+are)\s+happy\s+to\s+send\s+you\b.*\b(reminders?|notifications?|alerts?)\b.*",
    r"share\s+this\s+with\b.{0,120}",
    r"share\s+(this|the)\s+(article|story|page|post)\b.*",
    r"share\s+(on|via|to)\s+\S.{0,60}",
    r"share",
    r"(topics|tags|read\s+more|more\s+on\s+this\s+story|related)\s*:.*",
    r"related\s+(stories|articles|content|topics|links)\b.*",
    r"image\s+(caption|source|copyright)\b.*",
    r"copy\s+(this\s+)?link",
    r"follow\s+us\s+on\b.*",
    r"subscribe\b.*",
    r"skip\s+to\s+(main\s+)?(content|navigation)\b.*",
    r"cookies?\b.*\b(polic(y|ies)|settings|preferences|consent|accept|notice)\b.*",
    r"(we|this\s+(site|website))\s+uses?\s+cookies\b.*",
    # Datelines only: a sentence such as "Updated figures show ..." is not boilerplate.
    r"(first\s+)?published\s*(on|at)?\s*:?\s*(?=.*(\d|ago|today|yesterday))(?!.*[.!?]$).{1,80}",
    r"(last\s+)?updated\s*(on|at)?\s*:?\s*(?=.*(\d|ago|today|yesterday))(?!.*[.!?]$).{1,80}",
)
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in _BOILERPLATE_PATTERNS), re.IGNORECASE)

_QUOTES = ('"', "\u201c", "\u201d")
_REPORTING_VERB = re.compile(
    r"\b(said|says|say|told|tells|added|adds|according\s+to|stated|states|announced|"
    r"claimed|claims|denied|denies|insisted|insists|argued|argues|warned|warns|"
    r"explained|explains|confirmed|confirms|wrote|writes|noted|notes)\b",
    re.IGNORECASE,
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")


def strip_boilerplate(text: str) -> str:
    """Drop whole boilerplate lines; see the module docstring for the exact rule."""
    lines = text.split("\n")
    counts = Counter(s for s in (ln.strip() for ln in lines) if s)
    kept = [ln for ln in lines if not _is_boilerplate(ln.strip(), counts)]
    return "\n".join(kept)


def _is_boilerplate(line: str, counts: Counter[str]) -> bool:
    if not line or _is_protected(line):
        return False
    if len(line) < _REPEAT_MAX_LEN and counts[line] >= _REPEAT_MIN_COUNT:
        return True
    return len(line) <= _MAX_BOILERPLATE_LEN and _BOILERPLATE.fullmatch(line) is not None


def _is_protected(line: str) -> bool:
    if any(q in line for q in _QUOTES):
        return True
    last_sentence = _SENTENCE_SPLIT.split(line)[-1]
    return _REPORTING_VERB.search(last_sentence) is not None


def is_boilerplate_line(line: str) -> bool:
    """Whether one line, on its own, matches the boilerplate patterns (rule 1)."""
    return _is_boilerplate(line.strip(), Counter())
