"""Text normalisation and typo tolerance shared by the tokenizer, the red-flag
matcher and the unknown-words guard."""

import unicodedata


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
