"""The operating settings in settings.env, read the way scripts/settings.sh reads them.

One setting per line, NAME=value (shell quoting); a variable set in the environment
wins over the file, so tests and one-off starts can override any setting.
"""

import os
import re
import shlex
from pathlib import Path
from typing import Dict, Mapping, Optional

PROJECT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = PROJECT / "settings.env"
ASSIGNMENT = re.compile(r"^([A-Z_][A-Z0-9_]*)=(.*)$")


class SettingsError(ValueError):
    pass


def read_settings_file(path: Path) -> Dict[str, str]:
    values = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = ASSIGNMENT.match(stripped)
        if not match:
            raise SettingsError(f"{path.name}:{number}: Zeile nicht verständlich (NAME=Wert).")
        values[match.group(1)] = " ".join(shlex.split(match.group(2), comments=True))
    return values


def load_settings(environment: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    """settings.env (or PRAXIS_SETTINGS) overlaid with the environment."""
    environment = os.environ if environment is None else environment
    path = Path(environment.get("PRAXIS_SETTINGS") or SETTINGS_FILE)
    if not path.is_absolute():
        path = PROJECT / path
    settings = read_settings_file(path)
    settings.update({key: value for key, value in environment.items() if key.startswith("PRAXIS_")})
    if "RASA_AUTH_TOKEN" in environment:
        settings["RASA_AUTH_TOKEN"] = environment["RASA_AUTH_TOKEN"]
    return settings


def project_path(value: str) -> Path:
    """A path setting; relative ones are relative to the project folder."""
    path = Path(value)
    return path if path.is_absolute() else PROJECT / path


def api_token(settings: Mapping[str, str]) -> Optional[str]:
    """The Rasa HTTP API token, or None while none was created yet."""
    if settings.get("RASA_AUTH_TOKEN"):
        return settings["RASA_AUTH_TOKEN"]
    path = project_path(settings["PRAXIS_TOKEN_FILE"])
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


DB_PASSWORD_FILE = ".secrets/db-password"


def export_settings() -> None:
    """Puts the settings into os.environ where unset, as scripts/settings.sh does, so
    that Rasa fills in the ${PRAXIS_...} of endpoints.yml and endpoints.prod.yml
    (with the two values scripts/run_prod.sh derives: the action server's address
    and the database password)."""
    settings = load_settings()
    for key, value in settings.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault(
        "PRAXIS_ACTION_URL", f"http://127.0.0.1:{settings['PRAXIS_ACTIONS_PORT']}/webhook"
    )
    password_file = project_path(DB_PASSWORD_FILE)
    if "PRAXIS_DB_PASSWORD" not in os.environ and password_file.exists():
        os.environ["PRAXIS_DB_PASSWORD"] = password_file.read_text(encoding="utf-8").strip()
