#!/usr/bin/env bash
# Sets up the production profile (make run-prod): the Debian packages PostgreSQL,
# Redis and nginx, and the PostgreSQL role and database of the tracker store.
# Safe to run again: it installs and creates only what is missing. Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/settings.sh
load_settings

if [ "$(id -u)" -ne 0 ]; then
  cat >&2 <<'MSG'
FEHLER: Das Produktionsprofil braucht root-Rechte: Es installiert PostgreSQL, Redis
und nginx (apt-get), legt die Datenbank an und startet den PostgreSQL-Dienst.
Bitte so starten:  sudo make run-prod   (oder nur einrichten: sudo make setup-prod)
MSG
  exit 1
fi

missing=()
for package in postgresql redis-server nginx; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installiere Debian-Pakete: ${missing[*]} ..."
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The database password: PRAXIS_DB_PASSWORD, or a random one kept in .secrets/ (git-ignored).
if [ -z "${PRAXIS_DB_PASSWORD:-}" ]; then
  if [ ! -s "$DB_PASSWORD_FILE" ]; then
    mkdir -p "$(dirname "$DB_PASSWORD_FILE")"
    chmod 700 "$(dirname "$DB_PASSWORD_FILE")"
    (umask 077 && .venv/bin/python -c "import secrets; print(secrets.token_hex(24))" > "$DB_PASSWORD_FILE")
    echo "Neues Datenbank-Passwort erzeugt und in $DB_PASSWORD_FILE gespeichert."
  fi
  PRAXIS_DB_PASSWORD=$(tr -d '[:space:]' < "$DB_PASSWORD_FILE")
fi

if ! is_local "$PRAXIS_DB_HOST"; then
  echo "Datenbank auf $PRAXIS_DB_HOST: Rolle und Datenbank richtet der Betreiber dort ein."
  exit 0
fi

cluster=$(local_cluster)
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  echo "Lege PostgreSQL-Cluster $version/main auf Port $PRAXIS_DB_PORT an ..."
  pg_createcluster "$version" main --port "$PRAXIS_DB_PORT"
  cluster=$(local_cluster)
fi
read -r pg_version pg_name pg_status <<< "$cluster"
if [ "$pg_status" != "online" ]; then
  pg_ctlcluster "$pg_version" "$pg_name" start
  trap 'pg_ctlcluster "$pg_version" "$pg_name" stop' EXIT  # leave it as it was
fi

# Role and database (names are plain identifiers; checked so the SQL below stays safe).
for name in "$PRAXIS_DB_USER" "$PRAXIS_DB_NAME"; do
  if ! [[ "$name" =~ ^[a-z_][a-z0-9_]*$ ]]; then
    echo "FEHLER: '$name' ist kein gültiger Name für Rolle/Datenbank (nur a-z, 0-9, _)." >&2
    exit 1
  fi
done
psql_admin() { runuser -u postgres -- psql --port "$PRAXIS_DB_PORT" -v ON_ERROR_STOP=1 -qtA "$@"; }
password_sql=${PRAXIS_DB_PASSWORD//\'/\'\'}
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$PRAXIS_DB_USER'")" != "1" ]; then
  psql_admin -c "CREATE ROLE $PRAXIS_DB_USER LOGIN PASSWORD '$password_sql'"
  echo "PostgreSQL-Rolle $PRAXIS_DB_USER angelegt."
else
  psql_admin -c "ALTER ROLE $PRAXIS_DB_USER LOGIN PASSWORD '$password_sql'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PRAXIS_DB_NAME'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE $PRAXIS_DB_NAME OWNER $PRAXIS_DB_USER"
  echo "PostgreSQL-Datenbank $PRAXIS_DB_NAME angelegt."
fi
echo "Produktionsprofil eingerichtet: PostgreSQL $pg_version/$pg_name (Datenbank $PRAXIS_DB_NAME), Redis, nginx."
