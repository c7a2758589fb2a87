"""Publishing: `make publish`, `make versions`, `make rollback`.

    .venv/bin/python -m staff.publish publish
    .venv/bin/python -m staff.publish versions
    .venv/bin/python -m staff.publish rollback [--version ID]

publish: checks the staff files (as `make check`, plus the safety texts), trains a
new model beside the running one, runs the safety test on it (publishing/), keeps
it as a new version with a summary of what changed, and switches the running
assistant to it without stopping it (`make run`'s server and the production
profile's instances, whichever run). Any failure before the switch leaves the live
assistant untouched; a failure during the switch puts the previous version back.

The practice facts are part of a version: the action server reads the live
version's practice.yml (PRAXIS_FILE), so saving practice.yml changes nothing
until it is published.
"""

import argparse
import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import List, Mapping, Optional, Sequence

from publishing.changes import summarize
from publishing.live_switch import Nginx, RasaServer, SwitchError, running_servers, switch
from publishing.safety_test import run_safety_test
from publishing.settings import api_token, load_settings, project_path
from publishing.versions import Version, VersionStore
from staff.check import check_project, print_report
from staff.widget_contact import OUTPUT_FILE as WIDGET_CONTACT_FILE
from staff.widget_contact import write_widget_contact

CODE_DIR = Path(__file__).resolve().parent.parent
# TensorFlow (imported by Rasa) writes start-up notes straight to stderr otherwise.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
UNCHANGED = "Der Assistent antwortet weiter wie bisher; es wurde nichts veröffentlicht."


def say(text: str = "") -> None:
    print(text, flush=True)


def store_from(settings: Mapping[str, str]) -> VersionStore:
    return VersionStore(project_path(settings["PRAXIS_VERSIONS_DIR"]))


def train(project_dir: Path, output_dir: Path, log_file: Path) -> Optional[Path]:
    """Trains a model from the project's files into output_dir; None on failure.

    Without --force: Rasa's training cache (with our components' fingerprints,
    components/fingerprint.py) retrains only what the change touches."""
    rasa = Path(sys.executable).with_name("rasa")
    environment = dict(
        os.environ,
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
        # The project's cache also serves a copy of the project (tests).
        RASA_CACHE_DIRECTORY=os.environ.get(
            "RASA_CACHE_DIRECTORY", str(CODE_DIR / ".rasa" / "cache")
        ),
    )
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "w", encoding="utf-8") as log:
        result = subprocess.run(
            [str(rasa), "train", "--out", str(output_dir), "--fixed-model-name", "neu"],
            cwd=project_dir,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    model = output_dir / "neu.tar.gz"
    return model if result.returncode == 0 and model.exists() else None


@contextlib.contextmanager
def one_at_a_time(store: VersionStore):
    """Only one publish or rollback at a time; a second one stops with a message."""
    store.root.mkdir(parents=True, exist_ok=True)
    with open(store.root / ".sperre", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SystemExit(
                "Gerade läuft schon eine Veröffentlichung oder Rücknahme. Bitte warten, bis "
                "sie fertig ist, dann erneut versuchen."
            )
        yield


def update_widget_contact(version: Version, output: Path) -> None:
    """The facts the chat widget shows itself (phone number, retention period)."""
    try:
        write_widget_contact(version.practice_file, output)
    except Exception as error:  # the widget keeps its old file; not worth failing for
        say(f"Hinweis: {output.name} nicht aktualisiert ({error}).")


def go_live(
    store: VersionStore,
    version: Version,
    previous: Optional[Version],
    settings: Mapping[str, str],
    token: Optional[str],
    widget_contact_file: Path = WIDGET_CONTACT_FILE,
) -> List[RasaServer]:
    """Makes the version live on every running server; puts `previous` back on failure."""
    servers = running_servers(settings, token) if token else []
    nginx = Nginx(project_path(settings["PRAXIS_PROD_DIR"]))
    store.set_live(version)
    try:
        switch(servers, version.model, token, nginx)
    except SwitchError as error:
        if previous is None:
            store.unset_live()
            raise
        store.set_live(previous)
        changed = [s for s in servers if s.model_file(token) not in (None, previous.model.name)]
        try:
            switch(changed, previous.model, token, nginx)
        except SwitchError as second:
            raise SwitchError(
                f"{error}; auch das Zurückschalten auf Version {previous.id} schlug fehl "
                f"({second}). Bitte den Assistenten neu starten."
            ) from second
        raise
    update_widget_contact(version, widget_contact_file)
    return servers


def describe_servers(servers: Sequence[RasaServer]) -> str:
    if not servers:
        return (
            "Der Assistent läuft gerade nicht; beim nächsten Start (make run oder "
            "make run-prod) antwortet er mit dieser Version."
        )
    ports = ", ".join(str(server.port) for server in servers)
    return f"Der laufende Assistent antwortet jetzt mit dieser Version (Rasa-Server: {ports})."


def publish(project_dir: Path, settings: Mapping[str, str]) -> int:
    started = time.monotonic()
    store = store_from(settings)
    store.clear_unfinished()
    previous = store.live()

    say("1/4 Dateien prüfen (wie make check) ...")
    report = check_project(project_dir, use_model=False, use_rasa=True)
    if report.error_count:
        print_report(report)
        say(f"\nNICHT veröffentlicht: Bitte die Fehler oben beheben. {UNCHANGED}")
        return 1

    say("2/4 Neues Modell trainieren (einige Minuten; der Assistent antwortet weiter) ...")
    log_file = project_dir / "logs" / "publish-train.log"
    output_dir = store.root / f".training-{os.getpid()}"
    model = train(project_dir, output_dir, log_file)
    if model is None:
        shutil.rmtree(output_dir, ignore_errors=True)
        say(f"\nNICHT veröffentlicht: Das Training ist fehlgeschlagen (Protokoll: {log_file}).")
        say(UNCHANGED)
        return 1

    say("3/4 Sicherheitstest des neuen Modells (Warnzeichen, Fragen, Knöpfe) ...")
    failures = run_safety_test(model)
    report = check_project(project_dir, use_model=True, use_rasa=False, model_path=model)
    if failures or report.error_count:
        for failure in failures:
            say(f"  „{failure.message}“: erwartet {failure.expected}, bekommen: {failure.got}")
        print_report(report)
        shutil.rmtree(output_dir, ignore_errors=True)
        say(
            "\nNICHT veröffentlicht: Das neue Modell hat den Sicherheitstest nicht bestanden. "
            "Meist fehlen Beispielfragen oder eine Änderung an red_flags.yml oder data/ "
            f"verdrängt ein Thema. {UNCHANGED}"
        )
        return 1

    say("4/4 Als neue Version speichern und umschalten ...")
    summary = summarize(previous.files if previous else None, project_dir)
    version = store.create(project_dir, model, summary, datetime.now().astimezone())
    shutil.rmtree(output_dir, ignore_errors=True)
    token = api_token(settings)
    try:
        servers = go_live(store, version, previous, settings, token)
    except SwitchError as error:
        shutil.rmtree(version.path, ignore_errors=True)  # never live: not a version
        say(f"\nNICHT veröffentlicht: Umschalten fehlgeschlagen ({error}).")
        say("Der Assistent antwortet mit der bisherigen Version.")
        return 1
    say(f"\nVeröffentlicht: Version {version.id} ({time.monotonic() - started:.0f} s).")
    for line in version.summary:
        say(f"  {line}")
    say(describe_servers(servers))
    say("Zurücknehmen: make rollback")
    return 0


def list_versions(settings: Mapping[str, str]) -> int:
    store = store_from(settings)
    versions = store.all()
    if not versions:
        say("Es wurde noch keine Version veröffentlicht (make publish).")
        return 0
    live = store.live()
    say("Veröffentlichte Versionen, neueste zuerst („LIVE“ antwortet gerade):")
    for version in reversed(versions):
        marker = "LIVE" if live and version.id == live.id else "    "
        created = datetime.fromisoformat(version.created).strftime("%d.%m.%Y %H:%M")
        say(f"{marker}  {version.id}  veröffentlicht am {created}")
        for line in version.summary:
            say(f"        {line}")
    return 0


def rollback(settings: Mapping[str, str], version_id: Optional[str]) -> int:
    store = store_from(settings)
    live = store.live()
    if live is None:
        say("Es ist noch keine Version veröffentlicht; es gibt nichts zurückzunehmen.")
        return 1
    target = store.get(version_id) if version_id else store.before(live)
    if target is None:
        which = (
            f"Die Version „{version_id}“ gibt es nicht"
            if version_id
            else ("Es gibt keine ältere Version")
        )
        say(f"{which} (alle Versionen: make versions). Nichts geändert.")
        return 1
    started = time.monotonic()
    try:
        servers = go_live(store, target, live, settings, api_token(settings))
    except SwitchError as error:
        say(f"Zurücksetzen fehlgeschlagen ({error}); Version {live.id} ist weiter aktiv.")
        return 1
    say(f"Zurückgesetzt auf Version {target.id} ({time.monotonic() - started:.0f} s).")
    say(describe_servers(servers))
    say(
        "Ihre Dateien im Projektordner sind unverändert: Die zurückgenommene Änderung "
        "steht noch darin. Bitte vor der nächsten Veröffentlichung korrigieren."
    )
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m staff.publish",
        description="Änderungen veröffentlichen, Versionen anzeigen, zurücknehmen.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("publish", help="prüfen, trainieren, umschalten")
    commands.add_parser("versions", help="veröffentlichte Versionen anzeigen")
    rollback_command = commands.add_parser("rollback", help="vorherige Version aktivieren")
    rollback_command.add_argument("--version", help="diese Version statt der vorherigen")
    args = parser.parse_args(argv)
    settings = load_settings()
    if args.command == "versions":
        return list_versions(settings)
    with one_at_a_time(store_from(settings)):
        if args.command == "publish":
            return publish(CODE_DIR, settings)
        return rollback(settings, args.version)


if __name__ == "__main__":
    sys.exit(main())
