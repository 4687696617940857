"""Reconciling several reports of one story offline: agreements, conflicts, actors."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from summarizer import summarize
from summarizer.draft import DraftActor
from summarizer.reconcile import lexical, merge_story_actors, sentence_statements
from summarizer.reconcile.units import Statement
from summarizer.segment import split_sentences

TEAM = Path(__file__).resolve().parent.parent / "evals" / "stories" / "team"


def _statements(*texts: str) -> list[Statement]:
    sentences = []
    for i, text in enumerate(texts):
        sentences += split_sentences(text, source=i, first_id=len(sentences) + 1)
    return sentence_statements(sentences, list(texts))


def _conflicts(*texts: str):
    return lexical.conflicts(_statements(*texts))


def test_an_offer_of_4_percent_against_a_demand_of_8_percent_is_not_a_contradiction() -> None:
    a = "The Halden Port Authority has offered dockworkers a pay rise of 4 percent this year."
    b = "The Halden Dockworkers Union demands a pay rise of 8 percent from the Port Authority."
    assert _conflicts(a, b) == []
    # The same two figures for the same offer are a contradiction.
    c = "The Halden Port Authority has offered dockworkers a pay rise of 8 percent this year."
    (found,) = _conflicts(a, c)
    assert found.kind == "figures" and "4 percent" in found.topic and "8 percent" in found.topic


def test_figures_within_rounding_do_not_conflict_but_a_thousandfold_does() -> None:
    a = "British Petroleum announced a $48.2 billion agreement to buy Amoco Corp. in June."
    b = "British Petroleum announced an agreement to buy Amoco Corp. for $48.2 million in June."
    c = "British Petroleum announced an agreement to buy Amoco Corp. for about $50 billion in June."
    assert [x.kind for x in _conflicts(a, b)] == ["figures"]
    assert _conflicts(a, c) == []


def test_a_forecast_is_not_a_fact_to_contradict() -> None:
    a = "Analysts at Halden Bank said oil prices could reach $20 a barrel in Norvania next year."
    b = "Analysts at Halden Bank said oil prices could reach $50 a barrel in Norvania next year."
    assert _conflicts(a, b) == []


def test_a_denial_conflicts_with_the_report_it_denies() -> None:
    a = "Port director Jonas Berg said no container ships had been diverted to Rotterdam."
    b = "Port director Jonas Berg said three container ships had been diverted to Rotterdam."
    (found,) = _conflicts(a, b)
    assert found.kind in {"denial", "figures"}
    assert {found.a, found.b} == {"s1", "s2"}


def test_the_same_words_from_two_speakers_conflict() -> None:
    a = '"We will not give up a single village," Putin told reporters at the Kremlin.'
    b = '"We will not give up a single village," Foreign Minister Sergei Lavrov told reporters.'
    (found,) = _conflicts(a, b)
    assert found.kind == "speaker"


def test_one_party_with_two_names_conflicts() -> None:
    a = "Bulent Ecevit of the Democratic Left Party failed to form a government."
    b = "The Democratic Socialist Party, which Ecevit heads, is a family fiefdom."
    (found,) = _conflicts(a, b)
    assert found.kind == "name"
    # Two parties named side by side in one report are two parties, not one misnamed.
    c = b + " Ecevit courted the Democratic Left Party too."
    assert _conflicts(a, c) == []


def test_identical_wire_copies_do_not_conflict_and_sources_differ() -> None:
    a = "About 1,200 dockworkers at Halden struck on Tuesday. Talks resume on Thursday."
    assert _conflicts(a, a) == []
    b = "Some 400 dockworkers at Halden struck on Tuesday."
    found = _conflicts(a, b)
    assert found and all(x.a.startswith("s") for x in found)


def test_candidate_pairs_grow_with_shared_names_not_with_all_pairs() -> None:
    # 10 sources × 40 unrelated sentences: 80,000 sentence pairs, almost none compared.
    texts = [
        " ".join(f"Person{src}x{i} visited Town{src}y{i} on business." for i in range(40))
        for src in range(10)
    ]
    statements = _statements(*texts)
    assert len(statements) == 400
    started = time.perf_counter()
    pairs = lexical.candidate_pairs([s.text for s in statements], shared=3, words=True)
    assert len(pairs) < 400
    assert time.perf_counter() - started < 1.0


def _actor(id: str, name: str, kind: str = "other", **kw) -> DraftActor:
    return DraftActor(id=id, name=name, kind=kind, **kw)


def test_one_actor_per_party_however_each_outlet_names_it() -> None:
    one = [
        _actor("russian-president", "Russian President", "person"),
        _actor("moscow", "Moscow", "person"),
        _actor("ukraine", "Ukraine", "person"),
    ]
    two = [
        _actor(
            "vladimir-putin",
            "Vladimir Putin",
            "person",
            role="Russian President",
            aliases=["Vladimir Putin", "Putin"],
        ),
        _actor("kremlin", "the Kremlin"),
        _actor("kyiv", "Ukrainian government", "government"),
    ]
    three = [_actor("putin", "Putin", "person"), _actor("russia", "Russia", "country")]
    actors, remap = merge_story_actors([one, two, three])
    by_name = {a.name: a for a in actors}
    assert set(by_name) == {"Vladimir Putin", "Russia", "Ukraine"}
    putin, russia, ukraine = by_name["Vladimir Putin"], by_name["Russia"], by_name["Ukraine"]
    assert putin.kind == "person" and {"Russian President", "Putin"} <= set(putin.aliases)
    assert russia.kind == "government" and {"Moscow", "the Kremlin"} <= set(russia.aliases)
    assert ukraine.kind == "government"
    assert remap["0:moscow"] == remap["1:kremlin"] == remap["2:russia"] == russia.id
    assert remap["0:russian-president"] == remap["2:putin"] == putin.id


def test_two_people_sharing_a_surname_are_not_merged_by_it() -> None:
    one = [_actor("a", "Anna Berg", "person"), _actor("b", "Jonas Berg", "person")]
    two = [_actor("berg", "Berg", "person")]
    actors, _ = merge_story_actors([one, two])
    assert len(actors) == 3


@pytest.mark.parametrize("story", ["harbour-pay", "border-talks"])
def test_team_pairs_brief_offline_with_their_planted_contradictions(story: str) -> None:
    texts = [(TEAM / story / f"{x}.txt").read_text(encoding="utf-8") for x in "AB"]
    brief = summarize(texts, model="heuristic")
    assert len(brief.contradictions) == 2
    for c in brief.contradictions:
        assert [s.source for s in c.sides] == [0, 1]
        for side in c.sides:
            assert side.evidence and all(e.source == side.source for e in side.evidence)
    assert any(c.support == 2 for c in brief.claims())


def test_a_name_with_an_unknown_title_before_it_is_the_same_person() -> None:
    one = [_actor("karin-solheim", "Karin Solheim", "person", aliases=["Solheim"])]
    two = [_actor("owner-karin-solheim", "Owner Karin Solheim", "person")]
    actors, remap = merge_story_actors([one, two])
    assert [a.name for a in actors] == ["Karin Solheim"]
    assert remap["1:owner-karin-solheim"] == "karin-solheim"


def test_a_misspelt_name_still_ties_two_names_for_one_party() -> None:
    a = "Ecevut's efforts to win outside backing for his Democratic Left Party also failed."
    b = "The Democratic Socialist Party, which Ecevit heads, is a family fiefdom."
    assert [c.kind for c in _conflicts(a, b)] == ["name"]
    c = "The Democratic Socialist Party, which Yilmaz heads, is a family fiefdom."
    assert _conflicts(a, c) == []


def test_initials_and_jr_do_not_split_a_person() -> None:
    one = [_actor("verleger", "Philip K. Verleger Jr.", "person")]
    two = [_actor("pv", "Philip Verleger Jr.", "person")]
    assert len(merge_story_actors([one, two])[0]) == 1


def test_one_id_in_two_reports_is_one_party_when_the_kinds_agree() -> None:
    one = [_actor("opposition", "Opposition parties", "group")]
    two = [_actor("opposition", "The opposition", "group"), _actor("union", "Union", "group")]
    three = [_actor("union", "Union Bank", "organisation")]
    actors, remap = merge_story_actors([one, two, three])
    assert remap["0:opposition"] == remap["1:opposition"]
    assert remap["1:union"] != remap["2:union"]  # a group and a bank: two parties
    assert len(actors) == 3


def test_the_readme_story_flags_the_head_count_and_the_denial_not_the_pay_figures() -> None:
    multi = Path(__file__).resolve().parent.parent / "examples" / "multi"
    texts = [(multi / f"outlet-{x}.txt").read_text(encoding="utf-8") for x in "ab"]
    brief = summarize(texts, model="heuristic")
    assert sorted(c.kind for c in brief.contradictions) == ["denial", "figures"]
    assert not any("percent" in c.topic for c in brief.contradictions)


def test_groups_differing_by_a_count_or_common_words_are_one_group() -> None:
    one = [_actor("a", "some analysts", "group"), _actor("r", "Republican officials", "group")]
    two = [_actor("b", "most oil industry analysts", "group"), _actor("o", "opposition", "group")]
    three = [
        _actor("c", "Two opposition parties", "group"),
        _actor("g", "government officials", "group"),
    ]
    _, remap = merge_story_actors([one, two, three])
    assert remap["0:a"] == remap["1:b"]
    assert remap["1:o"] == remap["2:c"]
    assert remap["0:r"] != remap["2:g"]


def test_a_forces_officers_are_the_force_across_reports() -> None:
    one = [_actor("m", "military", "organisation")]
    two = [_actor("c", "Military commanders", "organisation")]
    _, remap = merge_story_actors([one, two])
    assert remap["0:m"] == remap["1:c"]
