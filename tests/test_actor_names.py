"""An actor is a party the article names, as a whole word: no invented names, no substrings.

The rule is enforced where a model's answer is validated (``DraftActor``), so it is tested
the way a model meets it: a loopback server answers with the actor, and the brief that
comes back (or the re-ask the server receives) is checked.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from support.chat_server import ChatServer, default_responder, requested_schema

from summarizer import ExtractionError, Limits, summarize
from summarizer.mentions import occurs

FAST = Limits(request_timeout_s=5.0, transport_max_wait_s=0.2, transport_total_s=10.0)
ARTICLE = (
    "Shipments queued at the border for a third day on Tuesday. The board of Halden Freight "
    "said the delays were costing it money. Minister Olga Brandt told reporters the customs "
    "checks would stay. It is unclear whether the checks will be lifted before the holiday."
)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("EU", "Shipments queued at the border.", False),
        ("EU", "The EU said so.", True),
        ("Ana", "A banana crate.", False),
        ("Zürich", "Traders in Zürich's old town.", True),
        ("Olga Brandt", "Minister Olga\nBrandt said", True),
        ("the board", "The board of Halden said", True),
        ("Brandt", "Brandtner said", False),
        ("", "anything", False),
    ],
)
def test_a_name_occurs_only_as_a_whole_word(name: str, text: str, expected: bool) -> None:
    assert occurs(name, text) is expected


class ActorPlanter:
    """The default draft, plus one extra actor with a claim on a real sentence."""

    def __init__(self, actor: dict[str, Any], times: int | None = None) -> None:
        self.actor = actor
        self.times = times
        self.planted = 0

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        answer = default_responder(request)
        name, _ = requested_schema(request)
        if name != "Draft" or (self.times is not None and self.planted >= self.times):
            return answer
        self.planted += 1
        answer["actors"].append(dict(self.actor))
        answer["positions"].append(
            {"actor": self.actor["id"], "stance": "Delays cost money.", "sentences": [2]}
        )
        return answer


def _brief(server: ChatServer):
    return summarize(ARTICLE, model="local", base_url=server.base_url, strategy="full", limits=FAST)


def test_an_invented_name_with_a_real_alias_keeps_only_the_real_form() -> None:
    planted = {"id": "zorblax", "name": "Zorblax Industries", "aliases": ["the board"]}
    with ChatServer(ActorPlanter(planted)) as server:
        brief = _brief(server)
    dump = brief.model_dump_json()
    assert "Zorblax" not in dump
    actor = brief.actor("zorblax")
    assert actor.name.casefold() == "the board" and actor.aliases == [actor.name]


def test_a_name_found_only_inside_another_word_is_reasked() -> None:
    planted = {"id": "eu", "name": "EU", "kind": "organisation", "aliases": []}
    with ChatServer(ActorPlanter(planted, times=1)) as server:
        brief = _brief(server)
        requests = list(server.requests)
    assert len(requests) == 2, "the answer naming 'EU' was sent back"
    assert "'EU' does not appear in the article" in json.dumps(requests[1]["messages"])
    assert all(a.name != "EU" for a in brief.actors)


def test_a_model_that_insists_on_an_unnamed_actor_fails_cleanly() -> None:
    planted = {"id": "eu", "name": "EU", "kind": "organisation", "aliases": ["Eu"]}
    with ChatServer(ActorPlanter(planted)) as server, pytest.raises(ExtractionError) as info:
        _brief(server)
    assert info.value.exit_code == 9 and "\n" not in str(info.value)


# --- which parties the offline cues find, and of what kind ------------------------------

from summarizer import agency, cues  # noqa: E402
from summarizer.schema import ActorKind  # noqa: E402
from summarizer.segment import split_sentences  # noqa: E402


def _actors(text: str) -> dict[str, cues.ActorCandidate]:
    return {a.name: a for a in cues.analyse(split_sentences(text), text).actors}


def _forms(text: str) -> set[str]:
    return {form for a in _actors(text).values() for form in a.aliases}


def test_a_title_joins_its_name_as_one_actor() -> None:
    text = (
        "Norvian President Tomas Elberg said on Monday the dam would be finished. "
        "Elberg told parliament the Norvian President had no wish to delay it."
    )
    found = _actors(text)
    assert "Tomas Elberg" in found
    assert found["Tomas Elberg"].kind == ActorKind.PERSON
    assert (
        "President Tomas Elberg" in found["Tomas Elberg"].aliases
        or "Norvian President Tomas Elberg" in found["Tomas Elberg"].aliases
    )
    assert not any("Elberg" in n for n in found if n != "Tomas Elberg")


def test_a_long_titled_name_is_never_cut() -> None:
    text = "President Abdel Karim El Hadi Ben Salah said the border would stay open."
    names = set(_actors(text))
    assert "Abdel Karim El Hadi Ben Salah" in names
    assert "Abdel Karim El Hadi Ben" not in names


def test_demonym_officials_speak_for_the_country() -> None:
    text = (
        "Turkish officials said on Tuesday they would not accept the plan. "
        "Turkey has long rejected any such deal, Greek officials said."
    )
    found = _actors(text)
    assert "Turkish officials" in found["Turkey"].aliases
    assert found["Turkey"].kind in (ActorKind.COUNTRY, ActorKind.GOVERNMENT)
    assert "Turkish" not in found and "Turkish officials" not in found


def test_a_dateline_and_a_place_are_not_people() -> None:
    text = (
        "ANKARA, Turkey (AP) _ Farmers in the Konya plain said on Friday the new canal "
        "would ruin them. The canal runs past Ankara and Izmir, officials in Konya said."
    )
    found = _actors(text)
    assert "ANKARA" not in found and "Ankara" not in found
    assert all(a.kind != ActorKind.PERSON for a in found.values())


def test_a_possessive_or_a_wrap_never_makes_a_name() -> None:
    text = (
        "Opposition leader Lena Morvik's party said it would vote against the budget.\n"
        "Morvik's Oslo\noffice said the vote was set for Thursday."
    )
    names = set(_actors(text))
    assert not any(n.endswith(("'s", "Oslo")) for n in names), names
    assert "Morvik's Oslo" not in _forms(text)


def test_a_company_is_an_organisation_not_a_person() -> None:
    text = (
        "Danish Petroleum announced on Monday it would buy the refinery. "
        "Human Rights Watch said the deal ignored the workers, who said they would strike."
    )
    found = _actors(text)
    assert found["Human Rights Watch"].kind == ActorKind.ORGANISATION
    assert all(a.kind != ActorKind.PERSON for n, a in found.items() if "Petroleum" in n), found


def test_a_modifier_before_a_noun_is_no_party() -> None:
    text = (
        "The Norvian news agency reported on Sunday that the talks had failed. "
        "A Danish newspaper said the minister Anders Holm would resign."
    )
    names = set(_actors(text))
    assert not names & {"Norvian", "Danish"}


def test_a_speaking_group_is_an_actor() -> None:
    text = (
        "Opposition parties accused the government of hiding the report. "
        "Some farmers said they would block the roads until the report was published."
    )
    found = _actors(text)
    assert found["Opposition parties"].kind == ActorKind.GROUP
    assert "Some farmers" in found


def test_a_name_merely_mentioned_is_no_party() -> None:
    text = (
        "The report, printed by the Halvard Press in Bergen, was read at a conference. "
        "Minister Olga Brandt said the checks would stay."
    )
    names = set(_actors(text))
    assert "Olga Brandt" in names
    assert "Halvard Press" not in names and "Bergen" not in names


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("Sound Watch", "The ruling drew criticism from the council and Sound Watch.", True),
        ("Sound Watch", "A call by Sound Watch for a ban went unheard.", True),
        ("Sound Watch", "The ferry sailed past the offices of Sound Watch.", False),
        ("Olga Brandt", "Minister Olga Brandt, who leads the talks, said no.", True),
        ("Olga Brandt", "Reporters met Olga Brandt on Monday.", False),
        ("the union", "According to the union, the offer was poor.", True),
        ("Meridian", "The Meridian news agency reported that talks failed.", False),
        ("Norland", "The rebels lost the backing of Norland last month.", True),
        ("the plan", "The rebels lost the support of the plan's authors.", False),
        ("Ivo Stern", "The post was left by Ivo Stern, a moderate who opposed the deal.", True),
        ("Ivo Stern", "The post was left by Ivo Stern, a moderate who lives in Oslo.", False),
        ("dock officials", "But dock officials are beginning to worry about the strike.", True),
        ("dock officials", "But dock officials are beginning to load the ships.", False),
        ("port officials", "It was a crisis and great reluctance by port officials to act.", True),
        ("Ivo Stern", "Ivo Stern, a trader, last year advertised an offer of a reward.", True),
        ("Ivo Stern", "Ivo Stern, a trader, lost the support of his partners.", False),
    ],
)
def test_a_party_says_or_wants_something(name: str, text: str, expected: bool) -> None:
    assert agency.speaks([name], [text]) is expected


def test_the_press_reporting_is_no_party() -> None:
    text = (
        "The state-run Meridian news agency reported that the talks had failed. "
        "Minister Olga Brandt said the talks would resume."
    )
    assert "Meridian" not in _forms(text)


def test_a_role_with_a_specific_noun_names_a_person() -> None:
    text = (
        "An investment banker said the merger made little sense. "
        "The chief negotiator said nothing. Minister Olga Brandt said it would go ahead."
    )
    found = _actors(text)
    assert found["investment banker"].kind == ActorKind.PERSON
    assert "chief negotiator" not in found


def test_members_and_their_party_are_one_actor() -> None:
    text = (
        "The Centrist Party said it would oppose the bill. On Monday, Centrists said the "
        "bill would raise taxes, and the Centrist Party leader Ada Lund said so again."
    )
    found = _actors(text)
    assert "Centrists" not in found
    assert "Centrists" in found["Centrist Party"].aliases


def test_a_short_form_of_a_body_joins_its_full_name() -> None:
    text = (
        "The Harbour and Coastal Safety Board said the ferry was unsafe. "
        "The Harbour Board said repairs would take a month."
    )
    found = _actors(text)
    assert "Harbour Board" in found["Harbour and Coastal Safety Board"].aliases
    assert "Harbour Board" not in found


def test_a_lone_institution_word_mentioned_in_passing_is_no_party() -> None:
    text = (
        "The bill goes to Parliament next week, where the parliament may amend it. "
        "Minister Olga Brandt said the bill would pass."
    )
    assert "Parliament" not in _actors(text)


def test_a_sentence_opening_word_is_no_part_of_a_name() -> None:
    text = (
        "Having Kestrel Systems on board helps, said Olga Brandt, the board's lawyer. "
        "Among Varga's rivals, few spoke. Kestrel Systems said it would sign. "
        "Helena Varga said the deal was good."
    )
    names = set(_actors(text))
    assert "Having Kestrel Systems" not in names
    assert "Among Varga" not in names
    assert "Kestrel Systems" in names


def test_a_body_named_like_a_person_is_an_organisation() -> None:
    text = (
        "The fire at the Torvik Weaving Mill killed four. Torvik Weaving Mill said it had "
        "passed every inspection. The mill will stay shut, Torvik Weaving Mill said."
    )
    found = _actors(text)
    mill = found["Torvik Weaving Mill"]
    assert mill.kind == ActorKind.ORGANISATION
    assert "Mill" not in mill.aliases


def test_a_company_speaking_is_no_country_government() -> None:
    text = (
        "Norway Online officials said the merger would go ahead. "
        "Norwegian officials said they would review it."
    )
    found = _actors(text)
    norway = found.get("Norway") or found.get("Norwegian officials")
    assert norway is None or "Norway Online officials" not in norway.aliases


def test_a_speaker_inverted_after_said_speaks() -> None:
    text = (
        "The tape, said Olga Brandt, the harbour board's lawyer, shows a pattern. "
        "Olga Brandt spent the day in court."
    )
    assert "Olga Brandt" in _actors(text)


def test_counted_people_are_no_party() -> None:
    text = (
        "Three legislators said the bill was flawed. Two opposition parties said they "
        "would vote against it."
    )
    names = set(_actors(text))
    assert "Three legislators" not in names and "three legislators" not in names
    assert "Two opposition parties" in names


def test_a_word_inside_longer_names_is_no_party_of_its_own() -> None:
    text = (
        "Standard Gas rose. Oil traders said prices fell. Standard Oil and Mobil Oil and "
        "Texaco Oil merged; Northern Oil and Southern Oil did not. Oil prices fell."
    )
    assert "Oil" not in _actors(text)


def test_groups_speak_through_clauses_and_passives() -> None:
    texts = [
        "A fine was the milder step advocated by many harbour workers.",
        "He criticized a Norland port official, who said the ships would be held.",
        "Dock officials loaded the ships.",
    ]
    found = agency.speaking_groups(texts)
    assert "many harbour workers" in found
    assert "Norland port official" in found
    assert "Dock officials" not in found


def test_a_shared_demonym_means_the_largest_country() -> None:
    from summarizer import gazetteer

    assert gazetteer.lookup("Chinese")[1].name == "China"
    assert gazetteer.lookup("French")[1].name == "France"
    assert gazetteer.lookup("Washington")[0] == "capital"


def test_two_bodies_joined_by_and_are_two_actors() -> None:
    text = (
        "Halden Shipping Group and Kell Trust said they would merge. The Truth and "
        "Reconciliation Commission said it would meet. Halden Shipping Group said so."
    )
    names = set(_actors(text))
    assert "Halden Shipping Group" in names
    assert "Halden Shipping Group and Kell Trust" not in names
    assert "Truth and Reconciliation Commission" in names


def test_a_party_named_by_its_bare_name_is_one_actor() -> None:
    text = (
        "The Harmony Party withheld its support. Harmony said it wanted two ministries. "
        "Harmony was holding out for more, and Harmony leader Ivo Stern said so."
    )
    found = _actors(text)
    assert "Harmony" not in found
    assert "Harmony" in found["Harmony Party"].aliases


def test_a_people_named_by_demonym_alone_is_a_group() -> None:
    text = (
        "Norwegians said in a poll that the ferry fares were too high. "
        "Minister Olga Brandt said the fares would stay."
    )
    found = _actors(text)
    assert found["Norwegians"].kind == ActorKind.GROUP


def test_an_official_at_a_capital_speaks_for_its_government() -> None:
    text = (
        "The Oslo Courier quoted an official in Washington as saying the visit was off. "
        "The United States has sent an envoy."
    )
    found = _actors(text)
    assert "official in Washington" in found["United States"].aliases


def test_a_countrys_ministry_speaks_for_the_country() -> None:
    text = (
        "Norway said it would not sign. Norway's Foreign Ministry said the talks were over. "
        "Sweden urged Norway to return to the table."
    )
    found = _actors(text)
    assert "Norway's Foreign Ministry" not in found
    assert "Norway's Foreign Ministry" in found["Norway"].aliases


def test_a_graded_adjective_is_no_part_of_a_groups_name() -> None:
    found = agency.speaking_groups(["The staunchly secular military warned the cabinet."])
    assert found == ["military"]
