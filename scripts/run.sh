#!/usr/bin/env bash
# `make run`: the action server, the web page and the Rasa server (scripts/serve.sh),
# answering with the live published version (the first start publishes the current
# files). Ctrl+C stops all three. Settings: settings.env.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/settings.sh
load_settings
load_cors_origins
bash scripts/serve.sh prepare
load_api_token
mkdir -p logs

bash scripts/serve.sh actions > logs/actions.log 2>&1 &
ACTIONS=$!
bash scripts/serve.sh web > logs/web.log 2>&1 &
WEB=$!
trap 'kill $ACTIONS $WEB 2>/dev/null || true' EXIT

cat <<MSG
Praxis-Assistent startet ...
  Demo mit Chat:    http://localhost:$PRAXIS_RUN_WEB_PORT  (Demo-Seite der Praxis, Chat unten rechts)
  Chat-Seite:       http://localhost:$PRAXIS_RUN_WEB_PORT/chat.html  (der Chat als ganze Seite)
  Alle Texte:       http://localhost:$PRAXIS_RUN_WEB_PORT/inhalte.html  (die Dateien, wie sie jetzt sind)
  REST-Kanal:       curl -XPOST localhost:$PRAXIS_RUN_PORT/webhooks/rest/webhook -d '{"sender":"a","message":"Warum hilft Physiotherapie nicht?"}'
  Rasa-HTTP-API:    nur mit Token (?token=...); das Token $TOKEN_WHERE
  Erlaubte Webseiten (CORS): ${CORS_ORIGINS[*]}  (settings.env)
  Aktionsserver:    nur auf diesem Rechner erreichbar (127.0.0.1:$PRAXIS_RUN_ACTIONS_PORT)
  Logs:             logs/actions.log, logs/web.log
  Änderungen veröffentlichen: make publish (ohne Neustart); zurücknehmen: make rollback
Beenden mit Strg+C.
MSG
bash scripts/serve.sh rasa
