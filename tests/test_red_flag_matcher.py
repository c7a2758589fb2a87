"""The red-flag term matcher on the German pipeline's tokens, without Rasa.

It runs on a small fixture list (tests/data/red_flags_fixture.yml); the real
red_flags.yml is only validated (test_red_flags_file.py)."""

import shutil
from pathlib import Path

import pytest

from components.german_nlp import load_german_pipeline
from components.red_flags import RedFlagFileError, RedFlagMatcher, Token

FIXTURE = Path(__file__).resolve().parent / "data" / "red_flags_fixture.yml"


@pytest.fixture(scope="module")
def matcher():
    return RedFlagMatcher.from_file(FIXTURE)


def tokens(text):
    nlp, _ = load_german_pipeline()
    return [Token(t.text, t.lemma_) for t in nlp(text) if t.text.strip()]


def categories(matcher, text):
    found, _ = matcher.find(tokens(text))
    return {match.category for match in found}


@pytest.mark.parametrize(
    "text, category",
    [
        ("Seit gestern kann ich kein Wasser mehr lassen", "cauda_equina"),
        ("Ich kann die Beine nicht mehr bewegen", "neuro_deficit"),
        ("mein bein ist gelähmt", "neuro_deficit"),
        ("Lähmungserscheinungen im linken Arm", "neuro_deficit"),  # compound
        ("Laehmung im Bein", "neuro_deficit"),  # no umlaut
        ("Lämung im Bein", "neuro_deficit"),  # one-letter typo
        ("Taubheitsgefühl im Fuß", "numbness"),
        ("der fuss ist taub", "numbness"),
        ("ich habe 39 Fieber", "infection"),
        ("Nachtschweiß und 5 Kilo abgenommen", "tumour"),
        ("bin von der Leiter gefallen", "fracture"),
        ("Osteoporose, und seit dem Husten heute Schmerzen", "fracture"),  # " + "
    ],
)
def test_inflections_compounds_typos_and_phrases_are_found(matcher, text, category):
    assert category in categories(matcher, text)


@pytest.mark.parametrize(
    "text",
    [
        "Ich habe kein Fieber",
        "keine Lähmungen oder Taubheitsgefühle",
        "Fieber habe ich keins.",
        "Welche Symptome sind Warnzeichen? Fieber? Lähmungen?",
        "Was ist eine Injektionstherapie?",
        "Die Krebsvorsorge war gut",
    ],
)
def test_negations_general_questions_and_exceptions_raise_nothing(matcher, text):
    assert categories(matcher, text) == set()


def test_a_sign_after_a_negated_one_is_found(matcher):
    assert categories(matcher, "Kein Fieber, aber seit heute ist mein Bein taub") == {"numbness"}


def test_negated_signs_are_reported_separately(matcher):
    found, negated = matcher.find(tokens("Ich habe kein Fieber"))
    assert found == [] and [m.category for m in negated] == ["infection"]


def test_groups_carry_their_urgency(matcher):
    tiers = {c.key: c.tier for c in matcher.categories}
    assert tiers["cauda_equina"] == "notfall" and tiers["infection"] == "dringend"


def test_staff_can_add_a_term(tmp_path):
    """A new word in the list is recognised, in its inflected forms too."""
    path = tmp_path / "red_flags.yml"
    shutil.copy(FIXTURE, path)
    text = "Seit gestern habe ich eine Sattelanästhesie"
    assert not categories(RedFlagMatcher.from_file(path), text)
    content = path.read_text(encoding="utf-8").replace(
        "      - Inkontinenz\n", "      - Inkontinenz\n      - Sattelanästhesie\n"
    )
    path.write_text(content, encoding="utf-8")
    assert categories(RedFlagMatcher.from_file(path), text) == {"cauda_equina"}


@pytest.mark.parametrize(
    "content, message",
    [
        ("gruppen:\n  fieber:\n    woerter: [Fieber]\n", "braucht einen 'name'"),
        (
            "gruppen:\n  fieber:\n    name: Fieber\n    woerter: [Fieber]\n",
            "dringlichkeit: notfall",
        ),
        ("gruppen: [", "kein gültiges YAML"),
    ],
)
def test_a_broken_file_is_rejected_with_a_german_message(tmp_path, content, message):
    path = tmp_path / "red_flags.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RedFlagFileError, match=message):
        RedFlagMatcher.from_file(path)


def test_a_cancer_history_of_the_writer_counts_that_of_someone_else_does_not():
    config = {
        "andere_personen": ["Oma", "Nachbar"],
        "gruppen": {
            "tumour": {
                "name": "Krebs",
                "dringlichkeit": "dringend",
                "vorgeschichte_zaehlt": True,
                "woerter": ["Krebs"],
            },
            "infection": {"name": "Fieber", "dringlichkeit": "dringend", "woerter": ["Fieber"]},
        },
    }
    matcher = RedFlagMatcher(config)

    def own_history(text):
        tokens = [Token(word, word) for word in text.replace(",", " ,").split()]
        return matcher.own_history(tokens, matcher.find(tokens)[0])

    assert own_history("Ich hatte früher Krebs , jetzt Rückenschmerzen") == ["tumour"]
    assert own_history("Meine Oma hatte Krebs , ich habe Rückenschmerzen") == []
    assert own_history("Ich hatte früher Fieber") == []
