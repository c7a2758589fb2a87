"""A short German summary of what changed between two sets of staff files: which
answers, how many example questions per topic, which practice facts, which
warning-sign groups. Shown by `make versions` next to each version.
"""

from pathlib import Path
from typing import Any, Dict, List, Optional, Set

import yaml

from publishing.versions import staff_files

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CORPUS_PREFIX = "red_flag_corpus/train/"
DATA_PREFIX = "data/"


def _load(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except (OSError, yaml.YAMLError):
        return None


def _flatten(value: Any, prefix: str = "") -> Dict[str, Any]:
    """{"kontakt.telefon": "040 ...", ...}; lists stay whole."""
    if isinstance(value, dict):
        flat = {}
        for key, inner in value.items():
            flat.update(_flatten(inner, f"{prefix}{key}."))
        return flat
    return {prefix.rstrip("."): value}


def _examples(files: Dict[str, Any]) -> Dict[str, Set[str]]:
    """Intent -> example questions, over all data files."""
    examples: Dict[str, Set[str]] = {}
    for data in files.values():
        for block in (data or {}).get("nlu", []) or []:
            if isinstance(block, dict) and "intent" in block:
                lines = str(block.get("examples", "")).splitlines()
                texts = {
                    line.strip()[2:].strip() for line in lines if line.strip().startswith("- ")
                }
                examples.setdefault(str(block["intent"]), set()).update(texts)
    return examples


def _corpus_sentences(files: Dict[str, Any]) -> Set[str]:
    sentences = set()
    for data in files.values():
        for key in ("warnzeichen", "harmlos"):
            for item in (data or {}).get(key, []) or []:
                if isinstance(item, dict):
                    sentences.add(str(item.get("text", "")))
    return sentences


def _names(changed: Set[str]) -> str:
    return ", ".join(sorted(changed))


def summarize(old_dir: Optional[Path], new_dir: Path) -> List[str]:
    """German lines describing the change from old_dir to new_dir (project folders)."""
    if old_dir is None or not old_dir.is_dir():
        return ["Erste veröffentlichte Version."]
    old_files = set(staff_files(old_dir))
    new_files = set(staff_files(new_dir))
    lines: List[str] = []

    old_domain = _load(old_dir / "domain.yml") or {}
    new_domain = _load(new_dir / "domain.yml") or {}
    old_responses = old_domain.get("responses") or {}
    new_responses = new_domain.get("responses") or {}
    changed = {
        n
        for n in old_responses.keys() & new_responses.keys()
        if old_responses[n] != new_responses[n]
    }
    added = new_responses.keys() - old_responses.keys()
    removed = old_responses.keys() - new_responses.keys()
    if changed:
        lines.append(f"Antworten geändert: {_names(changed)}")
    if added:
        lines.append(f"Antworten neu: {_names(added)}")
    if removed:
        lines.append(f"Antworten entfernt: {_names(removed)}")
    rest_old = {k: v for k, v in old_domain.items() if k != "responses"}
    rest_new = {k: v for k, v in new_domain.items() if k != "responses"}
    if rest_old != rest_new:
        lines.append("domain.yml: Themen, Aktionen oder Einstellungen geändert")

    data_old = {f: _load(old_dir / f) for f in old_files if f.startswith(DATA_PREFIX)}
    data_new = {f: _load(new_dir / f) for f in new_files if f.startswith(DATA_PREFIX)}
    old_examples, new_examples = _examples(data_old), _examples(data_new)
    counts = []
    for intent in sorted(old_examples.keys() | new_examples.keys()):
        before, after = old_examples.get(intent, set()), new_examples.get(intent, set())
        plus, minus = len(after - before), len(before - after)
        if plus or minus:
            counts.append(f"{intent} (+{plus} −{minus})" if minus else f"{intent} (+{plus})")
    if counts:
        lines.append("Beispielfragen: " + ", ".join(counts))
    if data_old != data_new and not counts:
        lines.append("Trainingsdaten in data/ geändert (Regeln oder Geschichten)")

    old_practice = _flatten(_load(old_dir / "practice.yml") or {})
    new_practice = _flatten(_load(new_dir / "practice.yml") or {})
    facts = {
        k
        for k in old_practice.keys() | new_practice.keys()
        if old_practice.get(k) != new_practice.get(k)
    }
    if facts:
        lines.append(f"Praxisdaten geändert: {_names(facts)}")

    old_flags = _load(old_dir / "red_flags.yml") or {}
    new_flags = _load(new_dir / "red_flags.yml") or {}
    old_groups = old_flags.get("gruppen") or {}
    new_groups = new_flags.get("gruppen") or {}
    groups = {
        g for g in old_groups.keys() | new_groups.keys() if old_groups.get(g) != new_groups.get(g)
    }
    if groups:
        lines.append(f"Warnzeichen-Liste geändert: {_names(groups)}")
    other_flags = {
        k
        for k in old_flags.keys() | new_flags.keys()
        if k != "gruppen" and old_flags.get(k) != new_flags.get(k)
    }
    if other_flags:
        lines.append(f"Warnzeichen-Liste geändert: {_names(other_flags)}")

    corpus_old = _corpus_sentences(
        {f: _load(old_dir / f) for f in old_files if f.startswith(CORPUS_PREFIX)}
    )
    corpus_new = _corpus_sentences(
        {f: _load(new_dir / f) for f in new_files if f.startswith(CORPUS_PREFIX)}
    )
    plus, minus = len(corpus_new - corpus_old), len(corpus_old - corpus_new)
    if plus or minus:
        lines.append(f"Beispielsätze für Warnzeichen: +{plus} −{minus}")

    if (_load(old_dir / "config.yml") or {}) != (_load(new_dir / "config.yml") or {}):
        lines.append("config.yml (Einstellungen des Modells) geändert")
    return lines or ["Keine inhaltliche Änderung (erneut veröffentlicht)."]
