"""The words and patterns the cues look for: titles, organisation words, reporting verbs.

Pure data, kept apart from the logic in ``names.py`` and ``cues.py`` so the lists can be
read and extended in one place.
"""

from __future__ import annotations

import re

TITLES = (
    r"President|Vice[- ]President|Prime Minister|Deputy Prime Minister|Foreign Minister|"
    r"Finance Minister|Defen[cs]e Minister|Interior Minister|Justice Minister|Minister|"
    r"Secretary[- ]General|Secretary|Chancellor|Mayor|Deputy Mayor|Governor|Senator|"
    r"Councillor|Councilor|Commissioner|Ambassador|Envoy|Judge|Justice|General|Admiral|"
    r"Chief Executive|CEO|Chairman|Chairwoman|Chair|Director|Dr|Mr|Mrs|Ms|Professor|Prof|"
    r"King|Queen|Prince|Sheikh|Rev|Bishop|Archbishop|Cardinal|Pope|Leader|Spokesman|"
    r"Spokeswoman|Negotiator|Speaker(?:-elect)?|Premier|Rep|Sen|Gov|Col|Lt|Gen|Maj|Capt|Captain|Sgt|"
    r"Attorney General|Prosecutor|Officer|Lawmaker|Congressman|Congresswoman|Dissident"
)
PARTICLES = r"de|van|von|al|bin|da|du|der|la|le|ben|el|dos|di|del"
NAME_WORD = (
    r"(?:Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|O'[A-Z][a-z]+|[A-Z][a-z]+(?:-[A-Za-z][a-z]+)*|"
    r"[A-Z]{2,}(?:-[A-Z]+)?|(?:[A-Z]\.){1,3}(?=\s))"
)
CONNECT = rf"(?:\s+(?:of|for|and|the|{PARTICLES})\s+|\s+|'s?\s+|-)"
CAP_RUN = re.compile(rf"\b{NAME_WORD}(?:{CONNECT}{NAME_WORD})*")
TITLED = re.compile(
    rf"\b((?:(?:[A-Z][\w.-]*|special|former|deputy|chief)\s+)?(?i:{TITLES}))\.?\s+"
    rf"({NAME_WORD}(?:\s+(?:(?:{PARTICLES})\s+)?{NAME_WORD}){{0,3}})"
)
TITLE_WORDS = frozenset(
    w.lower() for w in re.split(r"[|\s()?:\[\]\\-]+", TITLES.replace("(?:-elect)?", "")) if w
) | {"former", "acting", "elect", "deputy", "vice", "chief", "u.s.", "sen.", "rep.", "gov."}
# A capitalised run ending in one of these is a place, a thing or an event, not a party.
NOT_PARTY_HEADS = frozenset(
    """
    strip bank peninsula canal river hill hills island islands mountains valley airport
    street square province region sea gulf bay coast desert lake mosque museum armory
    stadium hotel east west north south africa america asia europe prize war covenant act
    day treaty accord agreement declaration explorer web internet times journal news post
    press agency radio television tv herald tribune daily gazette broadcasting channel
    monument one time evil
    """.split()
)
MEDIA_WORDS = frozenset(
    "times journal news post press agency radio television tv herald tribune daily gazette "
    "broadcasting channel newspaper magazine reuters".split()
)
# Demonym + these words speak for the country: "Turkish officials", "the Portuguese delegation".
OFFICIAL_NOUNS = (
    r"officials?|authorities|government|delegation|negotiators?|leaders|diplomats?|police|"
    r"military|army|troops|forces|ministry|spokesman|spokeswoman|officers?|prosecutors?|"
    r"court|side"
)
PRONOUN_START = re.compile(r"^[\"']?(?:He|She|They|It|We)\b")

ORG_WORDS = frozenset(
    """
    union company corp corporation group association federation alliance bank agency
    league front board inc ltd plc holdings partners industries party movement coalition
    institute foundation trust fund society network council committee commission court
    tribunal forum confederation chamber organisation organization airlines airways
    energy motors capital media news
    """.split()
)
GOV_WORDS = frozenset(
    """
    ministry government cabinet parliament administration department senate congress
    assembly authority office treasury presidency municipality police army navy
    executive house
    """.split()
)
COUNTRY_PREFIX = re.compile(r"^(?:Republic|Kingdom|Federation|State|Union|Emirate)s? of ")
GROUP_NOUNS = (
    r"residents|protesters|campaigners|workers|strikers|farmers|fishermen|nurses|teachers|"
    r"doctors|drivers|shareholders|investors|activists|rebels|villagers|tenants|parents|"
    r"students|pilots|miners|dockworkers|opposition|unions|whites|blacks|supporters|"
    r"analysts|dissidents|demonstrators|lawmakers|legislators|voters|critics|guerrillas|"
    r"opposition parties|militants|settlers|refugees|employees"
)
GROUP_RE = re.compile(
    rf"\b(?:(?:[Ll]ocal|[Ss]triking|[Mm]any|[Ss]ome|[Tt]wo|[Tt]hree|[Oo]pposition|[Ii]ndustry|"
    rf"[Cc]ongressional|[Mm]ost|[Oo]ther) )?(?:{GROUP_NOUNS})\b"
)
STOP_NAMES = frozenset(
    """
    the a an but and or if in on at by for with as it its this that these those he she
    they we i you his her their our there here when while after before monday tuesday
    wednesday thursday friday saturday sunday january february march april may june july
    august september october november december today yesterday tomorrow last next
    however meanwhile although despite under according asked speaking earlier later now
    then both all one two three more most many some no not so what who why how where
    which read share advert topics sign click related image photo ignore system output
    assistant user json note update neither nor even like since during other unlike until
    until unless though once also just only still instead perhaps born forms invades
    mr mrs ms dr in-depth new
    """.split()
)

REPORTING = re.compile(
    r"\b(?:said|says|told|tells|argued|argues|insisted|insists|warned|warns|added|stated|"
    r"claimed|claims|maintained|maintains|denied|denies|rejected|rejects|accused|accuses|"
    r"described|believes|believed|countered|acknowledged|admitted|noted|stressed|vowed|"
    r"pledged|promised|threatened|announced|confirmed|dismissed|criticised|criticized|"
    r"welcomed|opposes|opposed|supports|backed|backs|according to|wrote|signalled|signaled)\b",
    re.IGNORECASE,
)
DEMAND = re.compile(
    r"\b(?:demand(?:s|ed|ing)?|call(?:s|ed|ing)? (?:on|for|upon)|urg(?:e|es|ed|ing)|"
    r"insist(?:s|ed)? (?:that|on)|want(?:s|ed)? (?:\w+ )?to|ask(?:s|ed)? (?:\w+ )?to|"
    r"requir(?:e|es|ed)|must|should|needs? to|press(?:es|ed|ing)? for|push(?:es|ed|ing)? for|"
    r"seek(?:s|ing)?|sought|appeal(?:s|ed)? (?:to|for)|ultimatum|unless|in return for|"
    r"on condition|as long as)\b",
    re.IGNORECASE,
)
QUESTION = re.compile(
    r"\?|\b(?:unclear|remains to be seen|not yet|(?:has|have|had) not (?:yet )?(?:said|decided|"
    r"confirmed|explained|announced)|unknown|uncertain|undecided|open question|no decision|"
    r"it is not known|yet to (?:decide|say|confirm|announce)|whether)\b",
    re.IGNORECASE,
)
# Sentences that address a model rather than report news. Besides "ignore your
# instructions", "SYSTEM:", planted JSON and "reveal your API key", this also catches
# chat-template tokens (<|im_start|>, [INST], <<SYS>>), "disregard the article/this
# text", and an imperative "(and) list/add/include X as an actor/the negotiator" at the
# start of a sentence or clause (reporting prose says "listed"/"added", so it is spared).
INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.\n]{0,40}\b(?:instruction|prompt|rule|"
    r"previous|above|directions)s?\b|\b(?:system|assistant|developer)\s*(?:prompt)?\s*:|"
    r"\byou are now\b|\bdebug mode\b|\bnew instructions?\b|\bapi[ _-]?key\b|"
    r"\b(?:output|print|reveal|respond with|return) (?:the|your|only|a)\b[^.\n]{0,30}"
    r"\b(?:brief|summary|json|key|prompt|instructions)\b|[{\[]\s*\"[a-z_]+\"\s*:|"
    r"<\|(?:im_start|im_end|system|user|assistant|endoftext)\|>|\[/?INST\]|<</?SYS>>|"
    r"\b(?:ignore|disregard|forget)\s+(?:the|this|that)\s+(?:article|text)\b|"
    r"(?:^|\band\s+|[:;]\s*)(?:list|add|include|name|treat|mark)\s+[^.\n]{1,60}?\s+as\s+"
    r"(?:an?|the|its|only)\s+(?:[a-z]+\s+)?(?:actor|party|parties|negotiator|speaker)s?\b",
    re.IGNORECASE,
)
SPOKES = re.compile(
    r"\b(?:a |the )?(?:spokes(?:man|woman|person)|representative|official|aide|lawyer|"
    r"negotiator)s? (?:for|of|at) (?:the )?",
    re.IGNORECASE,
)
QUOTED = re.compile(r"\"([^\"]{12,})\"")


CLAUSE_AFTER = re.compile(
    r"\b(?:said|says|told reporters|argued|insisted|warned|claimed|stated|added|believes|"
    r"maintained|denied|demanded|urged|called on|called for|wants?|asked)\b(?: that)?\s+",
    re.IGNORECASE,
)
ATTRIBUTION_TAIL = re.compile(
    r",?\s*[\"']?,?\s*(?:\w+\s){0,5}(?:said|says|told \w+|added)\b[^.]*[.]?$"
)


# Words merge.py ignores when it compares two claims for duplicates.
MERGE_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "our",
        "not",
        "no",
        "said",
        "says",
        "told",
        "would",
        "will",
        "could",
        "should",
        "may",
        "might",
        "must",
        "also",
        "than",
        "then",
        "there",
        "which",
        "who",
        "what",
        "when",
    ]
)


# Words `eval draft` never picks as a key term.
KEY_TERM_STOPWORDS = frozenset(
    "that this with from have will would should could their there they them were been "
    "said says about into over than then what when which while also such only more most "
    "very must other after before under again".split()
)


# Common English function words (and "said", ubiquitous in news copy): ingest's
# language check counts them.
ENGLISH_FUNCTION_WORDS = frozenset(
    """
the and of to a in is that said for on was with he it as by at his her from be has
have had are were this an not but they their which who will would its after about
been more than also or one she we there when up out over into could what if no so
them our you i can
""".split()
)


# reconcile/: function words and reporting verbs that say nothing about what a sentence is
# about; negation and hedges (a forecast or a condition is not a fact).
RECONCILE_STOPWORDS = frozenset(
    """
    a an the and or but of to in on at by for with from as is are was were be been being
    has have had do does did it its this that these those he she they we i you his her
    their our them him us not no said says say told tell would will could should may
    might must also than then there which who whom what when where while about after
    before into over under more most some any all other such only just very can cannot
    than said mr mrs ms one two three new year years week day monday tuesday wednesday
    thursday friday saturday sunday per cent percent
    """.split()
)
RECONCILE_NEGATION = re.compile(
    r"n't\b|\b(?:not|no|never|neither|nor|den(?:y|ies|ied|ial)|refus(?:e|es|ed)|"
    r"reject(?:s|ed)?|false|untrue|dismiss(?:es|ed)?)\b",
    re.IGNORECASE,
)
RECONCILE_HEDGE = re.compile(
    r"\b(?:could|would|might|may|expect(?:s|ed)?|forecasts?|predict(?:s|ed)?|estimat(?:e|es|ed)|"
    r"projects?|projected|up to|as (?:much|many) as|between|range|if|should|perhaps|maybe|"
    r"possibly|likely|unless)\b",
    re.IGNORECASE,
)


# --- verbs and nouns the parse-based reports read (clauses.py, demands.py) -------------
# Verbs whose clausal complement is what the speaker says.
SAY_VERBS = frozenset(
    """
    say tell add state declare insist argue warn claim maintain note stress explain
    acknowledge admit contend assert announce confirm write predict concede complain
    charge believe suggest indicate reply respond reiterate recall counter hope fear
    think allege report estimate emphasize emphasise testify caution quote inform assure
    """.split()
)
# Verbs whose complements are the stance: "rejected the plan", "vowed to stay on".
STANCE_VERBS = frozenset(
    """
    deny reject accuse criticize criticise blame welcome condemn dismiss defend question
    support oppose back praise refuse dispute protest object offer propose retract
    approve decline accept endorse congratulate regret favor favour boycott veto resist
    vow pledge promise threaten agree refute challenge disavow applaud recognize
    recognise advocate decry denounce deplore slam
    """.split()
)
REPORTING_VERBS = SAY_VERBS | STANCE_VERBS | frozenset("call demand urge ask seek appeal".split())
# Stance verbs that take a stance only with an infinitive: "offered to", "agreed to".
ONLY_TO_VERBS = frozenset("offer agree".split())
# "urged X to VP": the object is asked to act.
ASK_TO_VERBS = frozenset("urge ask press appeal push order pressure implore beg".split())
# "called for N", "demanded N", "sought N": the noun phrase is the demand.
ASK_FOR_VERBS = frozenset("demand request seek want apply".split())
# Verbs that take their demand through a preposition: "called for", "appealed for".
VIA_PREPOSITIONS = {
    "call": ("for", "on", "upon"),
    "appeal": ("for", "to"),
    "apply": ("for",),
    "press": ("for",),
    "push": ("for",),
    "ask": ("for",),
    "insist": ("on",),
    "chant": ("for",),
    "clamor": ("for",),
    "clamour": ("for",),
    "campaign": ("for",),
    "lobby": ("for",),
    "petition": ("for",),
    "plead": ("for",),
}
# "voiced suspicions that ...", "expressed fears that ...": the noun's clause is the stance.
VOICE_VERBS = frozenset("voice express raise air share reiterate register".split())
STANCE_NOUNS = frozenset(
    """
    suspicion fear concern hope belief doubt confidence optimism regret worry conviction
    view opinion claim assurance
    """.split()
)
# "X's spokesman said" speaks for X; "X's colleagues said" does not.
NOT_OWNER_NOUNS = frozenset(
    """
    colleague ally critic supporter opponent rival friend enemy detractor backer follower
    admirer neighbour neighbor victim accuser challenger
    """.split()
)
# "lodged a no-confidence motion against X": a formal demand, addressed to X.
LODGE_VERBS = frozenset("lodge file submit table present introduce renew repeat issue".split())
DEMAND_NOUNS = frozenset(
    """
    motion complaint request application petition appeal suit lawsuit demand ultimatum
    call plea pressure bid
    """.split()
)

# "warned X (not) to VP", "told X to VP": X is asked to act.
WARN_TO_VERBS = frozenset("warn tell caution advise".split())


# Verbs that put pressure or a call on someone: "stepped up the pressure", "renewed its call".
EXERT_VERBS = frozenset(
    "step increase renew intensify keep maintain put exert mount repeat".split()
)

# "a spokesman for X", "X's foreign minister", "officials of X": the noun speaks for its
# owner, so a report by it is X's. Any other noun does not ("an expert for X's panel",
# "X's news agency", "some in X", "a court in X" are not X speaking).
MOUTHPIECE_NOUNS = frozenset(
    """
    spokesman spokeswoman spokesperson spokespeople official representative aide lawyer
    attorney negotiator envoy ambassador minister ministry leader president premier chief
    head secretary chairman chairwoman chair director delegation delegate government
    authority police statement source diplomat officer prosecutor army military
    administration office camp campaign team
    """.split()
)
