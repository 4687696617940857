"""Prompt templates: strict rendering, stable hashes, and hashes recorded in every brief."""

from __future__ import annotations

import hashlib
from importlib import resources

import pytest
from support.chat_server import ChatServer

from summarizer import PromptError, resolve_settings, summarize
from summarizer.prompt import load_template, render

TEMPLATES = ["system", "full", "guided_claim", "guided_actors"]


def _file_hash(template_id: str) -> str:
    data = resources.files("summarizer").joinpath("prompts", f"{template_id}.j2").read_bytes()
    return hashlib.sha256(data).hexdigest()


def test_a_missing_variable_raises_prompt_error_naming_it() -> None:
    with pytest.raises(
        PromptError, match="'full' is missing variable\\(s\\): max_sentence, numbered_sentences"
    ):
        render("full", title="", skipped="")


def test_one_missing_variable_is_named_alone() -> None:
    with pytest.raises(PromptError) as info:
        render("guided_claim", sentence_id=1, sentence="x", actors="- a: A")
    assert "wordings" in str(info.value)
    assert "sentence_id" not in str(info.value)


def test_unknown_template_is_a_prompt_error() -> None:
    with pytest.raises(PromptError, match="no prompt template named 'nope'"):
        load_template("nope")


def test_rendering_fills_every_variable() -> None:
    text = render(
        "full", title="Strike", numbered_sentences="[1] A said B.", max_sentence=1, skipped=""
    )
    assert "Title: Strike" in text and "[1] A said B." in text and "from 1 to 1" in text
    assert "{{" not in text and "not part of the article" not in text
    with_skipped = render(
        "full", title="", numbered_sentences="[1] x", max_sentence=1, skipped="4, 5"
    )
    assert "Sentences 4, 5 are not part of the article" in with_skipped


@pytest.mark.parametrize("template_id", TEMPLATES)
def test_template_hash_is_the_sha256_of_the_file_and_stable(template_id: str) -> None:
    template = load_template(template_id)
    assert template.sha256 == _file_hash(template_id)
    load_template.cache_clear()
    assert load_template(template_id).sha256 == template.sha256
    assert template.ref.id == template_id


def test_template_variables_are_discovered() -> None:
    assert load_template("full").variables == {
        "title",
        "numbered_sentences",
        "max_sentence",
        "skipped",
    }
    assert load_template("system").variables == frozenset()


def test_brief_records_the_prompts_it_used_with_their_hashes() -> None:
    article = (
        "Mayor Lena Ortiz said the tram depot would close in May. "
        "Union leader Piet Aalders said the union would fight the closure."
    )
    with ChatServer() as server:
        settings = resolve_settings(
            model="local", base_url=server.base_url, strategy="full", env={}
        )
        brief = summarize(article, settings=settings)
    recorded = {p.id: p.sha256 for p in brief.meta.prompts}
    assert recorded == {"full": _file_hash("full"), "system": _file_hash("system")}
    assert [p.id for p in brief.meta.prompts] == sorted(recorded)
