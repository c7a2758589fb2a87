"""The red-flag matcher on the German pipeline's tokens, without Rasa."""

import shutil

import pytest

from components.german_nlp import load_german_pipeline
from components.red_flags import RED_FLAGS_FILE, RedFlagFileError, RedFlagMatcher, Token
from tests.red_flag_cases import MAX_FALSE_ALARM_RATE, must_escalate, must_not_escalate


@pytest.fixture(scope="module")
def matcher():
    return RedFlagMatcher.from_file()


def tokens(text):
    nlp, _ = load_german_pipeline()
    return [Token(t.text, t.lemma_) for t in nlp(text) if t.text.strip()]


def categories(matcher, text):
    found, _ = matcher.find(tokens(text))
    return {match.category for match in found}


def test_every_warning_sign_in_the_test_sets_is_found(matcher):
    missed = [text for text, _ in must_escalate() if not categories(matcher, text)]
    assert not missed, f"{len(missed)} warning signs missed:\n" + "\n".join(missed)


def test_warning_signs_are_mostly_put_in_the_right_group(matcher):
    cases = must_escalate()
    right = sum(category in categories(matcher, text) for text, category in cases)
    assert right / len(cases) >= 0.9


def test_false_alarm_rate_is_at_most_five_percent(matcher):
    texts = must_not_escalate()
    alarms = [t for t in texts if categories(matcher, t)]
    rate = len(alarms) / len(texts)
    print(f"false alarms: {len(alarms)}/{len(texts)} = {rate:.1%}")
    assert rate <= MAX_FALSE_ALARM_RATE, "\n".join(alarms)


@pytest.mark.parametrize(
    "text, category",
    [
        ("Seit gestern kann ich kein Wasser mehr lassen", "bladder_bowel"),
        ("Ich kann die Beine nicht mehr bewegen", "neurological_deficit"),
        ("mein bein ist gelähmt", "neurological_deficit"),
        ("Lähmungserscheinungen im linken Arm", "neurological_deficit"),
        ("Taubheitsgefühl im Fuß", "neurological_deficit"),
        ("der fuss ist taub", "neurological_deficit"),
        ("Laehmung im Bein", "neurological_deficit"),
        ("Lämung im Bein", "neurological_deficit"),
        ("ich habe 39 Fieber", "fever_infection"),
        ("Nachtschweiß und 5 Kilo abgenommen", "tumor_weight_loss"),
        ("bin von der Leiter gefallen", "trauma_fracture"),
    ],
)
def test_inflections_compounds_and_typos_are_found(matcher, text, category):
    assert category in categories(matcher, text)


@pytest.mark.parametrize(
    "text",
    [
        "Ich habe kein Fieber",
        "keine Lähmungen oder Taubheitsgefühle",
        "Meine Blase ist in Ordnung",
        "Fieber habe ich keins.",
        "Welche Symptome sind Warnzeichen?",
        "Wann sollte man mit Rückenschmerzen zum Arzt? Fieber? Lähmungen?",
        "Was ist eine Injektionstherapie?",
    ],
)
def test_negations_and_general_questions_raise_no_alarm(matcher, text):
    assert categories(matcher, text) == set()


def test_a_sign_after_a_negated_one_is_found(matcher):
    assert categories(matcher, "Kein Fieber, aber seit heute ist mein Bein taub") == {
        "neurological_deficit"
    }


def test_negated_signs_are_reported_separately(matcher):
    found, negated = matcher.find(tokens("Ich habe kein Fieber"))
    assert found == [] and [m.category for m in negated] == ["fever_infection"]


def test_staff_can_add_a_term(tmp_path):
    """A new word in red_flags.yml is recognised, in its inflected forms too."""
    path = tmp_path / "red_flags.yml"
    shutil.copy(RED_FLAGS_FILE, path)
    text = "Seit gestern habe ich eine Sattelanästhesie"
    assert not categories(RedFlagMatcher.from_file(path), text)
    content = path.read_text(encoding="utf-8").replace(
        "      - Reithosenanästhesie\n",
        "      - Reithosenanästhesie\n      - Sattelanästhesie\n",
    )
    path.write_text(content, encoding="utf-8")
    assert categories(RedFlagMatcher.from_file(path), text) == {"bladder_bowel"}


def test_a_broken_file_is_rejected_with_a_german_message(tmp_path):
    path = tmp_path / "red_flags.yml"
    path.write_text("gruppen:\n  fieber:\n    woerter: [Fieber]\n", encoding="utf-8")
    with pytest.raises(RedFlagFileError, match="braucht einen 'name'"):
        RedFlagMatcher.from_file(path)
