"""Text normalisation and typo tolerance shared by the tokenizer, the red-flag
matcher and the unknown-words guard."""

import unicodedata
from typing import Dict, Iterable, Set


def fold_umlauts(text: str) -> str:
    """Lower-cases and spells umlauts the way people type them without a German
    keyboard ("Rückenschmerzen" -> "rueckenschmerzen")."""
    text = unicodedata.normalize("NFC", text.lower())
    return text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")


def within_one_edit(a: str, b: str) -> bool:
    """True if a and b differ by one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    for i in range(len(longer)):
        if longer[:i] + longer[i + 1 :] == shorter:
            return True
    return False


def deletions(word: str) -> Set[str]:
    """The word with one letter left out, in every position."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class OneTypoIndex:
    """The words of a fixed set that are within one edit of a given word, found
    through the words with one letter left out instead of a scan over the set."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        self._one_deleted: Dict[str, Set[str]] = {}
        for word in self.words:
            for variant in deletions(word):
                self._one_deleted.setdefault(variant, set()).add(word)

    def near(self, form: str) -> Set[str]:
        candidates = set(self._one_deleted.get(form, ()))  # a letter missing
        for variant in deletions(form):
            if variant in self.words:
                candidates.add(variant)  # a letter too many
            candidates.update(self._one_deleted.get(variant, ()))  # a letter wrong
        return {word for word in candidates if within_one_edit(form, word)}
