"""Inputs that are not articles, through the CLI and the API: one clean outcome each.

Every case ends either in a brief (cp1252 text, a non-English article, with a warning)
or in an :class:`~summarizer.errors.InputError` (exit code 3) whose one-line message
says what is wrong; never a traceback. The limits, documented in the README (Reliability):
files, standard input and URL bodies over 5,000,000 bytes are refused before they are
read (``ingest.DEFAULT_MAX_BYTES``); an article over 2,000,000 characters after
decoding is refused by ``summarize`` (``Limits.max_input_chars``).

The CLI runs in-process through ``summarizer.cli.main`` (the console-script entry
point) for speed, and once as a real subprocess to see its actual stderr.
"""

from __future__ import annotations

import json
import logging
import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from summarizer import Brief, InputError, Limits, summarize
from summarizer.cli import main
from summarizer.ingest import DEFAULT_MAX_BYTES, load

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = (ROOT / "evals/suites/core/dockworkers-strike-wire.txt").read_text(encoding="utf-8")
CP1252_LINE = "The café owner said the “naïve” plan — costing €5m — had failed."
FRENCH = (
    "Le syndicat des dockers a déclaré mardi que la grève continuerait jusqu'à nouvel ordre. "
    "« Nous ne céderons pas », a dit la porte-parole Amélie Durand devant le port. "
    "Le ministre des Transports a demandé la reprise immédiate des négociations."
)
SCRIPTS_ONLY = (
    "<!doctype html><html><head><script>var tracking = 1;</script><style>p{color:red}</style>"
    "</head><body><script>document.write('hello')</script></body></html>"
)
CSV = "name,role,country\nAna Varga,Minister,Valdoria\nBo Lind,Envoy,Tesk\nCy Oduya,Chair,Ostmark\n"
JSON = json.dumps({"actors": [{"name": "Evil Corp"}], "summary": "The union said no."}, indent=2)


def _binary_with_nul() -> bytes:
    rng = random.Random(1)
    return bytes(rng.randrange(256) for _ in range(4096)) + b"\x00"


def _binary_without_nul() -> bytes:
    rng = random.Random(2)
    return bytes(rng.randrange(1, 256) for _ in range(4096))


# name → (file name, contents (None: nothing is created), message fragment)
REFUSED: dict[str, tuple[str, Callable[[], bytes] | None, str]] = {
    "empty": ("empty.txt", lambda: b"", "is empty"),
    "whitespace": ("blank.txt", lambda: b"  \n\t\r\n   \n", "is empty"),
    "binary": ("photo.jpg", _binary_with_nul, "looks binary"),
    "binary_no_nul": ("blob.bin", _binary_without_nul, "looks binary"),
    "directory": ("folder", None, "is a directory"),
    "missing": ("nowhere.txt", None, "no such file"),
    "too_many_bytes": (
        "huge.txt",
        lambda: b"The union said no. " * 550_000,
        "larger than the limit of 5,000,000 bytes",
    ),
    "too_many_chars": (
        "long.txt",
        lambda: b"The union said no. " * 120_000,
        "the limit is 2,000,000 (Limits.max_input_chars)",
    ),
    "scripts_only_html": ("page.html", SCRIPTS_ONLY.encode, "no article text found in HTML"),
    "json_file": ("data.json", JSON.encode, "looks like JSON"),
    "json_as_txt": ("data.txt", JSON.encode, "looks like JSON"),
    "csv_file": ("table.csv", CSV.encode, "looks like CSV"),
    "csv_as_txt": ("table.txt", CSV.encode, "looks like CSV"),
}


def _make(tmp_path: Path, name: str) -> Path:
    file_name, contents, _ = REFUSED[name]
    path = tmp_path / file_name
    if name == "directory":
        path.mkdir()
    elif contents is not None:
        path.write_bytes(contents())
    return path


def _cli(args: list[str], capfd: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["brief", *args, "--model", "heuristic", "--format", "json"])
    out, err = capfd.readouterr()
    return code, out, err


def _assert_grounded(brief: Brief) -> None:
    for claim in brief.claims():
        for ev in claim.evidence:
            assert brief.sources[ev.source].text[ev.start : ev.end] == ev.quote


def test_the_byte_limit_is_the_documented_one() -> None:
    assert DEFAULT_MAX_BYTES == 5_000_000
    assert Limits().max_input_chars == 2_000_000


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_cli_refuses_with_one_line_and_exit_3(
    name: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = _make(tmp_path, name)
    code, out, err = _cli([str(path)], capfd)
    lines = err.strip().splitlines()
    assert code == 3, err
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert REFUSED[name][2] in lines[0]
    assert "Traceback" not in err and out == ""


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_api_refuses_with_input_error(name: str, tmp_path: Path) -> None:
    # Files reach the API through ``ingest.load``; ``summarize`` then checks the length.
    path = _make(tmp_path, name)
    with pytest.raises(InputError) as info:
        summarize(load(path), model="heuristic")
    assert REFUSED[name][2] in str(info.value)
    assert info.value.exit_code == 3


@pytest.mark.parametrize("text", ["", "   ", "\n\t\r\n", "\x00\x01\x02\x7f", "\ufeff"])
def test_api_refuses_empty_text(text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        summarize(text, model="heuristic")


def test_api_refuses_text_over_the_character_limit() -> None:
    text = "The union said no. " * 120_000
    with pytest.raises(InputError, match=r"2,000,000 \(Limits.max_input_chars\)"):
        summarize(text, model="heuristic")
    small = Limits(max_input_chars=1_000)
    with pytest.raises(InputError, match=r"the limit is 1,000"):
        summarize(ENGLISH, model="heuristic", limits=small)


def test_cp1252_file_is_decoded_and_briefed(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes((ENGLISH + "\n\n" + CP1252_LINE + "\n").encode("cp1252"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # the file really is not UTF-8
    code, out, err = _cli([str(path)], capfd)
    assert code == 0, err
    brief = Brief.model_validate_json(out)
    assert CP1252_LINE in brief.sources[0].text  # café, “naïve”, — and € all survive
    assert brief.actors and brief.claims()
    _assert_grounded(brief)
    via_api = summarize(load(path), model="heuristic")
    assert via_api.sources[0].text == brief.sources[0].text


def test_non_english_article_is_briefed_with_a_warning(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "greve.txt"
    path.write_text(FRENCH, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="summarizer.ingest"):
        brief = summarize(FRENCH, model="heuristic")
    assert any("does not look like English" in r.getMessage() for r in caplog.records)
    _assert_grounded(brief)
    assert brief.sources[0].text == FRENCH
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="summarizer.ingest"):
        code, out, err = _cli([str(path)], capfd)
    assert code == 0 and "Traceback" not in err
    assert Brief.model_validate_json(out).sources[0].text == FRENCH
    assert any("does not look like English" in r.getMessage() for r in caplog.records)


def test_english_articles_get_no_language_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="summarizer.ingest"):
        summarize(ENGLISH, model="heuristic")
    assert not [r for r in caplog.records if r.name == "summarizer.ingest"]


def test_real_subprocess_stderr(tmp_path: Path) -> None:
    """The real console: one warning line for French, one error line for a scripts-only page."""
    french = tmp_path / "greve.txt"
    french.write_text(FRENCH, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(SCRIPTS_ONLY, encoding="utf-8")
    env = dict(os.environ, OPENAI_API_KEY="", OPENAI_BASE_URL="", SUMMARIZER_MODEL="")
    runs = {
        path.name: subprocess.run(
            [
                sys.executable,
                "-m",
                "summarizer.cli",
                "brief",
                str(path),
                "--model",
                "heuristic",
                "--format",
                "json",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        for path in (french, page)
    }
    fr, html = runs["greve.txt"], runs["page.html"]
    assert fr.returncode == 0, fr.stderr
    assert fr.stderr.strip().splitlines() == [
        "WARNING:summarizer.ingest:the article does not look like English; it is briefed, "
        "but cues and prompts are English, so the brief may miss actors and claims"
    ]
    assert html.returncode == 3
    assert html.stderr.strip() == "error: no article text found in HTML", html.stderr


# ---------------------------------------------------------------- devices and FIFOs

_NOT_REGULAR = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")


def _symlink_to_dev_zero(tmp_path: Path) -> Path:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    return link


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


def _address_space() -> int:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmSize:")[1].split()[0]) * 1024


def _load_in_child(path: Path, seconds: float) -> str:
    """``load(path)`` in a forked child, bounded in time and memory, so a regression
    (reading /dev/zero without end, blocking on a FIFO) fails the test instead of
    hanging it or exhausting the machine. Returns ``"ExcType: message"``."""
    import multiprocessing
    import resource

    def child(conn: Any) -> None:
        limit = _address_space() + (256 << 20)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            load(path)
            conn.send("loaded")
        except BaseException as exc:  # handed back to the test
            conn.send(f"{type(exc).__name__}: {exc}")

    ctx = multiprocessing.get_context("fork")
    parent, child_end = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=child, args=(child_end,), daemon=True)
    proc.start()
    try:
        assert parent.poll(seconds), f"load({path.name}) still running after {seconds} s"
        return parent.recv()
    finally:
        proc.kill()
        proc.join(5)


@_NOT_REGULAR
@pytest.mark.parametrize(
    ("make", "kind"),
    [(_symlink_to_dev_zero, "a character device"), (_fifo, "a FIFO (named pipe)")],
)
def test_devices_and_fifos_are_refused_without_reading(
    make: Callable[[Path], Path], kind: str, tmp_path: Path
) -> None:
    path = make(tmp_path)
    outcome = _load_in_child(path, 10)
    assert outcome == f"InputError: {path} is {kind}, not a regular file; pass an article file"
    with pytest.raises(InputError) as info:  # the refusal comes before any read
        load(path)
    assert info.value.exit_code == 3


@_NOT_REGULAR
def test_fifo_as_a_batch_item_does_not_hang_the_batch(tmp_path: Path) -> None:
    """One FIFO item is one error record; the other item is still briefed."""
    fifo = _fifo(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH, encoding="utf-8")
    items = tmp_path / "items.jsonl"
    items.write_text(
        json.dumps({"id": "pipe", "path": str(fifo)})
        + "\n"
        + json.dumps({"id": "good", "path": str(good)})
        + "\n"
    )
    out = tmp_path / "out.jsonl"
    run = _subprocess(
        ["batch", str(items), "--output", str(out), "--model", "heuristic", "--quiet", "--no-cache"]
    )
    assert out.exists(), run.stderr[-2000:]
    records = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert records["good"]["status"] == "ok" and records["good"]["brief"]["actors"]
    assert records["pipe"]["status"] == "error"
    assert records["pipe"]["error"]["exit_code"] == 3
    assert "FIFO (named pipe), not a regular file" in records["pipe"]["error"]["message"]


def _subprocess(args: list[str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real console script, bounded in time and (so a regression cannot take the
    machine down reading /dev/zero) in memory."""
    import resource

    def limit_memory() -> None:  # a heuristic brief peaks under 200 MB of address space
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    env = dict(os.environ, OPENAI_API_KEY="", OPENAI_BASE_URL="", SUMMARIZER_MODEL="")
    return subprocess.run(
        [sys.executable, "-m", "summarizer.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        preexec_fn=limit_memory,
    )


@_NOT_REGULAR
@pytest.mark.parametrize("make", [_symlink_to_dev_zero, _fifo])
def test_cli_subprocess_refuses_devices_and_fifos(
    make: Callable[[Path], Path], tmp_path: Path
) -> None:
    path = make(tmp_path)
    run = _subprocess(["brief", str(path), "--model", "heuristic"], timeout=60)
    assert run.returncode == 3, run.stderr[-2000:]
    assert run.stderr.strip().startswith("error: ") and "not a regular file" in run.stderr


def test_file_growing_past_the_cap_is_capped_by_bytes_read(tmp_path: Path) -> None:
    """st_size is checked first, but the cap holds on the bytes actually read."""
    from summarizer.ingest.read import _read_regular

    path = tmp_path / "grows.txt"
    path.write_bytes(b"The union said no. " * 100)
    with pytest.raises(InputError, match="larger than the limit of 1,000 bytes"):
        _read_regular(path, max_bytes=1000)


def test_mixed_utf8_and_cp1252_file_keeps_both_intact(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """UTF-8 text with a pasted cp1252 sentence: neither half turns to mojibake."""
    utf8 = "Café owners in Zürich said on Monday they would close for a day."
    cp1252 = "\u201cWe have no choice,\u201d the owners\u2019 spokeswoman said."
    path = tmp_path / "mixed.txt"
    path.write_bytes((ENGLISH + "\n\n" + utf8 + " ").encode() + cp1252.encode("cp1252"))
    code, out, err = _cli([str(path)], capfd)
    assert code == 0, err
    text = Brief.model_validate_json(out).sources[0].text
    assert f"{utf8} {cp1252}" in text
    assert ENGLISH.strip() in text


# ---------------------------------------------------------------- junk text

NO_WORDS = ["???", "?!?! ... --- !!!\n\n???", "1234 5678 90.5 %", "*** ### @@@ 😀😀", "— – … «»"]


@pytest.mark.parametrize("text", NO_WORDS)
def test_text_without_words_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="has no words") as info:
        summarize(text, model="heuristic")
    assert info.value.exit_code == 3


def test_cli_refuses_a_file_of_punctuation(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "junk.txt"
    path.write_text("???\n" * 40 + "!!! ... ---\n", encoding="utf-8")
    code, out, err = _cli([str(path)], capfd)
    assert code == 3 and out == ""
    assert err.strip() == (
        f"error: {path} has no words (only punctuation, digits or symbols); nothing to brief"
    )


def test_megabyte_line_gives_a_bounded_brief() -> None:
    """A 1 MB line with no sentence end: sentences, quotes and summary stay bounded."""
    from summarizer.segment import MAX_SENTENCE_CHARS

    words = ("the", "union", "said", "pay", "talks", "board", "refused", "port")
    text = " ".join(words[(i * 7) % len(words)] for i in range(220_000))
    assert len(text) > 1_000_000
    brief = summarize(text, model="heuristic")
    assert len(brief.summary) <= 2 * MAX_SENTENCE_CHARS
    for claim in brief.claims():
        for ev in claim.evidence:
            assert len(ev.quote) <= MAX_SENTENCE_CHARS
    _assert_grounded(brief)
