#!/usr/bin/env bash
# Production profile, on one machine: nginx (public entry, port 8405) in front of
# two Rasa instances (5405, 5406), which share the tracker store (PostgreSQL, every
# event) and the lock store (Redis, 6405), and one action server (5455). Rasa, the
# action server and Redis listen on 127.0.0.1 only; nginx passes only the REST
# webhook, the conversation deletion route and the health check. All answer with
# the live published version (the first start publishes the current files).
# Ctrl+C stops everything, and a PostgreSQL cluster that was down before is stopped
# again. Set up first with scripts/setup_prod.sh (`make run-prod` does both).
# Settings: settings.env (scripts/settings.sh); endpoints.prod.yml.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/settings.sh
load_settings
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
LOGS="$PRAXIS_PROD_DIR/logs"
mkdir -p "$LOGS" "$PRAXIS_PROD_DIR/redis" "$PRAXIS_PROD_DIR/nginx-temp"

# --- secrets: API token as in make run, database password from setup_prod.sh
load_api_token
if [ -z "${PRAXIS_DB_PASSWORD:-}" ]; then
  if [ ! -s "$DB_PASSWORD_FILE" ]; then
    echo "FEHLER: $DB_PASSWORD_FILE fehlt. Bitte zuerst einrichten: sudo make setup-prod" >&2
    exit 1
  fi
  PRAXIS_DB_PASSWORD=$(tr -d '[:space:]' < "$DB_PASSWORD_FILE")
fi
export PRAXIS_DB_PASSWORD
export PRAXIS_ACTION_URL="http://127.0.0.1:$PRAXIS_ACTIONS_PORT/webhook"
load_cors_origins

# The live version: its model for every instance, its practice facts for the actions.
select_version --publish-first
# A broken practice.yml is reported (in German, with the line) before anything starts.
.venv/bin/python -m actions.practice

# --- stop everything we started, whatever happens
PIDS=()
STARTED_CLUSTER=""
cleanup() {
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$STARTED_CLUSTER" ]; then
    echo "Stoppe PostgreSQL $STARTED_CLUSTER (war vor dem Start aus) ..."
    pg_ctlcluster ${STARTED_CLUSTER/\// } stop || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start() {  # start NAME COMMAND...: in the background, log and pid file under PRAXIS_PROD_DIR
  local name=$1
  shift
  "$@" > "$LOGS/$name.log" 2>&1 &
  PIDS+=($!)
  echo $! > "$PRAXIS_PROD_DIR/$name.pid"
}

wait_for() {  # wait_for WHAT URL SECONDS
  local deadline=$((SECONDS + $3))
  until curl -fsS -o /dev/null "$2" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      echo "FEHLER: $1 ist nach $3 s nicht bereit (Logs: $LOGS)." >&2
      exit 1
    fi
    sleep 1
  done
}

# --- PostgreSQL (the system cluster) and Redis (an own instance), when local
if is_local "$PRAXIS_DB_HOST"; then
  read -r pg_version pg_name pg_status <<< "$(local_cluster)"
  if [ -z "${pg_version:-}" ]; then
    echo "FEHLER: kein PostgreSQL-Cluster auf Port $PRAXIS_DB_PORT. Bitte zuerst: sudo make setup-prod" >&2
    exit 1
  fi
  if [ "$pg_status" != "online" ]; then
    pg_ctlcluster "$pg_version" "$pg_name" start
    STARTED_CLUSTER="$pg_version/$pg_name"
  fi
fi
if is_local "$PRAXIS_REDIS_HOST"; then
  render_template deploy/redis.conf.template > "$PRAXIS_PROD_DIR/redis.conf"
  if [ -n "$PRAXIS_REDIS_PASSWORD" ]; then
    echo "requirepass $PRAXIS_REDIS_PASSWORD" >> "$PRAXIS_PROD_DIR/redis.conf"
  fi
  chmod 600 "$PRAXIS_PROD_DIR/redis.conf"
  start redis redis-server "$PRAXIS_PROD_DIR/redis.conf"
fi

# Privacy: conversations older than the retention period are deleted (as in make run).
.venv/bin/python -m staff.purge --endpoints endpoints.prod.yml

# --- action server, Rasa instances, nginx
SANIC_HOST=127.0.0.1 start actions .venv/bin/rasa run actions --port "$PRAXIS_ACTIONS_PORT"
upstreams=""
for port in $PRAXIS_RASA_PORTS; do
  start "rasa-$port" .venv/bin/rasa run --enable-api --auth-token "$RASA_AUTH_TOKEN" \
    --cors "${CORS_ORIGINS[@]}" --interface 127.0.0.1 --port "$port" \
    --model "$MODEL" --endpoints endpoints.prod.yml \
    --credentials credentials.yml
  upstreams+="        server 127.0.0.1:$port max_fails=1 fail_timeout=10s;"$'\n'
done
export PRAXIS_NGINX_UPSTREAMS="$upstreams"
render_template deploy/nginx.conf.template > "$PRAXIS_PROD_DIR/nginx.conf"
echo "Starte Aktionsserver und Rasa-Instanzen ($PRAXIS_RASA_PORTS); das dauert etwa eine Minute ..."
wait_for "Aktionsserver" "http://127.0.0.1:$PRAXIS_ACTIONS_PORT/health" 180
for port in $PRAXIS_RASA_PORTS; do
  wait_for "Rasa-Instanz $port" "http://127.0.0.1:$port/status?token=$RASA_AUTH_TOKEN" 600
done
nginx -t -q -e "$LOGS/nginx-error.log" -c "$PRAXIS_PROD_DIR/nginx.conf"
start nginx nginx -e "$LOGS/nginx-error.log" -c "$PRAXIS_PROD_DIR/nginx.conf"
wait_for "nginx" "http://127.0.0.1:$PRAXIS_PROD_PORT/" 30

cat <<MSG
Praxis-Assistent läuft (Produktionsprofil).
  Öffentlich (nginx):  http://<rechner>:$PRAXIS_PROD_PORT/webhooks/rest/webhook und GET / (Lebenszeichen)
                       curl -XPOST localhost:$PRAXIS_PROD_PORT/webhooks/rest/webhook -d '{"sender":"a","message":"Hallo"}'
  Rasa-Instanzen:      127.0.0.1:${PRAXIS_RASA_PORTS// /, 127.0.0.1:} (HTTP-API nur dort, nur mit Token; das Token $TOKEN_WHERE)
  Aktionsserver:       127.0.0.1:$PRAXIS_ACTIONS_PORT
  Gespräche:           PostgreSQL $PRAXIS_DB_HOST:$PRAXIS_DB_PORT, Datenbank $PRAXIS_DB_NAME
  Sperren:             Redis $PRAXIS_REDIS_HOST:$PRAXIS_REDIS_PORT
  Erlaubte Webseiten (CORS): ${CORS_ORIGINS[*]}
  Logs:                $LOGS
Beenden mit Strg+C.
MSG
# Runs until Ctrl+C. A Rasa instance that ends is reported and nginx sends its
# messages to the others; when the last one, nginx, Redis or the action server
# ends, everything stops.
alive() { kill -0 "$(cat "$PRAXIS_PROD_DIR/$1.pid")" 2>/dev/null; }
reported=""
while true; do
  sleep 2
  for name in nginx actions $(is_local "$PRAXIS_REDIS_HOST" && echo redis); do
    if ! alive "$name"; then
      echo "FEHLER: $name hat sich beendet (Log: $LOGS/$name.log); stoppe alle Dienste." >&2
      exit 1
    fi
  done
  running=0
  for port in $PRAXIS_RASA_PORTS; do
    if alive "rasa-$port"; then
      running=$((running + 1))
    elif [[ " $reported " != *" $port "* ]]; then
      echo "WARNUNG: Rasa-Instanz $port hat sich beendet (Log: $LOGS/rasa-$port.log); nginx nutzt die übrigen." >&2
      reported+=" $port"
    fi
  done
  if [ "$running" -eq 0 ]; then
    echo "FEHLER: keine Rasa-Instanz läuft mehr; stoppe alle Dienste." >&2
    exit 1
  fi
done
