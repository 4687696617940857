"""Prompts as an overridable set: `--prompts DIR`, `SUMMARIZER_PROMPTS`, `summarizer prompts`.

An overriding template is what the model is sent, and its hash (not the packaged one)
lands in the brief's metadata, the call log and the cassette entry; templates the
directory lacks fall back to the packaged ones.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from support.chat_server import ChatServer
from support.cli import run_cli

from summarizer import summarize
from summarizer.calllog import SQLiteCallLog
from summarizer.errors import ConfigError
from summarizer.evaluate.cassette import CassetteStore
from summarizer.prompt import load_template, packaged_names
from summarizer.settings import resolve_settings

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (
    "Mayor Lena Ortiz said the tram depot would close in May. "
    "Union leader Piet Aalders said the union would fight the closure."
)
MARK = "Write every stance in the present tense."


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return run_cli(*args, cwd=cwd, env=env, timeout=180)


def _edited_full(folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    text = load_template("full").source + "\n" + MARK + "\n"
    (folder / "full.j2").write_text(text, encoding="utf-8")
    return text


def test_an_override_is_sent_and_recorded_everywhere(tmp_path: Path) -> None:
    edited = _edited_full(tmp_path / "mine")
    with ChatServer() as server:
        settings = resolve_settings(
            model="local",
            base_url=server.base_url,
            strategy="full",
            env={"SUMMARIZER_PROMPTS": str(tmp_path / "mine")},
        )
        cassette = CassetteStore(tmp_path / "tape.json", "record")
        with SQLiteCallLog(tmp_path / "log.sqlite3") as log:
            brief = summarize(ARTICLE, settings=settings, store=cassette, log=log)
            calls = [log.show(row["id"]) for row in log.recent()]
        cassette.close()
        sent = [m["content"] for r in server.requests for m in r["messages"]]
    assert any(MARK in s for s in sent)
    refs = {p.id: p.sha256 for p in brief.meta.prompts}
    assert refs["full"] == _sha(edited) != load_template("full").sha256
    assert refs["system"] == load_template("system").sha256  # not overridden: packaged
    logged = {p["id"]: p["sha256"] for c in calls for call in c["calls"] for p in call["prompts"]}
    assert logged == refs
    tape = json.loads((tmp_path / "tape.json").read_text())["entries"]
    taped = {p["id"]: p["sha256"] for e in tape.values() for p in e["prompts"]}
    assert taped == refs


def test_the_packaged_set_without_overrides(tmp_path: Path) -> None:
    with ChatServer() as server:
        settings = resolve_settings(model="local", base_url=server.base_url, env={})
        brief = summarize(ARTICLE, settings=settings)
    assert {p.id: p.sha256 for p in brief.meta.prompts}["full"] == load_template("full").sha256


def test_a_missing_prompts_directory_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="prompts directory not found"):
        resolve_settings(model="heuristic", env={"SUMMARIZER_PROMPTS": str(tmp_path / "no")})


def test_prompts_copy_list_show_and_brief_with_prompts(tmp_path: Path) -> None:
    copied = _cli("prompts", "copy", "p", cwd=tmp_path)
    assert copied.returncode == 0, copied.stderr
    assert sorted(p.stem for p in (tmp_path / "p").glob("*.j2")) == packaged_names()
    again = _cli("prompts", "copy", "p", cwd=tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr
    edited = _edited_full(tmp_path / "p")
    listed = _cli("prompts", "list", "--prompts", "p", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    rows = {line.split()[0]: line for line in listed.stdout.splitlines()}
    assert _sha(edited)[:12] in rows["full"] and "(same as packaged)" not in rows["full"]
    assert "(same as packaged)" in rows["system"]
    shown = _cli("prompts", "show", "full", cwd=tmp_path, env={"SUMMARIZER_PROMPTS": "p"})
    assert shown.stdout == edited
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with ChatServer() as server:
        done = _cli(
            "brief", "a.txt", "--model", "local", "--base-url", server.base_url,
            "--prompts", "p", "--no-cache", "--no-log", "-f", "json",
            cwd=tmp_path,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    refs = {p["id"]: p["sha256"] for p in json.loads(done.stdout)["meta"]["prompts"]}
    assert refs["full"] == _sha(edited)


def test_override_warnings_name_typos_and_dropped_variables(tmp_path: Path) -> None:
    from summarizer.prompt import override_warnings

    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "ful.j2").write_text("typo")
    (folder / "full.j2").write_text(
        "Title: {{ title }}. Sentences {{ max_sentence }} {{ skipped }}"
    )
    warnings = override_warnings(folder)
    assert f"{folder / 'ful.j2'} overrides no packaged template (ignored)" in warnings
    assert f"{folder / 'full.j2'} does not use numbered_sentences (the packaged full does)" in (
        warnings
    )
    assert override_warnings(None) == []
    _edited_full(folder)
    assert not any("does not use" in w for w in override_warnings(folder))


def test_every_prompt_the_pipeline_renders_honours_the_override() -> None:
    """A new ``prompt.chat`` call that forgot ``prompts_dir`` would ignore --prompts."""
    import ast

    calls = []
    for path in sorted((ROOT / "summarizer").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = getattr(node, "func", None)
            if (
                isinstance(node, ast.Call)
                and getattr(func, "attr", None) == "chat"
                and getattr(func.value, "id", None) == "prompt"
            ):
                calls.append((path.name, {k.arg for k in node.keywords}))
    assert len(calls) >= 4
    assert all("prompts_dir" in keywords for _, keywords in calls), calls
