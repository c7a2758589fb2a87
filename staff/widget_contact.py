"""Writes web/praxis-kontakt.json: the practice facts the chat widget shows itself.

    .venv/bin/python -m staff.widget_contact [--praxis practice.yml] [--ausgabe web/praxis-kontakt.json]

When the assistant cannot be reached, the widget (web/praxis-chat.js) tells patients
to call the practice and, in an emergency, 112. The numbers come from practice.yml, the
one source of practice facts: `kontakt.telefon` (empty: not entered yet, the widget then
points to the contact details on the practice's website) and `notfall.notruf`. The
privacy notice above the first message names `datenschutz.aufbewahrung_tage` and links
`datenschutz.url` when it is set.
scripts/run.sh writes the file at each start (git-ignored), like web/inhalte.html.
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, Optional, Sequence

from actions.practice import Practice, PracticeFileError, load_practice, practice_file_path

OUTPUT_FILE = Path(__file__).resolve().parent.parent / "web" / "praxis-kontakt.json"


def widget_contact(practice: Practice) -> Dict[str, object]:
    return {
        "telefon": practice.contact.phone,
        "notruf": practice.emergency.emergency_number,
        "aufbewahrung_tage": practice.retention_days,
        "datenschutz_url": practice.privacy_url,
    }


def write_widget_contact(practice_file: Path, output: Path) -> Dict[str, object]:
    data = widget_contact(load_practice(practice_file))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return data


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m staff.widget_contact",
        description="Schreibt die Telefonnummern aus practice.yml für den Chat auf der Webseite.",
    )
    parser.add_argument(
        "--praxis", type=Path, default=None, help="Praxisdatei (Standard: practice.yml)"
    )
    parser.add_argument("--ausgabe", type=Path, default=OUTPUT_FILE, help="Zieldatei")
    args = parser.parse_args(argv)
    try:
        data = write_widget_contact(args.praxis or practice_file_path(), args.ausgabe)
    except (OSError, PracticeFileError) as error:
        print(f"{args.ausgabe} konnte nicht geschrieben werden: {error}", file=sys.stderr)
        return 1
    telefon = data["telefon"] or "noch keine (kontakt.telefon in practice.yml ist leer)"
    print(f"Geschrieben: {args.ausgabe} (Telefon der Praxis: {telefon})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
