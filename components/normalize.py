"""Text normalisation shared by the tokenizer and the red-flag matcher."""

import unicodedata


def fold_umlauts(text: str) -> str:
    """Lower-cases and spells umlauts the way people type them without a German
    keyboard ("Rückenschmerzen" -> "rueckenschmerzen")."""
    text = unicodedata.normalize("NFC", text.lower())
    return text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
