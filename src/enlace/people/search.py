"""Person search by name, CURP or A-number: accent-insensitive, typo-tolerant, any word order.

The public face is ``persons_rank`` (ranked, best first) and ``persons_after`` (the API's
pages by id), both over a scoped queryset; ``people.selectors`` applies the scope and writes
the read-audit.

How a name query works (ADR 0012):

- A *name key* on both sides: the full name upper-cased with Spanish accents and ñ folded
  (``name_key``; on PostgreSQL the SQL function ``enlace_name_key`` of migration 0005, with
  a trigram GIN index on it; on SQLite the same Python function, registered on each
  connection). Computed, never stored: the intake's COPY has nothing more to fill.
- The query goes through the name normalization of ``core.names`` (shared with identity
  resolution): ``name_plain``, particles dropped, ``Ma.``/``J.`` expanded, nicknames
  (Pancho → Francisco) as alternatives.
- Candidates on PostgreSQL, from the trigram index: every word in the key (``LIKE``); while
  too few, every word similar (``<%``); then all words but one similar. On SQLite
  (demo-sized data) every person in scope is scored in Python.
- Ranking, in Python on both: the same words as the name (any order), then all words
  found, then similar ones (Jaro-Winkler per word, or the same sound key), closest first.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache, reduce

import jellyfish
from django.db import connection
from django.db.models import BooleanField, CharField, F, FloatField, Func, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from .core.identifiers import InvalidIdentifier, a_number_normalize, curp_normalize
from .core.names import PARTICLES, given_parse, name_plain
from .core.phonetic import phonetic_key
from .models import IdentityDocument, Person

_NOT_LETTER = re.compile(r"[^A-Z]+")
_CURP_PREFIX = re.compile(r"^[A-Z]{4}\d{2}([0-9A-Z]{0,12})$")
WORD_SIMILAR = 0.85  # Jaro-Winkler between a query word and a name word: a typo, not a new name
MIN_WORD = 3
CANDIDATES = 500  # rows ranked in Python per stage on PostgreSQL


class MatchKind(IntEnum):
    """Why a person matched, best first when sorted in reverse."""

    SIMILAR = 1
    ALL_WORDS = 2
    EXACT = 3

    @property
    def label(self) -> str:
        return str(_MATCH_LABELS[self])


_MATCH_LABELS = {
    MatchKind.SIMILAR: _("Similar name"),
    MatchKind.ALL_WORDS: _("All words found"),
    MatchKind.EXACT: _("Exact"),
}


_FOLD = str.maketrans("áéíóúüñÁÉÍÓÚÜÑ", "aeiouunAEIOUUN")
_LOWER_ASCII = re.compile(r"[a-z]+")


TOO_SHORT = _(
    "Name, CURP or A-number: type at least three letters of a name, a CURP (or its first 10 "
    "characters) or an A-number."
)


def name_key(given: str | None, paternal: str | None, maternal: str | None) -> str:
    """The name the search compares: exactly what SQL ``enlace_name_key`` returns.

    Spanish accents and ñ folded, ASCII letters upper-cased; the rest stays (``words``
    splits it)."""
    text = " ".join((given or "", paternal or "", maternal or "")).translate(_FOLD)
    return _LOWER_ASCII.sub(lambda m: m.group().upper(), text)


def words(key: str) -> list[str]:
    """The comparable words of a name key: letters only, particles dropped."""
    return [w for w in _NOT_LETTER.split(key) if w and w not in PARTICLES]


class NameKey(Func):
    """``enlace_name_key(given_names, paternal_surname, maternal_surname)``: the indexed key."""

    function = "enlace_name_key"
    output_field = CharField()

    def __init__(self) -> None:
        super().__init__(F("given_names"), F("paternal_surname"), F("maternal_surname"))


class _Operator(Func):
    """``lhs <operator> rhs`` as a boolean expression (pg_trgm's operators)."""

    output_field = BooleanField()
    template = "(%(expressions)s)"


def _word_similar(text: str) -> _Operator:
    """``'text' <% key``: some extent of the key is trigram-similar to the text (PostgreSQL)."""
    return _Operator(Value(text), NameKey(), arg_joiner=" <%% ")


def _similarity(text: str) -> Func:
    """``similarity(key, 'text')``: trigrams shared by the whole key and the text."""
    return Func(NameKey(), Value(text), function="similarity", output_field=FloatField())


@dataclass(frozen=True)
class NameQuery:
    """A name query ready to compare: each word with its alternatives (nickname → names)."""

    groups: tuple[tuple[str, ...], ...]

    @property
    def text(self) -> str:
        """The query as the trigram index compares it: nicknames replaced by a name."""
        return " ".join(group[1] if len(group) > 1 else group[0] for group in self.groups)

    @property
    def searchable(self) -> bool:
        """At least one word of three letters: shorter ones give the index no trigram."""
        return any(len(group[0]) >= MIN_WORD for group in self.groups)


def name_query_parse(query: str) -> NameQuery:
    """Split a typed name into comparable words; ``Pancho`` also stands for ``FRANCISCO``."""
    groups: list[tuple[str, ...]] = []
    for word in name_plain(query).replace("-", " ").split():
        if word in PARTICLES:
            continue
        parsed = given_parse(word)
        groups.append(tuple(dict.fromkeys((word, *parsed.candidates))))
    return NameQuery(tuple(groups))


@dataclass(frozen=True)
class Match:
    kind: MatchKind
    similarity: float


@lru_cache(maxsize=100_000)
def _word_score(alternative: str, word: str) -> float:
    """1 equal, 0.95 contained (a prefix typed so far), else Jaro-Winkler, or 0.9 same sound."""
    if alternative == word:
        return 1.0
    if alternative in word:
        return 0.95
    # Below 0.95 whatever Jaro-Winkler says: 0.95 and up means "found as typed".
    similarity = min(jellyfish.jaro_winkler_similarity(alternative, word), 0.94)
    if similarity < WORD_SIMILAR and phonetic_key(alternative) == phonetic_key(word):
        return 0.9
    return similarity


def _group_score(group: tuple[str, ...], key: str, key_words: list[str]) -> float:
    best = max((_word_score(a, w) for a in group for w in key_words), default=0.0)
    if best < 0.95 and any(a in key for a in group):
        return 0.95  # across words: "DELACRUZ" typed for "DE LA CRUZ", as icontains did
    return best


def match_score(query: NameQuery, key: str) -> Match | None:
    """How well a person's name key matches the query, or None when it does not.

    The kind comes from the query's words alone; the similarity also counts the name's
    words the query left out, so "Jorge Hernández" ranks the two-word namesake first."""
    key_words = words(key)
    if not query.groups or not key_words:
        return None
    scores = [_group_score(group, key, key_words) for group in query.groups]
    if min(scores) < WORD_SIMILAR:
        return None
    alternatives = [a for group in query.groups for a in group]
    covered = [max(_word_score(a, w) for a in alternatives) for w in key_words]
    similarity = (sum(scores) + sum(covered)) / (len(scores) + len(covered))
    if min(scores) < 0.95:
        return Match(MatchKind.SIMILAR, similarity)
    exact = min(scores) == 1.0 and min(covered) == 1.0
    return Match(MatchKind.EXACT if exact else MatchKind.ALL_WORDS, similarity)


def _identifier_filter(query: str) -> Q | None:
    """Exact CURP or A-number (any holder's document); a CURP's first 6+ characters."""
    for normalize in (curp_normalize, a_number_normalize):
        try:
            number = normalize(query)
        except InvalidIdentifier:
            continue
        # Holders first (a few ids): ``curp = … OR id IN (subquery)`` would scan the table.
        holders = list(IdentityDocument.objects.filter(number=number).values_list("person_id"))
        return Q(curp=number) | Q(pk__in=[pk for (pk,) in holders])
    compact = query.replace(" ", "").upper()
    if _CURP_PREFIX.match(compact):
        # The range lets the CURP index serve the prefix whatever the collation's LIKE does.
        return Q(curp__gte=compact, curp__lte=compact + "Z" * (18 - len(compact))) & Q(
            curp__startswith=compact
        )
    return None


def _word_conditions(query: NameQuery, condition: Callable[[str], Q]) -> list[Q]:
    """One condition per query word of 3+ letters: the word or one of its alternatives."""
    return [
        reduce(operator.or_, (condition(a) for a in group))
        for group in query.groups
        if len(group[0]) >= MIN_WORD
    ]


def _each_word(query: NameQuery, condition: Callable[[str], Q]) -> Q:
    return reduce(operator.and_, _word_conditions(query, condition), Q())


def _all_but_one_similar(query: NameQuery) -> Q | None:
    """All words but any one similar: a short surname with a typo ("Rcha" for "Rocha") is
    too far for trigrams; Jaro-Winkler, in the ranking, still accepts it or not. Three
    words or more."""
    each = _word_conditions(query, lambda word: Q(_word_similar(word)))
    if len(each) < 3:
        return None  # one word alone finds thousands: "Adriana" for "Adriana Patiño"
    others = (reduce(operator.and_, each[:i] + each[i + 1 :]) for i in range(len(each)))
    return reduce(operator.or_, others)


def _all_words(query: NameQuery) -> Q:
    """Each word somewhere in the name key (``LIKE``, served by the trigram index)."""
    return _each_word(query, lambda word: Q(name_key__contains=word))


def _similar_words(query: NameQuery) -> Q:
    """Each word trigram-similar to a part of the name key (``<%``, same index)."""
    return _each_word(query, lambda word: Q(_word_similar(word)))


@dataclass(frozen=True)
class Hit:
    """A person found and why: ``kind`` None for an identifier match."""

    person: Person
    kind: MatchKind | None
    similarity: float


@dataclass(frozen=True)
class SearchResult:
    """Hits, best first; ``broad`` when more names matched than could be ranked; ``error``
    (translated) when the query cannot be searched."""

    hits: list[Hit]
    broad: bool = False
    error: str | None = None

    @property
    def persons(self) -> list[Person]:
        """The persons found, each with ``search_match``: why it matched (None: identifier)."""
        for hit in self.hits:
            hit.person.search_match = hit.kind  # type: ignore[attr-defined]
        return [hit.person for hit in self.hits]


Scored = dict[int, Match]  # person id → match


def _scored(rows: list[tuple[int, str]], query: NameQuery) -> Scored:
    scored = {}
    for pk, key in rows:
        match = match_score(query, key)
        if match is not None:
            scored[pk] = match
    return scored


def _in_scope(persons: QuerySet[Person], scored: Scored) -> Scored:
    inside = persons.filter(pk__in=list(scored)).order_by().values_list("pk", flat=True)
    return {pk: scored[pk] for pk in inside}


def _postgres_scored(persons: QuerySet[Person], query: NameQuery, limit: int) -> SearchResult:
    """Candidates from the trigram index over the whole table, then the scope (ADR 0012).

    At most ``CANDIDATES`` rows per stage and no ``ORDER BY``: the bitmap scan stops there,
    so "José" costs no more than a full name. The scope applies to those ids only (an index
    probe each): joined into the trigram query, it made PostgreSQL hash every encounter of
    the office. Then, while fewer than ``limit`` are found, every word similar (``<%``); if
    still none, all words but one similar. Those stages find few rows (each word must be
    near one of the name's), so ranking them by trigram similarity costs little next to the
    index's recheck."""
    table = Person.objects.annotate(name_key=NameKey()).order_by()
    found = list(table.filter(_all_words(query)).values_list("pk", "name_key")[:CANDIDATES])
    scored = _in_scope(persons, _scored(found, query))
    broad = len(found) >= CANDIDATES
    seen = [pk for pk, _ in found]
    stages = ((_similar_words(query), limit), (_all_but_one_similar(query), 1))
    for condition, enough in stages:
        if broad or condition is None or len(scored) >= enough:
            break
        similar = (
            table.filter(condition)
            .exclude(pk__in=seen)
            .annotate(similarity=_similarity(query.text))
            .order_by("-similarity")
            .values_list("pk", "name_key")[:CANDIDATES]
        )
        rows = list(similar)
        seen += [pk for pk, _ in rows]
        scored |= _in_scope(persons, _scored(rows, query))
    return SearchResult(_hits(persons, scored, limit), broad)


def _hits(persons: QuerySet[Person], scored: Scored, limit: int) -> list[Hit]:
    best = dict(sorted(scored.items(), key=lambda s: (-s[1].kind, -s[1].similarity, s[0]))[:limit])
    hits = [Hit(p, best[p.pk].kind, best[p.pk].similarity) for p in persons.filter(pk__in=best)]
    return sorted(hits, key=lambda h: (-(h.kind or 0), -h.similarity, h.person.pk))


def persons_rank(persons: QuerySet[Person], query: str, limit: int) -> SearchResult:
    """The best ``limit`` persons of ``persons`` (a scoped queryset) for the query."""
    identifier = _identifier_filter(query)
    if identifier is not None:
        rows = persons.filter(identifier).order_by("curp", "pk")[:limit]
        return SearchResult([Hit(person, None, 1.0) for person in rows])
    parsed = name_query_parse(query)
    if not parsed.searchable:
        return SearchResult([], error=str(TOO_SHORT))
    if connection.vendor == "postgresql":
        return _postgres_scored(persons, parsed, limit)
    # SQLite (demo-sized data): every person in scope, scored in Python.
    keys = persons.annotate(name_key=NameKey()).values_list("pk", "name_key")
    return SearchResult(_hits(persons, _scored(list(keys), parsed), limit))


def persons_after(persons: QuerySet[Person], query: str, limit: int, after_id: int) -> list[Person]:
    """Matching persons by id after ``after_id`` (the API's keyset pages; not ranked)."""
    persons = persons.filter(pk__gt=after_id).order_by("pk")
    identifier = _identifier_filter(query)
    if identifier is not None:
        return list(persons.filter(identifier)[:limit])
    parsed = name_query_parse(query)
    if not parsed.searchable:
        return []
    keyed = persons.annotate(name_key=NameKey())
    if connection.vendor == "postgresql":
        condition = _all_words(parsed) | _similar_words(parsed)
        # "+ 0": ordered by the primary key's index, the planner would walk the whole table
        # evaluating the name key row by row; this way the trigram index finds the rows.
        return list(keyed.filter(condition).order_by(F("pk") + 0)[:limit])
    rows = keyed.values_list("pk", "name_key")
    matching = [pk for pk, key in rows if match_score(parsed, key) is not None]
    return list(persons.filter(pk__in=matching[:limit]))
