#!/usr/bin/env bash
# Starts the action server (5055), the Rasa server with REST channel and API
# (5005) and the chat web page (8080). Ctrl+C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
mkdir -p logs

# A broken practice.yml is reported (in German, with the line) before anything starts.
.venv/bin/python -m actions.practice
# Privacy: conversations older than the retention period (practice.yml, datenschutz) are deleted.
.venv/bin/python -m staff.purge
# The page with every text of the assistant, for proofreading (web/inhalte.html,
# served below as http://localhost:8080/inhalte.html), written fresh at each start.
.venv/bin/python -m staff.content_page \
  || echo "Warnung: web/inhalte.html konnte nicht neu erstellt werden (siehe oben)." >&2

.venv/bin/rasa run actions --port 5055 > logs/actions.log 2>&1 &
ACTIONS=$!
.venv/bin/python -m http.server 8080 --bind 127.0.0.1 --directory web > logs/web.log 2>&1 &
WEB=$!
trap 'kill $ACTIONS $WEB 2>/dev/null || true' EXIT

cat <<MSG
Praxis-Assistent startet ...
  Chat im Browser:  http://localhost:8080
  Alle Texte:       http://localhost:8080/inhalte.html
  REST-Kanal:       curl -XPOST localhost:5005/webhooks/rest/webhook -d '{"sender":"a","message":"Warum hilft Physiotherapie nicht?"}'
  Logs:             logs/actions.log, logs/web.log
Beenden mit Strg+C.
MSG
.venv/bin/rasa run --enable-api --cors "*" --port 5005 \
  --model models/praxis-assistent.tar.gz --endpoints endpoints.yml --credentials credentials.yml
