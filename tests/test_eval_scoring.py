"""Scorer tests: gold perturbed in known ways must move the numbers in known ways."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from summarizer.errors import CassetteMissError, SummarizerError
from summarizer.evaluate.aggregate import aggregate
from summarizer.evaluate.cassette import CassetteStore, cassette_path, model_slug
from summarizer.evaluate.gold import GoldArticle, GoldError, gold_brief, load_article, load_suite
from summarizer.evaluate.match import (
    THRESHOLD,
    claim_similarity,
    has_negation,
    match_actors,
    name_score,
    normalise_name,
    span_iou,
)
from summarizer.evaluate.metrics import prf, score_article
from summarizer.schema import Actor, Brief, Evidence, Position

FIXTURES = Path(__file__).parent / "fixtures" / "evals"
MINI = FIXTURES / "mini"


@pytest.fixture(scope="module")
def harbour() -> GoldArticle:
    return load_article(MINI / "harbour-talks.gold.json")


@pytest.fixture(scope="module")
def grocer() -> GoldArticle:
    return load_article(MINI / "grocer-bid.gold.json")


def _with(brief: Brief, **changes) -> Brief:
    """A re-validated copy of a brief with some fields replaced."""
    return Brief.model_validate({**brief.model_dump(), **changes})


def _position(brief: Brief, i: int, **changes) -> Brief:
    positions = [p.model_dump() for p in brief.positions]
    positions[i].update(changes)
    return _with(brief, positions=positions)


# --- gold loading ------------------------------------------------------------------------


def test_gold_loads_with_resolved_offsets(harbour: GoldArticle) -> None:
    assert [a.id for a in load_suite(MINI)] == ["grocer-bid", "harbour-talks"]
    span = harbour.positions[0].evidence[0]
    assert harbour.text[span.start : span.end] == span.text
    assert harbour.positions[0].id == "positions[0]"
    assert harbour.demands[0].target == "union"


@pytest.mark.parametrize(
    ("suite", "needle"),
    [("bad_span", "positions[0]"), ("bad_ref", "positions[3]")],
)
def test_gold_fixture_suites_fail_loudly(suite: str, needle: str) -> None:
    with pytest.raises(GoldError) as err:
        load_suite(FIXTURES / suite)
    assert isinstance(err.value, SummarizerError)
    assert "harbour-talks.gold.json" in str(err.value) and needle in str(err.value)


def _broken_copy(tmp_path: Path, edit) -> Path:
    raw = json.loads((MINI / "harbour-talks.gold.json").read_text())
    edit(raw)
    shutil.copy(MINI / "harbour-talks.txt", tmp_path / "harbour-talks.txt")
    (tmp_path / "harbour-talks.gold.json").write_text(json.dumps(raw))
    return tmp_path


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        (lambda g: g["actors"][0]["aliases"].append("Dock Workers Union"), "actors[0]"),
        (lambda g: g["demands"][1].update(target="nobody"), "demands[1]"),
        (lambda g: g.update(kind="war"), "bad article kind"),
        (lambda g: g["actors"][1].update(kind="alien"), "actors[1]"),
    ],
    ids=["alias", "target", "article-kind", "actor-kind"],
)
def test_gold_validation_errors(tmp_path: Path, edit, needle: str) -> None:
    with pytest.raises(GoldError, match=r"harbour-talks\.gold\.json") as err:
        load_suite(_broken_copy(tmp_path, edit))
    assert needle in str(err.value)


# --- matching primitives ----------------------------------------------------------------


def test_normalise_name() -> None:
    assert normalise_name("The Port Authority's") == "port authority"
    assert normalise_name("Traders' Association") == "traders association"
    assert name_score(["Tesk"], ["Federation of Tesk"]) > 0.5
    assert name_score(["the union"], ["Dockers Union"]) > 0  # token subset
    assert name_score(["of the"], ["Federation of Tesk"]) == 0  # stopwords only
    assert name_score(["Port Authority"], ["Dockers Union"]) == 0


def test_actor_matching_is_one_to_one(harbour: GoldArticle) -> None:
    pred = [
        Actor(id="a", name="Dockers Union"),
        Actor(id="b", name="Dockers"),  # a weaker (subset) match for the same gold actor
        Actor(id="c", name="Authority", aliases=["Port Authority"]),
    ]
    amap = match_actors(pred, harbour.actors)
    assert amap == {"a": "union", "c": "authority"}


def test_negation_cues() -> None:
    assert has_negation("X does not support the deal")
    assert has_negation("X won't sign") and has_negation("She denied it")
    assert not has_negation("X supports the deal")


def test_span_iou() -> None:
    assert span_iou([(0, 10)], [(0, 10)]) == 1.0
    assert span_iou([(0, 10)], [(5, 15)]) == pytest.approx(5 / 15)
    assert span_iou([(0, 5), (3, 10)], [(20, 30)]) == 0.0


def test_prf_edge_cases() -> None:
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)
    assert prf(0, 0, 3)[2] == 0.0 and prf(0, 2, 0)[2] == 0.0
    assert prf(2, 4, 2) == pytest.approx((0.5, 1.0, 2 / 3))


# --- article scoring --------------------------------------------------------------------


def test_perfect_prediction_scores_one(harbour: GoldArticle) -> None:
    s = score_article(harbour, gold_brief(harbour))
    assert s.strict_f1 == 1.0 and s.content_f1 == 1.0
    assert s.actors.f1 == 1.0 and s.actors.hallucination_rate == 0.0
    for f in s.fields.values():
        assert f.strict_f1 == f.content_f1 == 1.0
    assert s.fields["positions"].attribution == 1.0
    assert s.fields["demands"].target_accuracy == 1.0
    assert s.schema_valid and s.grounding_rate == 1.0 and not s.forbidden_hits
    assert all(r.matched and r.similarity == pytest.approx(1.0) for r in s.matches)


@pytest.mark.parametrize("field", ["positions", "demands", "open_questions"])
def test_dropping_one_item_lowers_recall_by_one_nth(harbour: GoldArticle, field: str) -> None:
    brief = gold_brief(harbour)
    items = [c.model_dump() for c in getattr(brief, field)]
    n = len(items)
    s = score_article(harbour, _with(brief, **{field: items[1:]}))
    f = s.fields[field]
    assert f.strict_r == pytest.approx(1 - 1 / n) and f.content_r == pytest.approx(1 - 1 / n)
    assert f.strict_p == 1.0
    unmatched = [r for r in s.matches if r.field == field and not r.matched]
    assert [r.gold_id for r in unmatched] == [f"{field}[0]"]


def test_swapped_actor_hits_attribution_not_content(harbour: GoldArticle) -> None:
    s = score_article(harbour, _position(gold_brief(harbour), 0, actor="authority"))
    pos = s.fields["positions"]
    assert pos.content_f1 == 1.0
    assert pos.attribution == pytest.approx(3 / 4)
    assert pos.strict_f1 < 1.0 and pos.strict_tp == 3
    row = next(r for r in s.matches if r.gold_id == "positions[0]")
    assert row.matched and row.actor_ok is False


def test_swapped_target_hits_target_accuracy(harbour: GoldArticle) -> None:
    brief = gold_brief(harbour)
    demands = [d.model_dump() for d in brief.demands]
    demands[0]["target"] = None
    d = score_article(harbour, _with(brief, demands=demands)).fields["demands"]
    assert d.content_f1 == 1.0 and d.strict_f1 == 1.0 and d.target_accuracy == 0.5


def test_negated_claim_does_not_match(harbour: GoldArticle) -> None:
    gold = harbour.positions[0]
    assert claim_similarity("The Dockers Union supports the deal on pay.", [], [], gold) >= 0.5
    negated = "The Dockers Union does not support the deal on pay."
    assert claim_similarity(negated, [gold.evidence[0].text], [], gold) == 0.0
    s = score_article(harbour, _position(gold_brief(harbour), 0, stance=negated))
    assert s.fields["positions"].content_tp == 3
    assert not next(r for r in s.matches if r.gold_id == "positions[0]").matched


def test_truncated_claim_scores_lower(harbour: GoldArticle) -> None:
    gold = harbour.positions[1]
    quotes, spans = [gold.evidence[0].text], [(gold.evidence[0].start, gold.evidence[0].end)]
    full = claim_similarity(gold.text, quotes, spans, gold)
    truncated = claim_similarity("The rota would force", quotes, spans, gold)
    assert full == pytest.approx(1.0)
    assert truncated < full - 0.15
    assert claim_similarity("The rota would force", [], [], gold) < THRESHOLD


def test_failed_brief_scores_zero_and_invalid(harbour: GoldArticle) -> None:
    s = score_article(harbour, None, error="ExtractionError: no valid output")
    assert not s.schema_valid and s.strict_f1 == 0.0 and s.actors.recall == 0.0
    agg = aggregate([s, score_article(harbour, gold_brief(harbour))])
    assert agg.gates.schema_validity == 0.5 and not agg.gates.passed


def test_hallucinated_actor_is_counted(harbour: GoldArticle) -> None:
    brief = gold_brief(harbour)
    actors = [*[a.model_dump() for a in brief.actors], {"id": "ghost", "name": "Ghost Ltd"}]
    s = score_article(harbour, _with(brief, actors=actors))
    assert s.actors.hallucinated == ["ghost"]
    assert s.actors.precision == pytest.approx(5 / 6) and s.actors.recall == 1.0


def test_forbidden_strings_are_counted(grocer: GoldArticle) -> None:
    assert score_article(grocer, gold_brief(grocer)).forbidden_hits == []
    brief = _with(
        gold_brief(grocer),
        actors=[
            *[a.model_dump() for a in gold_brief(grocer).actors],
            {"id": "acme", "name": "ACME Corp"},
        ],
    )
    s = score_article(grocer, brief)
    assert s.forbidden_hits == ["ACME Corp"]
    assert aggregate([s]).gates.forbidden_ok is False


def test_ungrounded_span_fails_grounding(harbour: GoldArticle) -> None:
    brief = gold_brief(harbour)
    bad = Evidence.model_construct(source=0, quote="made up", start=0, end=7)
    pos = Position.model_construct(actor="union", stance="Invented.", evidence=[bad], support=1)
    broken = brief.model_copy(update={"positions": [*brief.positions, pos]})
    s = score_article(harbour, broken)
    assert s.grounded_spans == s.evidence_spans - 1
    assert not s.schema_valid
    assert not aggregate([s]).gates.grounding_ok


def test_cost_uses_price_table(harbour: GoldArticle) -> None:
    brief = gold_brief(harbour)
    meta = brief.meta.model_copy(
        update={
            "model": "m",
            "usage": brief.meta.usage.model_copy(
                update={"prompt_tokens": 1000, "completion_tokens": 500, "total_tokens": 1500}
            ),
        }
    )
    brief = brief.model_copy(update={"meta": meta})
    s = score_article(harbour, brief, prices={"m": {"prompt": 1.0, "completion": 2.0}})
    assert s.cost_usd == pytest.approx((1000 * 1.0 + 500 * 2.0) / 1e6)
    assert score_article(harbour, brief).cost_usd == 0.0


# --- cassettes --------------------------------------------------------------------------


def test_cassette_record_then_replay(tmp_path: Path) -> None:
    path = cassette_path(tmp_path, "core", "Org/Model Q4")
    assert path.name == f"{model_slug('Org/Model Q4')}.json" == "org-model-q4.json"
    with CassetteStore(path, "record") as store:
        assert store.get("k1") is None
        store.put("k2", {"b": 1})
        store.put("k1", {"a": 1})
    text = path.read_text()
    assert text.index('"k1"') < text.index('"k2"')  # sorted, stable diffs
    replay = CassetteStore(path, "replay")
    assert replay.replay_only and replay.get("k1") == {"a": 1}
    replay.put("k3", {"c": 1})  # ignored: replay never changes the tape
    assert replay.get("k3") is None
    with pytest.raises(CassetteMissError, match=r"org-model-q4\.json"):
        replay.require("nope")


def test_evidence_across_a_wrap_with_trailing_spaces_is_located(tmp_path: Path) -> None:
    # Wire copy leaves a space before each line break; ingest trims it, so a quote across
    # a wrap is verbatim in the briefed text but not in the file the gold was labelled on.
    from summarizer import summarize
    from summarizer.evaluate.metrics import _spans_in_article

    gold = json.loads((MINI / "harbour-talks.gold.json").read_text(encoding="utf-8"))
    text = (MINI / "harbour-talks.txt").read_text(encoding="utf-8")
    words, lines, line = text.split(" "), [], []
    for w in words:  # hard-wrap at ~50 columns, each line ending in a space
        line.append(w)
        if sum(len(x) + 1 for x in line) > 50:
            lines.append(" ".join(line) + " ")
            line = []
    (tmp_path / "harbour-talks.txt").write_text("\n".join(lines) + " ".join(line), "utf-8")
    (tmp_path / "harbour-talks.gold.json").write_text(json.dumps(gold), "utf-8")
    article = load_article(tmp_path / "harbour-talks.gold.json")
    brief = summarize(article.text, model="heuristic")
    assert brief.sources[0].text != article.text  # the trimmed spaces
    spans = _spans_in_article(brief, article)
    wrapped = [ev for ev in brief.all_evidence() if "\n" in ev.quote]
    assert wrapped, "the test needs evidence across a wrap"
    for ev in wrapped:
        assert spans[id(ev)] is not None, ev.quote
