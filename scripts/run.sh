#!/usr/bin/env bash
# Starts the action server (5055, on 127.0.0.1 only), the Rasa server with REST
# channel and API (5005) and the web pages (8080: the demo page of the practice with
# the chat widget, and the full-page chat chat.html). Ctrl+C stops all three.
#
# Security: the HTTP API (/conversations, /model, /status, ...) needs a token
# (`rasa run --auth-token`, clients pass `?token=`): RASA_AUTH_TOKEN, or else a random
# token kept in .secrets/rasa-auth-token (git-ignored, mode 600) and reused on later
# starts. The REST webhook and `GET /` stay open for the chat. CORS allows only the
# origins in PRAXIS_CORS_ORIGINS (space-separated, default: the demo page).
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
# The practice's phone number for the chat widget's offline notice (web/praxis-kontakt.json).
.venv/bin/python -m staff.widget_contact

# The token of the HTTP API. Not under .rasa/, which `make clean` deletes.
TOKEN_FILE=.secrets/rasa-auth-token
if [ -n "${RASA_AUTH_TOKEN:-}" ]; then
  TOKEN_WHERE="kommt aus der Umgebungsvariable RASA_AUTH_TOKEN"
  TOKEN_EXAMPLE='curl "localhost:5005/status?token=$RASA_AUTH_TOKEN"'
else
  if [ ! -s "$TOKEN_FILE" ]; then
    mkdir -p "$(dirname "$TOKEN_FILE")"
    chmod 700 "$(dirname "$TOKEN_FILE")"
    (umask 077 && .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(32))" > "$TOKEN_FILE")
    echo "Neues Token für die Rasa-HTTP-API erzeugt und in $TOKEN_FILE gespeichert."
  fi
  chmod 600 "$TOKEN_FILE"
  RASA_AUTH_TOKEN=$(tr -d '[:space:]' < "$TOKEN_FILE")
  TOKEN_WHERE="steht in der Datei $TOKEN_FILE (nur für diesen Benutzer lesbar)"
  TOKEN_EXAMPLE="curl \"localhost:5005/status?token=\$(cat $TOKEN_FILE)\""
fi
if [ -z "$RASA_AUTH_TOKEN" ]; then
  echo "Fehler: $TOKEN_FILE ist leer. Bitte die Datei löschen; beim nächsten Start wird ein neues Token erzeugt." >&2
  exit 1
fi

# Origins that may call the server from a browser (CORS); never "*".
read -r -a CORS_ORIGINS <<< "${PRAXIS_CORS_ORIGINS:-http://localhost:8080 http://127.0.0.1:8080}"
if [ ${#CORS_ORIGINS[@]} -eq 0 ]; then
  CORS_ORIGINS=(http://localhost:8080 http://127.0.0.1:8080)
fi
for origin in "${CORS_ORIGINS[@]}"; do
  if [ "$origin" = "*" ]; then
    echo "Fehler: PRAXIS_CORS_ORIGINS darf nicht * enthalten; bitte die Adressen der Webseite nennen (z. B. https://www.praxis-beispiel.de)." >&2
    exit 1
  fi
done

# rasa-sdk 3.6 has no --interface option; it listens on the address in SANIC_HOST.
SANIC_HOST=127.0.0.1 .venv/bin/rasa run actions --port 5055 > logs/actions.log 2>&1 &
ACTIONS=$!
.venv/bin/python -m http.server 8080 --bind 127.0.0.1 --directory web > logs/web.log 2>&1 &
WEB=$!
trap 'kill $ACTIONS $WEB 2>/dev/null || true' EXIT

cat <<MSG
Praxis-Assistent startet ...
  Demo mit Chat:    http://localhost:8080  (Demo-Seite der Praxis, Chat unten rechts)
  Chat-Seite:       http://localhost:8080/chat.html  (der Chat als ganze Seite)
  Alle Texte:       http://localhost:8080/inhalte.html
  REST-Kanal:       curl -XPOST localhost:5005/webhooks/rest/webhook -d '{"sender":"a","message":"Warum hilft Physiotherapie nicht?"}'
  Rasa-HTTP-API:    nur mit Token (?token=...); das Token $TOKEN_WHERE
                    z. B. $TOKEN_EXAMPLE
  Erlaubte Webseiten (CORS): ${CORS_ORIGINS[*]}
  Aktionsserver:    nur auf diesem Rechner erreichbar (127.0.0.1:5055)
  Logs:             logs/actions.log, logs/web.log
Beenden mit Strg+C.
MSG
.venv/bin/rasa run --enable-api --auth-token "$RASA_AUTH_TOKEN" --cors "${CORS_ORIGINS[@]}" \
  --port 5005 --model models/praxis-assistent.tar.gz --endpoints endpoints.yml \
  --credentials credentials.yml
