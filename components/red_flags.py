"""Finds warning signs (red flags) in a German message.

The terms live in `red_flags.yml`, which practice staff maintain; this module
only knows how to match them. Matching works on tokens and their lemmas after
umlaut folding, so inflections ("gelähmt"), compounds ("Beinlähmung"), missing
umlauts ("Laehmung") and small typos ("Lämung") are found, while negated
mentions ("kein Fieber") and general questions ("Welche Warnzeichen gibt es?")
are not.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

import yaml

from components.normalize import OneTypoIndex, fold_umlauts

RED_FLAGS_FILE = Path(__file__).resolve().parent.parent / "red_flags.yml"
# Urgency tiers: call 112 now, or see a doctor today.
EMERGENCY = "notfall"
URGENT = "dringend"
TIERS = (EMERGENCY, URGENT)

# Words in a near-phrase must lie within this many tokens of each other.
PHRASE_WINDOW = 7
# A negation word negates the warning sign right after it ("kein starkes Fieber")
# and, across a list, a little further ("keine Lähmungen oder Taubheit").
NEGATION_REACH = 2
LIST_NEGATION_REACH = 4
LIST_WORDS = {"oder", "und", "noch", "bzw", ",", "/"}
# "Fieber habe ich keins": a negation closing the clause this many tokens after the sign.
TRAILING_NEGATION_REACH = 6
# "Das Kribbeln im Bein ist seit der OP komplett verschwunden."
ALL_CLEAR_REACH = 8
# "Kribbeln in den Beinen? Nö.": the sign stands this close before the question mark.
QUESTION_REACH = 4
DASHES = {"-", "–"}
# A sentence that reports what the writer read ("Ich habe gelesen, dass taube
# Beine gefährlich sind, stimmt das?") is not about the writer, when it asks.
HEARSAY_MARKERS = {"gelesen", "gehoert", "artikel", "ratgeber", "internet", "gegoogelt"}

# Tokens that end the reach of a negation (list words excepted, see above).
CLAUSE_BREAKS = {
    ".",
    ",",
    ";",
    "!",
    "?",
    ":",
    "(",
    ")",
    "-",
    "–",
    "aber",
    "sondern",
    "jedoch",
    "doch",
    "allerdings",
    "trotzdem",
    "nur",
    "dafuer",
    "ausser",
    "weil",
    "warum",
    "wieso",
    "ob",
    "dass",
    "wenn",
    "obwohl",
    "seit",
    "seitdem",
    "als",
    "denn",
    "und",
    "sowie",
}
# Phrases, general questions and trailing negations stay within a sentence.
SENTENCE_BREAKS = {".", "!", "?", ";"}

QUESTION_STARTS = {
    "welche",
    "welcher",
    "welches",
    "welchen",
    "was",
    "woran",
    "wann",
    "wie",
    "wo",
    "warum",
    "wieso",
    "weshalb",
    "wodurch",
    "wozu",
    "kann",
    "koennen",
    "ist",
    "sind",
    "gibt",
    "sollte",
    "sollten",
    "muss",
    "muessen",
    "darf",
    "bedeutet",
    "heisst",
}
# Words that tie a question to the writer's own situation (folded spelling).
PERSONAL_MARKERS = {
    "ich",
    "mir",
    "mich",
    "mein",
    "meine",
    "meinen",
    "meinem",
    "meiner",
    "meines",
    "wir",
    "uns",
    "unser",
    "unsere",
    "seit",
    "gestern",
    "heute",
    "ploetzlich",
    "jetzt",
    "gerade",
    "er",
    "sie",
    "ihm",
    "ihr",
    "hab",
    "habe",
    "hatte",
}


@dataclass(frozen=True)
class Token:
    text: str
    lemma: str

    @property
    def forms(self) -> Tuple[str, str]:
        return fold_umlauts(self.text), fold_umlauts(self.lemma or self.text)


@dataclass(frozen=True)
class RedFlagMatch:
    category: str
    name: str
    start: int  # index of the first matched token
    end: int  # index after the last matched token
    trigger: str = ""  # the word or phrase of red_flags.yml that matched, for the logs


@dataclass
class Phrase:
    """Groups of alternative words; `parts` are near-phrases joined by " + "."""

    parts: List[List[Set[str]]]
    source: str


@dataclass
class Category:
    key: str
    name: str
    tier: str  # "notfall" or "dringend": the least urgency of this group
    words: Set[str]
    phrases: List[Phrase] = field(default_factory=list)
    # A history of it counts however long ago (a cancer): "früher" does not end it.
    history_counts: bool = False


class RedFlagFileError(ValueError):
    pass


def _terms(text: str) -> Set[str]:
    return {fold_umlauts(t.strip()) for t in str(text).split("/") if t.strip()}


# Colloquial spellings that a phrase accepts wherever it names the standard word.
COLLOQUIAL = {"nicht": {"nich", "net", "ned"}, "nichts": {"nix"}}


def _parse_phrase(line: str) -> Phrase:
    parts = []
    for part in str(line).split(" + "):
        groups = [_terms(group) for group in part.split()]
        for group in groups:
            for word, variants in COLLOQUIAL.items():
                if word in group:
                    group |= variants
        if groups:
            parts.append(groups)
    return Phrase(parts=parts, source=str(line))


def load_red_flag_config(path: Path = RED_FLAGS_FILE) -> dict:
    """Reads red_flags.yml and checks its shape, with German errors for staff."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise RedFlagFileError(f"{path}: die Datei ist kein gültiges YAML: {error}")
    if not isinstance(data, dict) or not isinstance(data.get("gruppen"), dict):
        raise RedFlagFileError(f"{path}: es fehlt der Abschnitt 'gruppen'.")
    for key, group in data["gruppen"].items():
        if not isinstance(group, dict) or not group.get("name"):
            raise RedFlagFileError(f"{path}: die Gruppe '{key}' braucht einen 'name'.")
        if not group.get("woerter") and not group.get("wendungen"):
            raise RedFlagFileError(
                f"{path}: die Gruppe '{key}' braucht 'woerter' oder 'wendungen'."
            )
        if group.get("dringlichkeit") not in TIERS:
            raise RedFlagFileError(
                f"{path}: die Gruppe '{key}' braucht 'dringlichkeit: notfall' "
                "oder 'dringlichkeit: dringend'."
            )
        if group.get("vorgeschichte_zaehlt", False) not in (True, False):
            raise RedFlagFileError(
                f"{path}: bei der Gruppe '{key}' steht 'vorgeschichte_zaehlt' nur mit "
                "'true' oder 'false'."
            )
    return data


def group_names(config: dict) -> Dict[str, str]:
    """Plain German names of the groups, for the patient."""
    return {key: group["name"] for key, group in config["gruppen"].items()}


def group_tiers(config: dict) -> Dict[str, str]:
    return {key: group["dringlichkeit"] for key, group in config["gruppen"].items()}


class TermIndex:
    """Answers "which terms does this word stand for?" in one pass per word.

    A word form stands for a term when it is the term, starts with it (inflection:
    "tauben" for "taub"), ends with it (compound: "brustkrebs"), contains it
    ("beinlaehmungen", terms of 6+ letters) or differs by one typo ("laemung" for
    "laehmung", terms of 6+ letters). A term written "=gefuehl" stands for that
    word only. Words in `exceptions` stand only for themselves.
    """

    def __init__(self, terms: Iterable[str], exceptions: Iterable[str]) -> None:
        self.terms = set(terms)
        self.exceptions = set(exceptions)
        plain = {t for t in self.terms if not t.startswith("=")}
        self.prefixes = {t for t in plain if len(t) >= 4}
        self.suffixes = {t for t in plain if len(t) >= 5}
        self.infixes = {t for t in plain if len(t) >= 6}
        self.numbers = {t for t in plain if t.isdigit()}
        self.typos = OneTypoIndex(self.infixes)
        self._cache: Dict[str, FrozenSet[str]] = {}

    def terms_for(self, form: str) -> FrozenSet[str]:
        cached = self._cache.get(form)
        if cached is None:
            cached = frozenset(self._find_terms(form))
            if len(self._cache) < 100_000:
                self._cache[form] = cached
        return cached

    def _find_terms(self, form: str) -> Set[str]:
        found = {t for t in (form, "=" + form) if t in self.terms}
        if form in self.exceptions or not form:
            return found
        n = len(form)
        found.update(form[:k] for k in range(4, n + 1) if form[:k] in self.prefixes)
        found.update(form[k:] for k in range(0, n - 4) if form[k:] in self.suffixes)
        found.update(
            form[i:j]
            for i in range(0, n - 5)
            for j in range(i + 6, n + 1)
            if form[i:j] in self.infixes
        )
        if form[0].isdigit():
            whole = re.split(r"[,.]", form)[0]
            if whole in self.numbers:
                found.add(whole)
        found.update(self._typo_terms(form))
        return found

    def _typo_terms(self, form: str) -> Set[str]:
        return {t for t in self.typos.near(form) if t[0] == form[0]}


class RedFlagMatcher:
    def __init__(self, config: dict) -> None:
        self.negations = _terms("/".join(config.get("verneinungen", [])))
        self.all_clear = _terms("/".join(config.get("unauffaellig", [])))
        self.exceptions = frozenset(_terms("/".join(config.get("ausnahmen", []))))
        self.categories = [
            Category(
                key=key,
                name=group["name"],
                tier=group["dringlichkeit"],
                words=set().union(*[_terms(w) for w in group.get("woerter") or []]),
                phrases=[_parse_phrase(p) for p in group.get("wendungen") or []],
                history_counts=group.get("vorgeschichte_zaehlt", False),
            )
            for key, group in config["gruppen"].items()
        ]
        self.other_persons = _terms("/".join(config.get("andere_personen", [])))

        all_terms = set(self.negations)
        for category in self.categories:
            all_terms |= category.words
            for phrase in category.phrases:
                for groups in phrase.parts:
                    all_terms.update(*groups)
        self.index = TermIndex(all_terms, self.exceptions)
        self.sign_words = set().union(*(category.words for category in self.categories))

    @classmethod
    def from_file(cls, path: Path = RED_FLAGS_FILE) -> "RedFlagMatcher":
        return cls(load_red_flag_config(path))

    # --- negation and general questions ----------------------------------------

    def _is_negation(self, forms: Tuple[str, str]) -> bool:
        return forms[0] in self.negations

    def _negated_before(self, tokens, hits, index: int) -> bool:
        in_list = False
        for back in range(1, LIST_NEGATION_REACH + 1):
            i = index - back
            if i < 0:
                return False
            word = tokens[i][0]
            if back > NEGATION_REACH and not in_list:
                return False
            if self._is_negation(tokens[i]) or self._is_weder_noch(tokens, i):
                # across a list only when a sign follows the negation:
                # "keine Lähmungen, Taubheit", not "nicht bewege, pocht"
                return back <= NEGATION_REACH or bool(hits[i + 1] & self.sign_words)
            if word in LIST_WORDS:
                in_list = True
            elif word in CLAUSE_BREAKS or word in SENTENCE_BREAKS:
                return False
        return False

    def _is_weder_noch(self, tokens: Sequence[Tuple[str, str]], index: int) -> bool:
        """ "weder einen Sturz noch einen Unfall": "noch" negates after "weder"."""
        if tokens[index][0] != "noch":
            return False
        return any(tokens[i][0] == "weder" for i in range(max(0, index - 8), index))

    def _negated_after(self, tokens: Sequence[Tuple[str, str]], index: int) -> bool:
        for ahead in range(1, TRAILING_NEGATION_REACH + 1):
            i = index + ahead
            if i >= len(tokens) or tokens[i][0] in SENTENCE_BREAKS:
                return False
            word = tokens[i][0]
            if self._is_negation(tokens[i]):
                following = tokens[i + 1][0] if i + 1 < len(tokens) else "."
                if following in CLAUSE_BREAKS or following in SENTENCE_BREAKS:
                    return True  # "Fieber habe ich keins."
            if word == "," and self._writer_excluded(tokens, i + 1):
                return True  # "Meine Mutter hatte Krebs, ich selbst nicht."
            if word in CLAUSE_BREAKS and word not in DASHES:
                return False
        return False

    def _writer_excluded(self, tokens, start) -> bool:
        """A short clause "ich (selbst) nicht" / "bei mir nicht" closing the sentence."""
        clause = [forms[0] for forms in tokens[start : start + 5]]
        if not clause or (clause[0] != "ich" and clause[:2] != ["bei", "mir"]):
            return False
        for i, word in enumerate(clause):
            if word in SENTENCE_BREAKS or word == ",":
                return False
            if self._is_negation(tokens[start + i]):
                following = clause[i + 1] if i + 1 < len(clause) else "."
                return following in SENTENCE_BREAKS or following == ","
        return False

    def _answered_no(self, tokens, index) -> bool:
        """ "Kribbeln in den Beinen? Nö." / "Unfall? Auch nicht." """
        for i in range(index + 1, min(len(tokens), index + 1 + QUESTION_REACH)):
            if tokens[i][0] == "?":
                answer = tokens[i + 1 : i + 4]
                return any(
                    forms[0] in self.all_clear or self._is_negation(forms) for forms in answer
                )
            if tokens[i][0] in SENTENCE_BREAKS:
                return False
        return False

    def _sentences(self, tokens: Sequence[Tuple[str, str]]) -> List[Tuple[int, int]]:
        spans, start = [], 0
        for i, forms in enumerate(tokens):
            if forms[0] in SENTENCE_BREAKS:
                spans.append((start, i + 1))
                start = i + 1
        if start < len(tokens):
            spans.append((start, len(tokens)))
        return spans

    def _is_general_question(self, tokens: Sequence[Tuple[str, str]]) -> bool:
        """ "Welche Symptome sind Warnzeichen?" asks for information, not help.

        Only questions (with "?") that start with a question word or speak of
        "man", and say nothing about the writer's own situation, count."""
        words = [forms[0] for forms in tokens]
        if not words or words[-1] != "?":
            return False
        # "Ab wann ...", "Und welche ..."
        if not QUESTION_STARTS & set(words[:2]) and "man" not in words:
            return False
        return not any(word in PERSONAL_MARKERS for word in words)

    @staticmethod
    def _asks_about_hearsay(sentence, following_spans, tokens) -> bool:
        if not any(forms[0] in HEARSAY_MARKERS for forms in sentence):
            return False
        if sentence[-1][0] == "?":
            return True
        return bool(following_spans) and tokens[following_spans[0][1] - 1][0] == "?"

    def _sentences_about_the_writer(self, tokens) -> List[Tuple[int, int]]:
        """All sentences but general questions, the short follow-ups of a general
        question ("Welche Symptome sind Warnzeichen? Fieber? Taubheit?") and
        questions about something read elsewhere."""
        kept, after_general = [], False
        spans = self._sentences(tokens)
        for number, (start, end) in enumerate(spans):
            sentence = tokens[start:end]
            short_question = len(sentence) <= 4 and sentence[-1][0] == "?"
            if (
                self._is_general_question(sentence)
                or (after_general and short_question)
                or self._asks_about_hearsay(sentence, spans[number + 1 :], tokens)
            ):
                after_general = True
            else:
                after_general = False
                kept.append((start, end))
        return kept

    # --- finding warning signs -------------------------------------------------

    def own_history(self, tokens: Iterable[Token], found: Sequence[RedFlagMatch]) -> List[str]:
        """The groups found whose history counts however long ago ("Ich hatte
        früher Krebs"), when the message names nobody else ("meine Oma hatte
        Krebs" is left to the learned detector)."""
        counting = {c.key for c in self.categories if c.history_counts}
        groups = [match.category for match in found if match.category in counting]
        if not groups:
            return []
        forms = {form for token in tokens for form in token.forms}
        return [] if forms & self.other_persons else groups

    @staticmethod
    def _positions(hits, start, end, terms) -> List[int]:
        return [i for i in range(start, end) if hits[i] & terms]

    def _near_phrase(self, hits, start, end, groups) -> Optional[Tuple[int, int, bool, Set[int]]]:
        """Finds every group within PHRASE_WINDOW tokens of one of them.

        Returns (first token, last token, whether the phrase itself holds a
        negation, the positions of its words)."""
        positions = [self._positions(hits, start, end, group) for group in groups]
        if not all(positions):
            return None
        has_negation = any(group & self.negations for group in groups)
        for anchor_group, anchors in enumerate(positions):
            others = positions[:anchor_group] + positions[anchor_group + 1 :]
            for anchor in anchors:
                chosen = [anchor]
                for other in others:
                    # each group needs a token of its own: "Wasserlassen" is not "Wasser lassen"
                    near = [
                        p for p in other if abs(p - anchor) <= PHRASE_WINDOW and p not in chosen
                    ]
                    if not near:
                        break
                    chosen.append(min(near, key=lambda p: abs(p - anchor)))
                else:
                    return min(chosen), max(chosen), has_negation, set(chosen)
        return None

    def _negated(self, tokens, hits, first, last, own=()) -> bool:
        """ "kein Fieber", "Fieber habe ich keins", "untenrum ist nichts taub".

        `own` are the positions of the phrase's own words ("Bein knickt weg")."""
        if any(self._is_negation(tokens[i]) for i in range(first, last + 1) if i not in own):
            return True
        return (
            self._all_clear(tokens, first, last, own)
            or self._negated_before(tokens, hits, first)
            or self._negated_after(tokens, last)
            or self._answered_no(tokens, last)
        )

    def _all_clear(self, tokens, first, last, own=()) -> bool:
        """ "spüre im Intimbereich alles normal", "Kribbeln ist verschwunden"."""
        if any(self._says_all_clear(tokens, i) for i in range(first, last + 1) if i not in own):
            return True
        return self._all_clear_after(tokens, last)

    def _says_all_clear(self, tokens, index) -> bool:
        """ "normal", but not "nicht mehr normal" or "nicht in Ordnung"."""
        if tokens[index][0] not in self.all_clear:
            return False
        return not any(self._is_negation(tokens[i]) for i in range(max(0, index - 3), index))

    def _all_clear_after(self, tokens, index) -> bool:
        """ "Das Kribbeln ist seit der OP verschwunden." """
        for i in range(index + 1, min(len(tokens), index + 1 + ALL_CLEAR_REACH)):
            word = tokens[i][0]
            if word in SENTENCE_BREAKS or word in {",", "aber", "sondern", "doch", "jedoch"}:
                return False
            if self._says_all_clear(tokens, i):
                return True
        return False

    def find(self, tokens: Iterable[Token]) -> Tuple[List[RedFlagMatch], List[RedFlagMatch]]:
        """Returns (warning signs found, warning signs mentioned but negated)."""
        tokens = list(tokens)
        folded = [t.forms for t in tokens]
        # the terms each token stands for, by its text or its lemma
        hits = [self.index.terms_for(text) | self.index.terms_for(lemma) for text, lemma in folded]
        found: Dict[str, RedFlagMatch] = {}
        negated: Dict[str, RedFlagMatch] = {}
        sentences = self._sentences_about_the_writer(folded)

        def record(category, first, last, is_negated, trigger) -> None:
            match = RedFlagMatch(category.key, category.name, first, last + 1, trigger)
            target = negated if is_negated else found
            target.setdefault(category.key, match)

        for category in self.categories:
            for start, end in sentences:
                for i in self._positions(hits, start, end, category.words):
                    record(category, i, i, self._negated(folded, hits, i, i), tokens[i].text)
                for phrase in category.phrases:
                    if len(phrase.parts) != 1:
                        continue
                    hit = self._near_phrase(hits, start, end, phrase.parts[0])
                    if hit:
                        first, last, has_negation, own = hit
                        is_negated = (
                            self._all_clear(folded, first, last, own)
                            if has_negation  # "kein Wasser lassen" holds its own negation
                            else self._negated(folded, hits, first, last, own)
                        )
                        record(category, first, last, is_negated, phrase.source)
            for phrase in category.phrases:
                if len(phrase.parts) > 1:
                    self._match_combined(folded, hits, sentences, category, phrase, record)

        negated = {k: v for k, v in negated.items() if k not in found}
        return list(found.values()), list(negated.values())

    def _match_combined(self, folded, hits, sentences, category, phrase, record) -> None:
        """Parts joined by " + " may stand anywhere in the message."""
        part_hits = []
        for groups in phrase.parts:
            hit = next(
                (h for h in (self._near_phrase(hits, s, e, groups) for s, e in sentences) if h),
                None,
            )
            if not hit:
                return
            part_hits.append(hit)
        any_negated = any(
            self._all_clear(folded, first, last, own)
            if has_neg
            else self._negated(folded, hits, first, last, own)
            for first, last, has_neg, own in part_hits
        )
        first = min(h[0] for h in part_hits)
        last = max(h[1] for h in part_hits)
        record(category, first, last, any_negated, phrase.source)
