"""One HTML page with every text patients can read, for the doctor to proofread: `make content`.

    .venv/bin/python -m staff.content_page [--ausgabe web/inhalte.html]

Writes one self-contained page (German, inline CSS, no JavaScript, printable):
1. every topic with its answer, its buttons and its example questions: the FAQ
   topics (faq/<key>: utter_faq/<key> in domain.yml, examples in data/nlu.yml),
   the other intents with the answers data/rules.yml gives them (responses from
   domain.yml, or the text a custom action writes for the practice as configured
   in practice.yml) and the warning-sign answers with their variants by urgency;
2. the opening hours as the assistant states them, the closure days from
   practice.yml and the public holidays of the next twelve months;
3. the warning-sign groups of red_flags.yml (name, urgency, words, phrases).
At the top: a table of contents, the date and which file each part comes from.
Every text from the files is escaped with html.escape.

The page goes to web/inhalte.html (git-ignored); scripts/run.sh writes it before it
starts the web server, so http://localhost:8080/inhalte.html is current.
"""

import argparse
import html
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.opening_hours import (
    holiday_name,
)
from actions.practice import (
    WEEKDAYS,
    Practice,
    PracticeFileError,
    get_practice,
    load_practice,
)
from actions.practice_actions import ASK_OPENING_HOURS, PRACTICE_ANSWERS, opening_hours_text
from actions.red_flag_actions import RED_FLAG_ENTITY, TIER_SLOT, ActionRedFlagDetails
from actions.safety_question import answers_by_intent
from components.languages import LANGUAGE_NAMES
from components.red_flag_labels import CHECK_INTENT, LANGUAGE_SLOT, RED_FLAG_INTENT
from components.red_flags import EMERGENCY, TIERS, URGENT, RedFlagFileError, load_red_flag_config

CODE_DIR = Path(__file__).resolve().parent.parent
OUTPUT_FILE = "web/inhalte.html"
DOMAIN_FILE = "domain.yml"
NLU_FILE = "data/nlu.yml"
RULES_FILE = "data/rules.yml"
PRACTICE_FILE = "practice.yml"
RED_FLAGS_FILE = "red_flags.yml"

FAQ_INTENT = "faq"
FAQ_PREFIX = "faq/"
RESPONSE_PREFIX = "utter_"
RED_FLAG_INTENTS = (RED_FLAG_INTENT, CHECK_INTENT)
FALLBACK_INTENT = "nlu_fallback"
HOLIDAY_DAYS_AHEAD = 365
FOLLOW_UP_ANCHOR = "danach"

# German titles of the intents that are not FAQ topics.
INTENT_TITLES = {
    "ask_opening_hours": "Sprechzeiten",
    "ask_address": "Adresse",
    "ask_contact": "Kontakt",
    "book_appointment": "Termin vereinbaren",
    "ask_costs_insurance": "Kosten und Versicherung",
    "ask_referral": "Überweisung und Unterlagen",
    "ask_directions": "Anfahrt, Parken, Barrierefreiheit",
    "personal_medical_advice": "Frage nach persönlichem ärztlichem Rat",
    "worry": "Sorgen und Verzweiflung",
    "correct_bot": "Hinweis, dass die Antwort falsch war",
    "greet": "Begrüßung",
    "goodbye": "Verabschiedung",
    "thank": "Dank",
    "affirm": "Zustimmung („Ja“)",
    "deny": "Ablehnung („Nein“)",
    "bot_challenge": "Frage, ob ein Mensch antwortet",
    "out_of_scope": "Fragen außerhalb der Themen",
    "nlu_fallback": "Nachricht nicht verstanden",
    RED_FLAG_INTENT: "Warnzeichen erkannt",
    CHECK_INTENT: "Mögliches Warnzeichen: Sicherheitsfrage",
}

# Labels of response variants that depend on the urgency slot.
TIER_LABELS = {EMERGENCY: "bei Notfall", URGENT: "bei dringend"}
TIER_NAMES = {
    EMERGENCY: "Notfall: sofort Notruf 112 oder Notaufnahme",
    URGENT: "dringend: heute noch ärztlich abklären (Praxis, außerhalb der Sprechzeiten 116117)",
}

# Custom actions without a text of their own: what they do, in German.
ACTION_DESCRIPTIONS = {
    "action_answer_original_question": (
        "Danach gibt der Assistent die Antwort auf die ursprüngliche Frage "
        "(die Antwort des Themas, das er in der Nachricht erkannt hat)."
    ),
}


# ---------------------------------------------------------------------------
# What the page shows
# ---------------------------------------------------------------------------


@dataclass
class Button:
    title: str
    payload: str


@dataclass
class Variant:
    text: str
    buttons: List[Button] = field(default_factory=list)
    label: str = ""  # e.g. "bei Notfall"; empty for a response without variants
    back_translation: str = ""  # German, for a version in another language


@dataclass
class Answer:
    name: str  # response or action name, e.g. "utter_faq/orthosis"
    source: str  # German: where staff change it
    variants: List[Variant] = field(default_factory=list)
    note: str = ""  # German, for actions without a text of their own


@dataclass
class Topic:
    anchor: str
    number: str  # e.g. "1.3"
    title: str
    intent: str  # e.g. "faq/orthosis" or "ask_address"
    answers: List[Answer]
    examples: List[str]


# ---------------------------------------------------------------------------
# Reading the files
# ---------------------------------------------------------------------------


def read_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def read_examples(nlu_data: dict) -> Dict[str, List[str]]:
    """intent (faq/<key> for FAQ topics) -> its example questions, in file order."""
    examples: Dict[str, List[str]] = {}
    for item in nlu_data.get("nlu") or []:
        if "intent" not in item:
            continue
        lines = (item.get("examples") or "").splitlines()
        questions = [line.strip()[2:].strip() for line in lines if line.strip().startswith("- ")]
        examples.setdefault(item["intent"], []).extend(questions)
    return examples


def read_variants(response: list) -> List[Variant]:
    """The variants of one response in domain.yml, labelled by their condition."""
    conditional_tiers = [
        condition.get("value")
        for variant in response
        for condition in variant.get("condition") or []
        if condition.get("name") == TIER_SLOT
    ]
    variants = []
    for variant in response:
        buttons = [
            Button(str(button.get("title", "")), str(button.get("payload", "")))
            for button in variant.get("buttons") or []
        ]
        if variant.get("condition"):
            label = condition_label(variant["condition"])
        elif conditional_tiers:
            label = default_variant_label(conditional_tiers)
        else:
            label = ""
        back = (variant.get("metadata") or {}).get("rueckuebersetzung", "")
        variants.append(Variant(str(variant.get("text", "")), buttons, label, str(back)))
    return variants


def condition_label(conditions: list) -> str:
    labels = []
    for condition in conditions:
        value = condition.get("value")
        if condition.get("name") == TIER_SLOT and value in TIER_LABELS:
            labels.append(TIER_LABELS[value])
        elif condition.get("name") == LANGUAGE_SLOT and value in LANGUAGE_NAMES:
            labels.append(f"auf {LANGUAGE_NAMES[value]}")
        else:
            labels.append(f"wenn {condition.get('name')} = {value}")
    return " und ".join(labels)


def default_variant_label(conditional_tiers: Sequence[str]) -> str:
    """Label of the variant without a condition next to urgency variants."""
    other_tiers = [tier for tier in TIERS if tier not in conditional_tiers]
    if not other_tiers:
        return "in allen anderen Fällen"
    labels = " oder ".join(TIER_LABELS[tier] for tier in other_tiers)
    return f"{labels} (auch wenn die Dringlichkeit nicht bekannt ist)"


def read_practice(project_dir: Path) -> Practice:
    """The practice as the action server sees it; another project folder (tests)
    uses its own practice.yml."""
    if project_dir == CODE_DIR:
        return get_practice()
    return load_practice(project_dir / PRACTICE_FILE)


# ---------------------------------------------------------------------------
# Answers of the custom actions
# ---------------------------------------------------------------------------


PRACTICE_ACTION_SOURCE = (
    "berechnet aus practice.yml; Formulierung in actions/opening_hours.py bzw. "
    "actions/practice_info.py, Knöpfe in actions/practice_actions.py"
)
RED_FLAG_DETAILS_ACTION = "action_red_flag_details"


def practice_action_answer(name: str, practice: Practice) -> Answer:
    make_text, follow_ups = PRACTICE_ANSWERS[name]
    buttons = [Button(question, question) for question in follow_ups]
    return Answer(name, PRACTICE_ACTION_SOURCE, [Variant(make_text(practice), buttons)])


def red_flag_details_answer(red_flag_groups: Dict[str, dict]) -> Answer:
    """The second message after a warning sign, one example per urgency: the
    action is run for the first group of that urgency."""
    variants = []
    for tier in TIERS:
        groups = [key for key, group in red_flag_groups.items() if group["dringlichkeit"] == tier]
        if not groups:
            continue
        group = groups[0]
        tracker = Tracker(
            sender_id="inhalte",
            slots={TIER_SLOT: tier},
            latest_message={"entities": [{"entity": RED_FLAG_ENTITY, "value": group}]},
            events=[],
            paused=False,
            followup_action=None,
            active_loop={},
            latest_action_name=None,
        )
        dispatcher = CollectingDispatcher()
        ActionRedFlagDetails().run(dispatcher, tracker, {})
        text = "\n".join(message.get("text") or "" for message in dispatcher.messages)
        group_name = red_flag_groups[group]["name"]
        label = f"{TIER_LABELS[tier]}, Beispiel für die Gruppe „{group_name}“"
        variants.append(Variant(text, [], label))
    return Answer(
        RED_FLAG_DETAILS_ACTION,
        "actions/red_flag_actions.py; Gruppennamen aus red_flags.yml. Bei „dringend“ hängt "
        "der Satz zur Praxis von der Uhrzeit ab (hier: beim Erstellen dieser Seite).",
        variants,
    )


# ---------------------------------------------------------------------------
# Collecting the topics
# ---------------------------------------------------------------------------


@dataclass
class Content:
    """Everything the page shows, read from one project folder."""

    practice: Practice
    responses: Dict[str, List[Variant]]
    examples: Dict[str, List[str]]
    intents: List[str]  # domain.yml, in file order
    rules: List[dict]  # data/rules.yml
    rule_answers: Dict[str, List[str]]  # intent -> actions of its plain rule
    red_flags: dict
    now: datetime


def read_content(project_dir: Path) -> Content:
    domain = read_yaml(project_dir / DOMAIN_FILE)
    rules = read_yaml(project_dir / RULES_FILE).get("rules") or []
    return Content(
        practice=read_practice(project_dir),
        responses={
            name: read_variants(response)
            for name, response in (domain.get("responses") or {}).items()
        },
        examples=read_examples(read_yaml(project_dir / NLU_FILE)),
        intents=list(domain.get("intents") or []),
        rules=rules,
        rule_answers=answers_by_intent(project_dir / RULES_FILE),
        red_flags=load_red_flag_config(project_dir / RED_FLAGS_FILE),
        now=clock.now(),
    )


def response_answer(name: str, content: Content) -> Answer:
    return Answer(name, "domain.yml, Abschnitt responses", content.responses.get(name, []))


def action_answer(name: str, content: Content) -> Answer:
    if name.startswith(RESPONSE_PREFIX):
        return response_answer(name, content)
    if name in PRACTICE_ANSWERS:
        return practice_action_answer(name, content.practice)
    if name == RED_FLAG_DETAILS_ACTION:
        return red_flag_details_answer(content.red_flags["gruppen"])
    note = ACTION_DESCRIPTIONS.get(
        name, "Eigene Aktion (Programmcode); ihr Text steht nicht in den Dateien."
    )
    return Answer(name, "actions/", note=note)


def faq_keys(content: Content) -> List[str]:
    """FAQ topic keys: the answers in domain.yml in file order, then topics that
    only have example questions."""
    keys = [
        name[len(RESPONSE_PREFIX + FAQ_PREFIX) :]
        for name in content.responses
        if name.startswith(RESPONSE_PREFIX + FAQ_PREFIX)
    ]
    keys += [
        intent[len(FAQ_PREFIX) :]
        for intent in content.examples
        if intent.startswith(FAQ_PREFIX) and intent[len(FAQ_PREFIX) :] not in keys
    ]
    return keys


def faq_topics(content: Content, chapter: int) -> List[Topic]:
    topics = []
    for number, key in enumerate(faq_keys(content), start=1):
        intent = FAQ_PREFIX + key
        examples = content.examples.get(intent, [])
        topics.append(
            Topic(
                anchor=anchor_for(intent),
                number=f"{chapter}.{number}",
                title=examples[0] if examples else key,
                intent=intent,
                answers=[response_answer(RESPONSE_PREFIX + intent, content)],
                examples=examples,
            )
        )
    return topics


def intent_topics(intents: Sequence[str], content: Content, chapter: int) -> List[Topic]:
    topics = []
    for number, intent in enumerate(intents, start=1):
        actions = content.rule_answers.get(intent, [])
        topics.append(
            Topic(
                anchor=anchor_for(intent),
                number=f"{chapter}.{number}",
                title=INTENT_TITLES.get(intent, intent),
                intent=intent,
                answers=[action_answer(action, content) for action in actions],
                examples=content.examples.get(intent, []),
            )
        )
    return topics


def other_intents(content: Content) -> List[str]:
    """Intents other than the FAQ and the warning signs, in domain.yml order; the
    fallback (answered by a rule, no examples) last."""
    intents = [i for i in content.intents if i != FAQ_INTENT and i not in RED_FLAG_INTENTS]
    if FALLBACK_INTENT in content.rule_answers and FALLBACK_INTENT not in intents:
        intents.append(FALLBACK_INTENT)
    return intents


def anchor_for(name: str) -> str:
    return "thema-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------


def escape(text: str) -> str:
    return html.escape(str(text), quote=True)


def normalized(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass
class Links:
    """Where a button leads: topics by intent and by example question."""

    by_intent: Dict[str, Topic]
    by_question: Dict[str, Topic]  # normalised example question -> its topic
    follow_ups: List[Tuple[str, str]]  # (answer, intent) that a follow-up rule continues

    @classmethod
    def of(cls, topics: Sequence[Topic], content: Content) -> "Links":
        by_question: Dict[str, Topic] = {}
        for topic in topics:
            for question in topic.examples:
                by_question.setdefault(normalized(question), topic)
        follow_ups = [
            (rule["steps"][0]["action"], step["intent"])
            for rule in follow_up_rules(content)
            for step in rule["steps"]
            if "intent" in step
        ]
        return cls({topic.intent: topic for topic in topics}, by_question, follow_ups)

    def to(self, topic: Topic) -> str:
        return f'<a href="#{topic.anchor}">{escape(topic.number)} {escape(topic.title)}</a>'


def button_html(button: Button, answer_name: str, links: Links) -> str:
    if button.payload.startswith("/"):
        intent = re.split(r"[{@]", button.payload[1:])[0]
        what = f"sendet direkt die Absicht <code>{escape(intent)}</code>"
        if (answer_name, intent) in links.follow_ups:
            what += f' → <a href="#{FOLLOW_UP_ANCHOR}">wie es danach weitergeht</a>'
            return f'<li><span class="knopf">{escape(button.title)}</span> {what}</li>'
        topic = links.by_intent.get(intent)
    else:
        if button.payload == button.title:
            what = "sendet den Knopftext als Frage"
        else:
            what = f"sendet die Frage „{escape(button.payload)}“"
        topic = links.by_question.get(normalized(button.payload))
    if topic:
        what += f" → {links.to(topic)}"
    elif not button.payload.startswith("/"):
        what += " (steht in keiner Beispielfrage; das Thema erkennt der Assistent selbst)"
    return f'<li><span class="knopf">{escape(button.title)}</span> {what}</li>'


def answer_html(answer: Answer, links: Links) -> str:
    parts = [
        '<div class="antwort-block">',
        f'<p class="quelle">Antwort <code>{escape(answer.name)}</code> · '
        f"{escape(answer.source)}</p>",
    ]
    if answer.note:
        parts.append(f'<p class="hinweis">{escape(answer.note)}</p>')
    if not answer.variants and not answer.note:
        parts.append('<p class="fehlt">Keine Antwort gefunden!</p>')
    for variant in answer.variants:
        if variant.label:
            parts.append(f'<p class="variante">{escape(variant.label)}:</p>')
        parts.append(f'<div class="antwort">{escape(variant.text)}</div>')
        if variant.back_translation:
            parts.append(
                '<p class="rueckuebersetzung">Rückübersetzung des ersten Absatzes ins '
                f"Deutsche (von jemand anderem als dem Übersetzer): "
                f"{escape(variant.back_translation)}</p>"
            )
        if variant.buttons:
            items = "".join(button_html(button, answer.name, links) for button in variant.buttons)
            parts.append(f'<ul class="knoepfe">{items}</ul>')
    parts.append("</div>")
    return "\n".join(parts)


def examples_html(topic: Topic) -> str:
    if not topic.examples:
        return (
            '<p class="quelle">Keine Beispielfragen '
            "(diese Absicht erkennt der Assistent selbst).</p>"
        )
    items = "".join(f"<li>{escape(example)}</li>" for example in topic.examples)
    return (
        f'<p class="quelle">Beispielfragen ({len(topic.examples)}) · data/nlu.yml: '
        f'<code>{escape(topic.intent)}</code></p>\n<ul class="beispiele">{items}</ul>'
    )


def topic_html(topic: Topic, links: Links) -> str:
    answers = "\n".join(answer_html(answer, links) for answer in topic.answers)
    if not topic.answers:
        answers = '<p class="fehlt">Keine Regel in data/rules.yml beantwortet diese Absicht!</p>'
    return (
        f'<article class="thema" id="{topic.anchor}">\n'
        f"<h3>{escape(topic.number)} {escape(topic.title)} "
        f"<small><code>{escape(topic.intent)}</code></small></h3>\n"
        f"{answers}\n{examples_html(topic)}\n</article>"
    )


def follow_up_rules(content: Content) -> List[dict]:
    """Rules that start with an answer of the assistant (e.g. the safety question)."""
    return [rule for rule in content.rules if rule.get("steps") and "action" in rule["steps"][0]]


def follow_up_html(content: Content, links: Links) -> str:
    """What happens after an answer, e.g. "Ja" to the safety question."""
    items = []
    for rule in follow_up_rules(content):
        steps = rule["steps"]
        intents = [step["intent"] for step in steps if "intent" in step]
        said = " bzw. ".join(INTENT_TITLES.get(intent, intent) for intent in intents)
        parts = []
        for action in [step["action"] for step in steps[1:] if "action" in step]:
            topic = topic_showing(action, content, links)
            if topic:
                parts.append(
                    f"<p>dann <code>{escape(action)}</code> wie unter {links.to(topic)}</p>"
                )
            else:
                parts.append(answer_html(action_answer(action, content), links))
        items.append(
            f"<li><p><strong>Nach <code>{escape(steps[0]['action'])}</code> und der "
            f"Antwort {escape(said)}:</strong></p>\n" + "\n".join(parts) + "</li>"
        )
    if not items:
        return ""
    return (
        f'<h3 id="{FOLLOW_UP_ANCHOR}">Wie es nach der Sicherheitsfrage weitergeht</h3>\n'
        '<p class="quelle">data/rules.yml '
        "(Regeln, die mit einer Antwort des Assistenten beginnen)</p>\n"
        '<ul class="folgen">' + "".join(items) + "</ul>"
    )


def topic_showing(action: str, content: Content, links: Links) -> Optional[Topic]:
    """The topic of parts 2 and 3 that shows this action's answer."""
    for intent in other_intents(content) + list(RED_FLAG_INTENTS):
        if action in content.rule_answers.get(intent, []):
            return links.by_intent.get(intent)
    return None


def start_only_responses(content: Content) -> List[str]:
    """Responses that conversation-start rules add to an answer (the disclaimer)."""
    names = []
    for rule in content.rules:
        if not rule.get("conversation_start"):
            continue
        steps = rule.get("steps") or []
        intent = steps[0].get("intent") if steps else None
        plain_answer = content.rule_answers.get(intent, [])
        for step in steps:
            action = step.get("action", "")
            if action.startswith(RESPONSE_PREFIX) and action not in plain_answer + names:
                names.append(action)
    return names


def shown_responses(content: Content) -> List[str]:
    """Responses shown with a topic or after the safety question."""
    names = [RESPONSE_PREFIX + FAQ_PREFIX + key for key in faq_keys(content)]
    for intent in other_intents(content) + list(RED_FLAG_INTENTS):
        names += content.rule_answers.get(intent, [])
    for rule in follow_up_rules(content):
        names += [step["action"] for step in rule["steps"][1:] if "action" in step]
    return names


def more_texts_html(content: Content, links: Links) -> str:
    """The texts added at the start of a conversation, then responses no topic shows."""
    blocks = []
    for name in start_only_responses(content):
        count = sum(
            1
            for rule in content.rules
            if rule.get("conversation_start")
            and any(step.get("action") == name for step in rule.get("steps") or [])
        )
        blocks.append(answer_html(response_answer(name, content), links))
        blocks.append(
            f'<p class="quelle">Kommt einmal pro Gespräch mit der ersten Antwort: '
            f"{count} Regeln in data/rules.yml (conversation_start).</p>"
        )
    shown = set(shown_responses(content)) | set(start_only_responses(content))
    unused = [name for name in content.responses if name not in shown]
    for name in unused:
        blocks.append(answer_html(response_answer(name, content), links))
        blocks.append('<p class="fehlt">Diese Antwort gehört zu keinem Thema (data/rules.yml).</p>')
    return "\n".join(blocks) or "<p>Keine.</p>"


# ---------------------------------------------------------------------------
# Opening hours, closure days, holidays
# ---------------------------------------------------------------------------


def table_row(*cells: str) -> str:
    return "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>"


def date_text(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]}, {day:%d.%m.%Y}"


def closure_rows(practice: Practice, today: date) -> List[str]:
    rows = []
    for closure in practice.closures:
        if closure.first_day == closure.last_day:
            days = date_text(closure.first_day)
        else:
            days = f"{date_text(closure.first_day)} bis {date_text(closure.last_day)}"
        if closure.last_day < today:
            state = "vorbei"
        elif closure.covers(today):
            state = "läuft"
        else:
            state = "geplant"
        rows.append(table_row(days, closure.reason, state))
    return rows


def holiday_rows(practice: Practice, today: date) -> List[str]:
    rows = []
    for offset in range(HOLIDAY_DAYS_AHEAD):
        day = today + timedelta(days=offset)
        name = holiday_name(practice, day)
        if name is None:
            continue
        regular = "ja" if not practice.hours_on(day).is_closed else "nein"
        rows.append(table_row(date_text(day), name, regular))
    return rows


def hours_html(content: Content) -> str:
    practice = content.practice
    today = content.now.date()
    closures = closure_rows(practice, today)
    holidays_ahead = holiday_rows(practice, today)
    closure_table = (
        "<table><tr><th>Tage</th><th>Grund</th><th>Stand</th></tr>" + "".join(closures) + "</table>"
        if closures
        else "<p>In practice.yml sind keine Schließtage eingetragen.</p>"
    )
    holiday_table = (
        "<table><tr><th>Tag</th><th>Feiertag</th><th>Sonst Sprechtag?</th></tr>"
        + "".join(holidays_ahead)
        + "</table>"
        if holidays_ahead
        else "<p>Keine Feiertage in den nächsten zwölf Monaten.</p>"
    )
    return f"""<h3>So nennt der Assistent die Sprechzeiten</h3>
<p class="quelle">Antwort auf „{escape(ASK_OPENING_HOURS)}“ am {escape(date_text(today))} ·
berechnet aus practice.yml (oeffnungszeiten, schliesstage, feiertage);
Formulierung in actions/opening_hours.py.
Schließtage und Feiertage der nächsten sieben Tage nennt er in dieser Antwort mit.
Fragen nach einem bestimmten Tag oder einer Uhrzeit („Haben Sie Montag offen?“) beantwortet er
mit einem Satz aus denselben Angaben.</p>
<div class="antwort">{escape(opening_hours_text(practice))}</div>
<h3>Schließtage der Praxis</h3>
<p class="quelle">practice.yml, Abschnitt schliesstage</p>
{closure_table}
<h3>Gesetzliche Feiertage der nächsten zwölf Monate</h3>
<p class="quelle">berechnet (Bibliothek „holidays“) für practice.yml, Abschnitt feiertage:
{escape(practice.holiday_country)} / {escape(practice.holiday_subdivision)}.
An diesen Tagen ist die Praxis geschlossen.</p>
{holiday_table}"""


# ---------------------------------------------------------------------------
# Warning-sign groups
# ---------------------------------------------------------------------------


def red_flag_groups_html(red_flags: dict) -> str:
    parts = [
        """<p class="quelle">red_flags.yml, Abschnitt gruppen. In den Wendungen trennt
„/“ gleichwertige Wörter; alle Teile müssen nah beieinander im selben Satz stehen. „+“ verbindet
Teile, die irgendwo in derselben Nachricht stehen dürfen; „=“ vor einem Wort erkennt nur das Wort
selbst, keine Zusammensetzungen. Beugungen, fehlende Umlaute und kleine Tippfehler erkennt der
Assistent selbst.</p>"""
    ]
    for key, group in red_flags["gruppen"].items():
        tier = group.get("dringlichkeit")
        words = " · ".join(escape(word) for word in group.get("woerter") or [])
        phrases = "".join(f"<li>{escape(phrase)}</li>" for phrase in group.get("wendungen") or [])
        parts.append(f"""<article class="gruppe" id="gruppe-{escape(key)}">
<h3>{escape(group['name'])} <small><code>{escape(key)}</code></small></h3>
<p class="dringlichkeit {escape(tier)}">Dringlichkeit: {escape(TIER_NAMES.get(tier, tier))}</p>
<p><strong>Wörter:</strong> {words or "keine"}</p>
<p><strong>Wendungen:</strong></p>
{f'<ul class="wendungen">{phrases}</ul>' if phrases else "<p>keine</p>"}
</article>""")
    exceptions = " · ".join(escape(word) for word in red_flags.get("ausnahmen") or [])
    if exceptions:
        parts.append(f"<h3>Ausnahmen (lösen nie einen Alarm aus)</h3>\n<p>{exceptions}</p>")
    return "\n".join(parts)


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------

SOURCES = (
    (
        "Antworttexte und ihre Knöpfe",
        "domain.yml, Abschnitt responses " "(utter_faq/<thema> für die häufigen Fragen)",
        "Praxisteam",
    ),
    ("Beispielfragen", "data/nlu.yml (je Thema eine Liste)", "Praxisteam"),
    ("Welche Antwort zu welcher Absicht gehört", "data/rules.yml", "Entwickler"),
    (
        "Angaben in den Antworten zu Sprechzeiten, Adresse, Kontakt, Termin, Kosten, "
        "Überweisung, Anfahrt",
        "practice.yml",
        "Praxisteam",
    ),
    (
        "Formulierung dieser Antworten",
        "actions/opening_hours.py, actions/practice_info.py; "
        "Knöpfe darunter: actions/practice_actions.py",
        "Entwickler",
    ),
    (
        "Zweite Nachricht bei Warnzeichen",
        "actions/red_flag_actions.py " "(Gruppennamen aus red_flags.yml)",
        "Entwickler",
    ),
    (
        "Sprechzeiten, Schließtage, Feiertage",
        "practice.yml (oeffnungszeiten, schliesstage, " "feiertage)",
        "Praxisteam",
    ),
    ("Warnzeichen: Gruppen, Dringlichkeit, Wörter, Wendungen", "red_flags.yml", "Praxisteam"),
)

STYLE = """
body { font-family: "Segoe UI", Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.45;
       color: #1a1a1a; background: #fff; margin: 0; overflow-wrap: break-word; }
main { max-width: 58rem; margin: 0 auto; padding: 1.5rem 2rem 4rem; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid #1f5f8b; padding-bottom: .2rem;
     margin-top: 2.5rem; }
h3 { font-size: 1.1rem; margin: 1.6rem 0 .4rem; break-after: avoid; }
h3 small, .quelle { color: #555; font-weight: normal; }
h3 small { font-size: .75rem; }
.quelle { font-size: .82rem; margin: .3rem 0; }
.stand { color: #444; margin: 0 0 1rem; }
code { font-family: Consolas, "DejaVu Sans Mono", monospace; font-size: .85em; }
nav ol { list-style: none; padding-left: 0; margin: .2rem 0; }
nav > ol > li { margin-top: .4rem; font-weight: bold; }
nav ol ol { columns: 2; column-gap: 2rem; padding-left: 1.2rem; font-weight: normal;
            font-size: .9rem; }
nav ol ol li { break-inside: avoid; }
nav a, article a { color: #1f5f8b; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .4rem 0; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef3f7; }
.thema, .gruppe { border-top: 1px solid #ddd; margin-top: 1.2rem; }
.antwort { white-space: pre-line; background: #f3f7fa; border-left: 4px solid #1f5f8b;
           padding: .6rem .8rem; margin: .3rem 0; break-inside: avoid; }
.variante { font-weight: bold; margin: .6rem 0 .1rem; }
.hinweis { font-style: italic; }
.rueckuebersetzung { font-size: .9em; color: #444; margin: .2rem 0 .6rem; }
.fehlt { color: #b00020; font-weight: bold; }
.knoepfe { list-style: none; padding: 0; margin: .3rem 0 .6rem; font-size: .85rem; }
.knoepfe li { margin: .2rem 0; }
.knopf { display: inline-block; border: 1px solid #1f5f8b; border-radius: 1rem; padding: 0 .6rem;
         color: #1f5f8b; background: #fff; margin-right: .3rem; }
.beispiele { columns: 2; column-gap: 2rem; font-size: .85rem; color: #333; margin: .2rem 0;
             padding-left: 1.2rem; }
.beispiele li { break-inside: avoid; }
.wendungen { font-size: .85rem; overflow-wrap: anywhere; }
.folgen > li { margin-bottom: .8rem; }
.dringlichkeit { display: inline-block; padding: .1rem .5rem; border-radius: .3rem;
                 font-weight: bold; }
.dringlichkeit.notfall { background: #fde2e1; color: #8a1010; }
.dringlichkeit.dringend { background: #fff1d6; color: #7a4a00; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2 { break-before: page; }
  .antwort { background: none; }
}
"""


def toc_html(chapters: Sequence[Tuple[str, str, List[Topic]]]) -> str:
    items = ['<li><a href="#quellen">Woher die Inhalte kommen</a></li>']
    for anchor, title, topics in chapters:
        sub = "".join(
            f'<li><a href="#{t.anchor}">{escape(t.number)} {escape(t.title)}</a></li>'
            for t in topics
        )
        items.append(
            f'<li><a href="#{anchor}">{escape(title)}</a>'
            + (f"<ol>{sub}</ol>" if sub else "")
            + "</li>"
        )
    return "<nav><h2>Inhalt</h2><ol>" + "".join(items) + "</ol></nav>"


def sources_html() -> str:
    rows = "".join(table_row(*source) for source in SOURCES)
    return (
        '<section id="quellen"><h2>Woher die Inhalte kommen</h2>\n'
        "<p>Korrekturen bitte mit der Nummer des Abschnitts an das Praxisteam geben. "
        "Nach jeder Änderung: <code>make check</code>, dann <code>make run</code>.</p>\n"
        "<table><tr><th>Was</th><th>Datei</th><th>Wer ändert es</th></tr>"
        f"{rows}</table></section>"
    )


def build_page(content: Content) -> str:
    faq = faq_topics(content, 1)
    others = intent_topics(other_intents(content), content, 2)
    warnings = intent_topics(RED_FLAG_INTENTS, content, 3)
    links = Links.of(faq + others + warnings, content)
    chapters = [
        ("haeufige-fragen", "1. Häufige Fragen", faq),
        ("weitere-themen", "2. Praxis und Gespräch", others),
        ("warnzeichen-antworten", "3. Antworten bei Warnzeichen", warnings),
        ("sprechzeiten", "4. Sprechzeiten, Schließtage und Feiertage", []),
        ("warnzeichen-gruppen", "5. Warnzeichen-Gruppen", []),
        ("weitere-texte", "6. Hinweis zu Gesprächsbeginn und weitere Texte", []),
    ]

    def topics_html(topics: List[Topic]) -> str:
        return "\n".join(topic_html(topic, links) for topic in topics)

    bodies = {
        "haeufige-fragen": topics_html(faq),
        "weitere-themen": topics_html(others),
        "warnzeichen-antworten": topics_html(warnings) + "\n" + follow_up_html(content, links),
        "sprechzeiten": hours_html(content),
        "warnzeichen-gruppen": red_flag_groups_html(content.red_flags),
        "weitere-texte": more_texts_html(content, links),
    }
    sections = "\n".join(
        f'<section id="{anchor}"><h2>{escape(title)}</h2>\n{bodies[anchor]}\n</section>'
        for anchor, title, _ in chapters
    )
    generated = f"{date_text(content.now.date())}, {content.now:%H:%M} Uhr"
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Inhalte des Praxis-Assistenten</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<h1>Inhalte des Praxis-Assistenten</h1>
<p class="stand">{escape(content.practice.name)} · erstellt am {escape(generated)}
mit <code>make content</code></p>
<p>Diese Seite zeigt alle Texte, die Patientinnen und Patienten vom Chat-Assistenten lesen können:
zu jedem Thema die Antwort, die Knöpfe darunter und die Beispielfragen, an denen der Assistent das
Thema erkennt; dazu die Sprechzeiten und die Warnzeichen.</p>
{toc_html(chapters)}
{sources_html()}
{sections}
</main>
</body>
</html>
"""


def main(argv: Optional[Sequence[str]] = None, project_dir: Optional[Path] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make content",
        description="Schreibt eine HTML-Seite mit allen Texten des Assistenten zum Korrekturlesen.",
    )
    parser.add_argument(
        "--ausgabe",
        type=Path,
        default=None,
        help=f"Zieldatei (Standard: {OUTPUT_FILE} im Projektordner).",
    )
    args = parser.parse_args(argv)
    project_dir = Path(project_dir) if project_dir else CODE_DIR
    output = args.ausgabe or project_dir / OUTPUT_FILE

    try:
        page = build_page(read_content(project_dir))
    except (OSError, yaml.YAMLError, PracticeFileError, RedFlagFileError) as error:
        print(f"Die Seite konnte nicht erstellt werden: {error}", file=sys.stderr)
        print("Bitte „make check“ ausführen: es nennt Datei und Zeile.", file=sys.stderr)
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    print(f"Seite geschrieben: {output.resolve()}")
    print("Bei laufendem Assistenten (make run): http://localhost:8080/inhalte.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
