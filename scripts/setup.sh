#!/usr/bin/env bash
# Creates .venv with Python 3.10 and installs everything the assistant needs.
# Safe to run again: it only reinstalls when requirements changed.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
SPACY_MODEL=de_core_news_sm
SPACY_MODEL_URL="https://github.com/explosion/spacy-models/releases/download/${SPACY_MODEL}-3.4.0/${SPACY_MODEL}-3.4.0-py3-none-any.whl"

find_python310() {
  local candidates=()
  if [ -n "${PYTHON310:-}" ]; then candidates+=("$PYTHON310"); fi
  candidates+=(python3.10)
  if command -v pyenv >/dev/null 2>&1; then
    candidates+=("$(pyenv root)"/versions/3.10.*/bin/python3.10)
  fi
  candidates+=("$HOME"/.pyenv/versions/3.10.*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10)
  for candidate in "${candidates[@]}"; do
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then
  if ! PYTHON=$(find_python310); then
    cat >&2 <<'MSG'
FEHLER: Python 3.10 wurde nicht gefunden (Rasa 3.6 läuft nicht mit Python 3.11 oder neuer).
So installieren Sie es:
  - mit pyenv:          pyenv install 3.10.13
  - unter Debian/Ubuntu: apt-get install python3.10 python3.10-venv
  - oder geben Sie den Pfad an: PYTHON310=/pfad/zu/python3.10 make test
MSG
    exit 1
  fi
  echo "Python 3.10 gefunden: $PYTHON"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
fi

STAMP="$VENV/.requirements.sha"
WANTED=$(cat requirements.txt constraints.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANTED" ]; then
  "$VENV/bin/python" -m pip install --quiet --upgrade pip wheel
  "$VENV/bin/python" -m pip install --quiet -r requirements.txt -c constraints.txt
  echo "$WANTED" > "$STAMP"
fi

# spaCy's German model is only published on GitHub. Where that cannot be
# reached, the assistant uses its announced fallback pipeline instead.
if ! "$VENV/bin/python" -c "import spacy, sys; sys.exit(not spacy.util.is_package('$SPACY_MODEL'))"; then
  if ! "$VENV/bin/python" -m pip install --quiet --no-deps --timeout 15 --retries 1 "$SPACY_MODEL_URL" 2>/dev/null; then
    cat >&2 <<MSG

###############################################################################
#  ACHTUNG / WARNING: spaCy-Modell '$SPACY_MODEL' konnte nicht geladen werden
#  (keine Verbindung zu GitHub). Der Assistent verwendet stattdessen die
#  Ersatz-Pipeline 'de_blank_simplemma' (spacy.blank("de") + simplemma-Lemmata).
#  Für das echte Modell später erneut ausführen:  bash scripts/setup.sh
###############################################################################

MSG
  fi
fi

# Which pipeline is installed decides how the model is trained (see Makefile).
"$VENV/bin/python" -c "from components.german_nlp import installed_pipeline_name as n; print(n())" \
  > "$VENV/spacy-pipeline.new"
if ! cmp -s "$VENV/spacy-pipeline.new" "$VENV/spacy-pipeline.txt"; then
  mv "$VENV/spacy-pipeline.new" "$VENV/spacy-pipeline.txt"
else
  rm "$VENV/spacy-pipeline.new"
fi
echo "spaCy-Pipeline: $(cat "$VENV/spacy-pipeline.txt")"

# Browser tests of the chat widget (tests/test_browser_widget.py): Chromium from
# Debian's packages (Playwright drives it; it cannot download its own browser here)
# and the accessibility audit axe-core from the npm registry (package-lock.json).
# `make run` needs neither, so a missing one is a warning, not an error.
apt_install() {
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installiere $* (apt-get) für die Browser-Tests ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    return 1
  fi
}
if ! command -v chromium >/dev/null 2>&1 && ! apt_install chromium; then
  echo "WARNUNG: Chromium fehlt; die Browser-Tests (make test) brauchen es. Bitte als root ausführen:" >&2
  echo "  apt-get install chromium     (oder: sudo apt-get install chromium)" >&2
fi
if ! command -v npm >/dev/null 2>&1 && ! apt_install npm; then
  echo "WARNUNG: npm fehlt; die Browser-Tests brauchen axe-core aus npm. Bitte als root ausführen:" >&2
  echo "  apt-get install npm     (danach erneut: bash scripts/setup.sh)" >&2
elif command -v npm >/dev/null 2>&1; then
  NPM_WANTED=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ "$(cat node_modules/.praxis-lock.sha 2>/dev/null)" != "$NPM_WANTED" ]; then
    if npm ci --no-audit --no-fund --loglevel=error; then
      echo "$NPM_WANTED" > node_modules/.praxis-lock.sha
    else
      echo "WARNUNG: npm ci ist fehlgeschlagen; die Browser-Tests brauchen axe-core (node_modules)." >&2
    fi
  fi
fi
