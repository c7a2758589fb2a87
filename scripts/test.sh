#!/usr/bin/env bash
# All tests of the assistant (called by `make test` after setup and training).
set -euo pipefail
cd "$(dirname "$0")/.."
# endpoints.yml (read by rasa test) names the action server's port from settings.env.
source scripts/settings.sh
load_settings
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
RASA=.venv/bin/rasa

echo "== Code-Stil (ruff, wie make lint)"
.venv/bin/ruff check actions channels components publishing staff scripts tests
.venv/bin/ruff format --check actions channels components publishing staff scripts tests

echo "== Praxisdaten (practice.yml) prüfen"
.venv/bin/python -m actions.practice

echo "== Inhalte prüfen (wie make check, ohne Modell)"
.venv/bin/python -m staff.check --ohne-modell --ohne-rasa

echo "== Trainingsdaten prüfen (rasa data validate)"
$RASA data validate --fail-on-warnings --quiet

echo "== End-to-end-Testgeschichten (tests/test_stories.yml)"
$RASA test core --stories tests/test_stories.yml --model models/praxis-assistent.tar.gz \
  --fail-on-prediction-errors --out results/stories --quiet

echo "== pytest: Aktionen, Warnzeichen, NLU-Genauigkeit, REST"
.venv/bin/python -m pytest
