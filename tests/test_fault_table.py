"""The README's fault table is what the code does: each row is measured, with default limits.

Every row naming a fault the loopback ChatServer can inject is run as a persistent fault
against the real pipeline; the error class, the exit code and the "after N attempts"
count must be the ones the table states. The default ``Limits`` are used as they are, but
for the hang: there the timeout and the budget keep the default ratio (60 s within
120 s) at 2 s within 4 s, so the row's attempt count is tested without waiting minutes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.chat_server import ChatServer

from summarizer import Limits, SummarizerError, summarize

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (ROOT / "examples" / "harbour-strike.txt").read_text(encoding="utf-8")
# The table's first column, as the server names the fault.
ROWS = {
    "429 with `Retry-After`": "429",
    "500": "500",
    "503": "503",
    "connection reset": "reset",
    "read timeout / hang": "hang",
    "invalid JSON body": "invalid_json",
    "JSON that breaks the schema": "bad_schema",
    "truncated (`finish_reason=length`)": "truncated",
    "empty `choices`": "empty_choices",
}


def _table() -> dict[str, list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Endpoint faults") :]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] in ROWS:
            rows[ROWS[cells[0]]] = cells
    return rows


TABLE = _table()


def test_the_table_has_a_row_for_every_injectable_fault() -> None:
    assert set(TABLE) == set(ROWS.values())


@pytest.mark.parametrize("fault", sorted(ROWS.values()))
def test_a_persistent_fault_ends_as_the_table_says(fault: str) -> None:
    _, _, outcome, error_class, exit_code = TABLE[fault]
    limits = Limits(request_timeout_s=2.0, transport_total_s=4.0) if fault == "hang" else Limits()
    with ChatServer(hang_seconds=10) as server:
        server.fail_next(*[fault] * 500)
        with pytest.raises(SummarizerError) as info:
            summarize(ARTICLE, model="local", base_url=server.base_url, strategy="full",
                      limits=limits)  # fmt: skip
    err = info.value
    assert f"`{type(err).__name__}`" == error_class
    assert str(err.exit_code) == exit_code
    stated = re.search(r"after (\d+) attempts", outcome)
    if stated:
        assert f"after {stated.group(1)} attempts" in str(err), (outcome, str(err))
    first_words = re.match(r"`([^`.:(]+)", outcome)
    assert first_words and first_words.group(1).split(" N ")[0] in str(err), (outcome, str(err))
