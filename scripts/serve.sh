#!/usr/bin/env bash
# One part of the assistant as `make run` runs it, in the foreground; scripts/run.sh
# starts them together, the systemd units in deploy/systemd/ one each.
#   prepare  checks the live practice facts, deletes conversations past the
#            retention, writes web/inhalte.html and web/praxis-kontakt.json;
#            publishes the current files first when nothing is published yet
#   actions  the action server (127.0.0.1:PRAXIS_RUN_ACTIONS_PORT)
#   web      the demo page with the chat (127.0.0.1:PRAXIS_RUN_WEB_PORT)
#   rasa     the Rasa server with REST channel and HTTP API (PRAXIS_RUN_PORT)
# Settings: settings.env (scripts/settings.sh). The HTTP API (/conversations,
# /model, /status, ...) needs the token; the REST webhook and `GET /` stay open for
# the chat. CORS allows only PRAXIS_CORS_ORIGINS.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/settings.sh
load_settings
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
mkdir -p logs

case "${1:-}" in
  prepare)
    select_version --publish-first
    # A broken practice.yml is reported (in German, with the line) before anything starts.
    .venv/bin/python -m actions.practice
    # Privacy: conversations older than the retention period are deleted.
    .venv/bin/python -m staff.purge
    # The page with every text, for proofreading before publishing: the files as
    # they are now (http://localhost:8080/inhalte.html).
    PRAXIS_FILE=practice.yml .venv/bin/python -m staff.content_page \
      || echo "Warnung: web/inhalte.html konnte nicht neu erstellt werden (siehe oben)." >&2
    # The practice's phone number for the chat widget's offline notice.
    .venv/bin/python -m staff.widget_contact
    load_api_token
    ;;
  actions)
    select_version
    # rasa-sdk 3.6 has no --interface option; it listens on the address in SANIC_HOST.
    SANIC_HOST=127.0.0.1 exec .venv/bin/rasa run actions --port "$PRAXIS_RUN_ACTIONS_PORT"
    ;;
  web)
    exec .venv/bin/python -m http.server "$PRAXIS_RUN_WEB_PORT" --bind 127.0.0.1 --directory web
    ;;
  rasa)
    select_version
    load_api_token
    load_cors_origins
    exec .venv/bin/rasa run --enable-api --auth-token "$RASA_AUTH_TOKEN" --cors "${CORS_ORIGINS[@]}" \
      --port "$PRAXIS_RUN_PORT" --model "$MODEL" --endpoints endpoints.yml \
      --credentials credentials.yml
    ;;
  *)
    echo "Aufruf: bash scripts/serve.sh prepare|actions|web|rasa" >&2
    exit 2
    ;;
esac
