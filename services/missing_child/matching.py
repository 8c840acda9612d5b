"""Matching missing against found children: pure functions and an in-memory index, no I/O.

Names arrive in Devanagari or in any Latin spelling. Each name is transliterated to Latin with the
table below (with Hindi schwa deletion, so "कमला" reads "kamla"), normalised (Mohd./Md. → mohammad),
and keyed phonetically with rules for how Hindi names are spelt in Latin letters (aspirates bh → b,
sh/s, v/w, aa/a, ee/i, oo/u, a dropped after the first letter), so "सुनीता", "Sunita" and "Suneeta"
share the key "sunit". Keys are only for finding candidates; the score compares spellings with
Jaro-Winkler.

Cost does not grow with the register: the index files every report under blocking keys
(side, sex, age band, name key) and (side, sex, age band, division), and a new report is scored only
against the reports that share one of its keys, with compatible sex and an adjacent age band.

The score is a weighted sum in [0, 1] with field-by-field reasons (`WEIGHTS`). A pair is excluded
outright when the sexes differ (girl/boy), when the child was found before going missing, or when
the ages, adjusted for the time between the reports, are further apart than `AGE_TOLERANCE_YEARS`.
A pair scoring `MATCH_THRESHOLD` or more is proposed to officers, at most `MAX_PROPOSALS` per report.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib.resources import files
from typing import Iterable

from rapidfuzz.distance import JaroWinkler

from contracts.missing_child import AgeBand, ReportKind, Sex
from contracts.reference import district as district_info

MATCH_THRESHOLD = 0.6
MAX_PROPOSALS = 10
WEIGHTS = {"name": 0.35, "marks": 0.20, "age": 0.15, "height": 0.10, "place": 0.10, "sex": 0.10}
# A field one side does not know: little evidence either way, less than a partial agreement.
UNKNOWN_EVIDENCE = 0.3
AGE_TOLERANCE_YEARS = 2.0  # a found child's age is an estimate
HEIGHT_TOLERANCE_CM = 10.0
GROWTH_CM_PER_MONTH = 0.6  # about 7 cm a year between 3 and 17
PLACE_SCORES = {"same_district": 1.0, "same_division": 0.6, "elsewhere": 0.2}
NICKNAME_SIMILARITY = 0.6  # "Raju" for "Rajesh": weak evidence
PET_NAME_SIMILARITY = 0.4  # "Munna" against any name: barely evidence
PHONETIC_SIMILARITY = 0.9
# Jaro-Winkler below this floor is a different name; above it, similarity rises to 1.
SPELLING_FLOOR = 0.85
YEAR_DAYS = 365.25

# Name parts so common that they tell children apart no better than chance: not used for blocking.
COMMON_NAME_PARTS = frozenset({"kumar", "kumari", "devi", "singh", "lal", "prasad", "bai", "ben", "baby"})
NAME_ALIASES = {"mohd": "mohammad", "md": "mohammad", "mohammed": "mohammad", "muhammad": "mohammad",
                "mohamad": "mohammad", "muhammed": "mohammad", "mohamed": "mohammad"}
TITLES = frozenset({"mr", "mrs", "ms", "miss", "master", "shri", "sri", "smt", "km", "kum"})
MARK_STOPWORDS = frozenset({"a", "an", "the", "on", "of", "in", "at", "near", "and", "with", "his", "her", "has",
                            "is", "ka", "ki", "ke", "par", "pe", "mein", "me", "aur", "hai", "se"})

# ------------------------------------------------------------------ Devanagari → Latin

_CONSONANTS = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n", "च": "ch", "छ": "chh", "ज": "j", "झ": "jh", "ञ": "n",
    "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh", "ण": "n", "त": "t", "थ": "th", "द": "d", "ध": "dh", "न": "n",
    "प": "p", "फ": "ph", "ब": "b", "भ": "bh", "म": "m", "य": "y", "र": "r", "ल": "l", "व": "v", "श": "sh",
    "ष": "sh", "स": "s", "ह": "h", "ळ": "l",
    "क़": "q", "ख़": "kh", "ग़": "g", "ज़": "z", "ड़": "r", "ढ़": "rh", "फ़": "f", "य़": "y",
}
_NUKTA = "\u093c"
_WITH_NUKTA = {"क": "क़", "ख": "ख़", "ग": "ग़", "ज": "ज़", "ड": "ड़", "ढ": "ढ़", "फ": "फ़", "य": "य़"}
_VOWELS = {"अ": "a", "आ": "a", "इ": "i", "ई": "i", "उ": "u", "ऊ": "u", "ऋ": "ri", "ए": "e", "ऐ": "ai",
           "ओ": "o", "औ": "au", "ऑ": "o", "ऍ": "e"}
_MATRAS = {"ा": "a", "ि": "i", "ी": "i", "ु": "u", "ू": "u", "ृ": "ri", "े": "e", "ै": "ai", "ो": "o",
           "ौ": "au", "ॉ": "o", "ॅ": "e"}
_VIRAMA = "\u094d"
_NASALS = {"ं", "ँ"}
_VISARGA = "ः"
_LABIALS = ("p", "b", "m")
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")


@dataclass
class _Syllable:
    consonants: list[str] = field(default_factory=list)
    vowel: str = ""
    inherent: bool = False  # the vowel is the consonant's inherent 'a'
    coda: str = ""  # anusvara or visarga
    open_cluster: bool = False  # ended by a virama: the next consonant joins the cluster


def transliterate(text: str) -> str:
    """Devanagari words to the Latin spelling most people would write; other characters pass."""
    if not _DEVANAGARI.search(text):
        return text
    return " ".join(_transliterate_word(word) for word in text.split())


def _transliterate_word(word: str) -> str:
    syllables: list[_Syllable] = []
    latin_tail = ""
    chars = list(word)
    i = 0
    while i < len(chars):
        char = chars[i]
        if i + 1 < len(chars) and chars[i + 1] == _NUKTA and char in _WITH_NUKTA:
            char = _WITH_NUKTA[char]
            i += 1
        if char in _CONSONANTS:
            if syllables and syllables[-1].open_cluster:
                last = syllables[-1]
                last.consonants.append(_CONSONANTS[char])
                last.vowel, last.inherent, last.open_cluster = "a", True, False
            else:
                syllables.append(_Syllable([_CONSONANTS[char]], "a", True))
        elif char == _VIRAMA and syllables:
            syllables[-1].vowel, syllables[-1].inherent, syllables[-1].open_cluster = "", False, True
        elif char in _MATRAS and syllables:
            syllables[-1].vowel, syllables[-1].inherent = _MATRAS[char], False
        elif char in _VOWELS:
            syllables.append(_Syllable([], _VOWELS[char]))
        elif char in _NASALS and syllables:
            syllables[-1].coda += "n"
        elif char == _VISARGA and syllables:
            syllables[-1].coda += "h"
        elif not _DEVANAGARI.match(char):
            latin_tail += char
        i += 1
    _delete_schwas(syllables)
    out = []
    for n, syllable in enumerate(syllables):
        coda = syllable.coda
        following = syllables[n + 1].consonants if n + 1 < len(syllables) else []
        if coda == "n" and following and following[0].startswith(_LABIALS):
            coda = "m"  # चंपा → champa
        out.append("".join(syllable.consonants) + syllable.vowel + coda)
    return "".join(out) + latin_tail


def _delete_schwas(syllables: list[_Syllable]) -> None:
    """Hindi drops the inherent 'a' at the end of a word (after a single consonant) and in
    V C a C V inside it (कमला → kamla, but मोहम्मद → mohammad, नरेन्द्र → narendra)."""
    if len(syllables) > 1:
        last = syllables[-1]
        if last.inherent and not last.coda and len(last.consonants) == 1:
            last.vowel, last.inherent = "", False
    i = len(syllables) - 2
    while i >= 1:
        here, after, before = syllables[i], syllables[i + 1], syllables[i - 1]
        if (here.inherent and not here.coda and len(here.consonants) == 1 and len(after.consonants) == 1
                and after.vowel and before.vowel):
            here.vowel, here.inherent = "", False
            i -= 2  # never two deletions side by side
        else:
            i -= 1


# ------------------------------------------------------------------ names and phonetic keys

_NOT_LETTERS = re.compile(r"[^a-z]+")
_DIGRAPHS = (("chh", "c"), ("ch", "c"), ("sh", "s"), ("ph", "f"), ("bh", "b"), ("dh", "d"), ("th", "t"),
             ("gh", "g"), ("jh", "j"), ("kh", "k"), ("ck", "k"), ("aa", "a"), ("ee", "i"), ("ii", "i"),
             ("oo", "u"), ("uu", "u"), ("w", "v"), ("z", "j"), ("q", "k"), ("x", "ks"))
_VOWEL_CLASS = {"a": "a", "e": "i", "i": "i", "o": "u", "u": "u"}


def name_tokens(name: str) -> list[str]:
    """'Mohd. Arif' → ['mohammad', 'arif']; 'सुनीता देवी' → ['sunita', 'devi']."""
    words = _NOT_LETTERS.split(transliterate(name).lower())
    return [NAME_ALIASES.get(word, word) for word in words if word and word not in TITLES]


@lru_cache(maxsize=100_000)
def phonetic_key(token: str) -> str:
    """A key that spelling variants of one Hindi name share: digraphs and long vowels collapsed,
    e/i and o/u merged, 'a' dropped after the first letter, doubled letters single."""
    text = token
    for digraph, single in _DIGRAPHS:
        text = text.replace(digraph, single)
    if not text:
        return ""
    key = [_VOWEL_CLASS.get(text[0], text[0])]
    for char in text[1:]:
        if char == "a":
            continue
        char = _VOWEL_CLASS.get(char, char)
        if char != key[-1]:
            key.append(char)
    return "".join(key)


def _load_nicknames() -> dict[str, frozenset[str]]:
    raw = json.loads(files(__package__).joinpath("nicknames.json").read_text(encoding="utf-8"))
    return {phonetic_key(nick): frozenset(phonetic_key(name) for name in names)
            for nick, names in raw.items() if not nick.startswith("_")}


NICKNAMES = _load_nicknames()  # {key of the pet name: keys of the names it shortens}


@lru_cache(maxsize=200_000)
def token_similarity(a: str, b: str) -> tuple[float, str]:
    """How alike two name tokens are, in [0, 1], and on what evidence."""
    if a == b:
        return 1.0, "same spelling"
    key_a, key_b = phonetic_key(a), phonetic_key(b)
    spelling = JaroWinkler.similarity(a, b)
    if key_a == key_b:
        return max(PHONETIC_SIMILARITY, spelling), "same phonetic key"
    if key_b in NICKNAMES.get(key_a, ()) or key_a in NICKNAMES.get(key_b, ()):
        return NICKNAME_SIMILARITY, "nickname of the other name"
    if key_a in NICKNAMES or key_b in NICKNAMES:
        return PET_NAME_SIMILARITY, "pet name only"
    return max(0.0, (spelling - SPELLING_FLOOR) / (1 - SPELLING_FLOOR)), "similar spelling"


# ------------------------------------------------------------------ profiles


def age_band(years: float) -> AgeBand:
    if years < 6:
        return AgeBand.UNDER_6
    if years < 12:
        return AgeBand.FROM_6
    if years < 15:
        return AgeBand.FROM_12
    return AgeBand.FROM_15


_BANDS = list(AgeBand)


@dataclass(frozen=True, slots=True)
class ChildProfile:
    """What matching knows of one report (built inside the service from the opened sealed data)."""

    report_id: str
    kind: ReportKind
    person_ref: str
    sex: Sex
    age_low: float  # years, at `seen_at`
    age_high: float
    seen_at: datetime  # last seen (missing) or found
    district: str
    height_cm: float | None = None
    names: tuple[tuple[str, ...], ...] = ()  # tokens of each name (the name, then other names)
    marks: frozenset[str] = frozenset()
    division: str = ""
    band: AgeBand = AgeBand.UNDER_6
    keys: frozenset[str] = frozenset()  # blocking keys of the names, pet names resolved

    @property
    def tokens(self) -> list[str]:
        return [token for name in self.names for token in name]

    @property
    def strongly_named(self) -> bool:
        """A name that is not only pet names (a 'Munna' alone says little)."""
        return any(phonetic_key(t) not in NICKNAMES or NICKNAMES[phonetic_key(t)] for t in self.tokens)


def profile(*, report_id: str, kind: ReportKind | str, person_ref: str, sex: Sex | str, age_low: float,
            age_high: float, seen_at: datetime, district: str, height_cm: float | None = None,
            names: Iterable[str] = (), marks: str | None = None) -> ChildProfile:
    tokenised = tuple(tokens for tokens in (tuple(name_tokens(name)) for name in names if name) if tokens)
    keys = set()
    for token in (t for tokens in tokenised for t in tokens):
        if token in COMMON_NAME_PARTS:
            continue
        key = phonetic_key(token)
        keys.add(key)
        keys.update(NICKNAMES.get(key, ()))
    return ChildProfile(
        report_id=report_id, kind=ReportKind(kind), person_ref=person_ref, sex=Sex(sex),
        age_low=age_low, age_high=age_high, seen_at=seen_at, district=district, height_cm=height_cm,
        names=tokenised, marks=mark_tokens(marks), division=district_info(district).division,
        band=age_band((age_low + age_high) / 2), keys=frozenset(keys),
    )


def mark_tokens(marks: str | None) -> frozenset[str]:
    if not marks:
        return frozenset()
    words = _NOT_LETTERS.split(transliterate(marks).lower())
    return frozenset(word.rstrip("s") if len(word) > 3 else word for word in words
                     if word and word not in MARK_STOPWORDS)


# ------------------------------------------------------------------ scoring


@dataclass(frozen=True)
class MatchScore:
    score: float
    reasons: tuple[dict, ...] = ()  # {"field", "score", "weight", "why"}; never a name or a mark
    excluded: str | None = None  # the rule that rules the pair out

    @property
    def field_scores(self) -> dict[str, float]:
        return {reason["field"]: reason["score"] for reason in self.reasons}


def score(missing: ChildProfile, found: ChildProfile) -> MatchScore:
    """How likely the found child is the missing child, field by field."""
    if found.seen_at < missing.seen_at:
        return MatchScore(0.0, excluded="found_before_missing")
    sex = _sex(missing.sex, found.sex)
    if sex is None:
        return MatchScore(0.0, excluded="sex")
    elapsed_years = (found.seen_at - missing.seen_at).total_seconds() / 86400 / YEAR_DAYS
    age = _age(missing, found, elapsed_years)
    if age is None:
        return MatchScore(0.0, excluded="age")
    fields = {
        "name": _names(missing, found),
        "marks": _marks(missing.marks, found.marks),
        "age": age,
        "height": _height(missing.height_cm, found.height_cm, elapsed_years * 12),
        "place": _place(missing, found),
        "sex": sex,
    }
    reasons = tuple({"field": name, "score": round(value, 3), "weight": WEIGHTS[name], "why": why}
                    for name, (value, why) in fields.items())
    return MatchScore(round(sum(WEIGHTS[name] * value for name, (value, _) in fields.items()), 4), reasons)


def _sex(a: Sex, b: Sex) -> tuple[float, str] | None:
    if a is b and a is not Sex.UNKNOWN:
        return 1.0, "same"
    if {a, b} == {Sex.GIRL, Sex.BOY}:
        return None
    return 0.5, "not known on one side, or transgender"


def _age(missing: ChildProfile, found: ChildProfile, elapsed_years: float) -> tuple[float, str] | None:
    low, high = missing.age_low + elapsed_years, missing.age_high + elapsed_years
    gap = max(0.0, found.age_low - high, low - found.age_high)
    if gap > AGE_TOLERANCE_YEARS:
        return None
    if gap == 0:
        return 1.0, "age ranges overlap, allowing for the time between the reports"
    return 1.0 - gap / AGE_TOLERANCE_YEARS / 2, f"age ranges {gap:.1f} years apart"


def _height(missing_cm: float | None, found_cm: float | None, months: float) -> tuple[float, str]:
    if missing_cm is None or found_cm is None:
        return UNKNOWN_EVIDENCE, "height not known on one side"
    grown = missing_cm + GROWTH_CM_PER_MONTH * months
    off = max(0.0, missing_cm - found_cm, found_cm - grown)  # children do not shrink
    return max(0.0, 1.0 - off / HEIGHT_TOLERANCE_CM), f"{off:.0f} cm outside the expected height"


def _marks(a: frozenset[str], b: frozenset[str]) -> tuple[float, str]:
    if not a or not b:
        return UNKNOWN_EVIDENCE, "identifying marks not known on one side"
    shared = len(a & b) / min(len(a), len(b))
    return shared, f"{shared:.0%} of the words describing identifying marks agree"


def _place(missing: ChildProfile, found: ChildProfile) -> tuple[float, str]:
    if missing.district == found.district:
        where = "same_district"
    elif missing.division == found.division:
        where = "same_division"
    else:
        where = "elsewhere"
    return PLACE_SCORES[where], where.replace("_", " ")


def _names(a: ChildProfile, b: ChildProfile) -> tuple[float, str]:
    """The given names (first word of each name) must agree with some word on the other side;
    the other words add a little. Different names count against; an unknown name is neutral."""
    if not a.names or not b.names:
        return UNKNOWN_EVIDENCE, "no name on one side"
    given_a, given_b = [n[0] for n in a.names], [n[0] for n in b.names]
    tokens_a, tokens_b = a.tokens, b.tokens
    given_score, why = max((token_similarity(x, y) for x, y in
                            [*((g, t) for g in given_a for t in tokens_b), *((t, g) for t in tokens_a for g in given_b)]),
                           key=lambda result: result[0])
    shorter, longer = sorted((tokens_a, tokens_b), key=len)
    rest = sum(max(token_similarity(x, y)[0] for y in longer) for x in shorter) / len(shorter)
    return 0.6 * given_score + 0.4 * rest, why if given_score > 0 else "different names"


# ------------------------------------------------------------------ the index


def _compatible_sexes(sex: Sex) -> tuple[Sex, ...]:
    if sex in (Sex.UNKNOWN, Sex.TRANSGENDER):
        return tuple(Sex)
    return sex, Sex.TRANSGENDER, Sex.UNKNOWN


def _adjacent_bands(band: AgeBand) -> list[AgeBand]:
    i = _BANDS.index(band)
    return _BANDS[max(0, i - 1): i + 2]


class MatchingIndex:
    """The open reports of both sides, filed under blocking keys."""

    def __init__(self):
        self.profiles: dict[str, ChildProfile] = {}
        self._blocks: dict[tuple, set[str]] = {}

    def __len__(self) -> int:
        return len(self.profiles)

    def add(self, child: ChildProfile) -> None:
        self.remove(child.report_id)
        self.profiles[child.report_id] = child
        for block in self._blocks_of(child):
            self._blocks.setdefault(block, set()).add(child.report_id)

    def remove(self, report_id: str) -> None:
        child = self.profiles.pop(report_id, None)
        if child is None:
            return
        for block in self._blocks_of(child):
            members = self._blocks.get(block)
            if members is not None:
                members.discard(report_id)
                if not members:
                    del self._blocks[block]

    @staticmethod
    def _blocks_of(child: ChildProfile) -> list[tuple]:
        side = (child.kind, child.sex, child.band)
        blocks = [("name", *side, key) for key in child.keys]
        blocks.append(("place", *side, child.division))
        if not child.strongly_named:
            blocks.append(("unnamed", *side, child.division))
        return blocks

    def candidates(self, child: ChildProfile) -> set[str]:
        """Reports of the other side sharing a block with `child`: a name key, or for a child
        without a (real) name, the division."""
        other = ReportKind.FOUND if child.kind is ReportKind.MISSING else ReportKind.MISSING
        found: set[str] = set()
        for sex in _compatible_sexes(child.sex):
            for band in _adjacent_bands(child.band):
                side = (other, sex, band)
                if child.strongly_named:
                    for key in child.keys:
                        found |= self._blocks.get(("name", *side, key), set())
                    found |= self._blocks.get(("unnamed", *side, child.division), set())
                else:
                    found |= self._blocks.get(("place", *side, child.division), set())
        return found

    def best_matches(self, child: ChildProfile, threshold: float = MATCH_THRESHOLD,
                     limit: int | None = MAX_PROPOSALS) -> list[tuple[ChildProfile, MatchScore]]:
        """The other side's reports scoring at least `threshold`, best first, at most `limit` (None: all)."""
        results = []
        for report_id in self.candidates(child):
            other = self.profiles[report_id]
            pair = (child, other) if child.kind is ReportKind.MISSING else (other, child)
            result = score(*pair)
            if result.excluded is None and result.score >= threshold:
                results.append((other, result))
        results.sort(key=lambda item: (-item[1].score, item[0].report_id))
        return results[:limit]
