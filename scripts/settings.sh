# Sourced by the run, publish and setup scripts (from the project folder): loads
# settings.env, the practice's one file of operating settings. A variable that is
# already set in the environment keeps its value, so tests and one-off starts can
# override any setting. PRAXIS_SETTINGS names another file.
load_settings() {
  local file=${PRAXIS_SETTINGS:-settings.env} line key
  if [ ! -f "$file" ]; then
    echo "FEHLER: Die Einstellungsdatei $file fehlt (siehe settings.env im Projekt)." >&2
    return 1
  fi
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
    if [[ ! "$line" =~ ^([A-Z_][A-Z0-9_]*)=(.*)$ ]]; then
      echo "FEHLER: $file: Zeile nicht verständlich (erwartet NAME=Wert): $line" >&2
      return 1
    fi
    key=${BASH_REMATCH[1]}
    if [ -z "${!key+x}" ]; then
      # The file belongs to the operator; eval reads quoted values as the shell does.
      eval "export $key=${BASH_REMATCH[2]}"
    fi
  done < "$file"
  # Relative folders are relative to the project folder.
  case "$PRAXIS_PROD_DIR" in /*) ;; *) PRAXIS_PROD_DIR="$PWD/$PRAXIS_PROD_DIR" ;; esac
  case "$PRAXIS_VERSIONS_DIR" in /*) ;; *) PRAXIS_VERSIONS_DIR="$PWD/$PRAXIS_VERSIONS_DIR" ;; esac
  export PRAXIS_PROD_DIR PRAXIS_VERSIONS_DIR
}

# The production profile's database password (scripts/setup_prod.sh creates it).
DB_PASSWORD_FILE=.secrets/db-password

# Prints a template with every ${PRAXIS_...} replaced by the environment's value.
render_template() {
  .venv/bin/python -c 'import os, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
print(re.sub(r"\$\{(PRAXIS_[A-Z_]+)\}", lambda m: os.environ[m.group(1)], text), end="")' "$1"
}

is_local() { case "$1" in 127.0.0.1 | localhost | ::1) return 0 ;; *) return 1 ;; esac; }

# The PostgreSQL cluster of this machine on PRAXIS_DB_PORT: "version name status".
local_cluster() {
  pg_lsclusters -h 2>/dev/null | awk -v port="$PRAXIS_DB_PORT" '$3 == port {print $1, $2, $4; exit}'
}

# The API token: RASA_AUTH_TOKEN, or the token file (created on first use, mode 600).
load_api_token() {
  if [ -n "${RASA_AUTH_TOKEN:-}" ]; then
    TOKEN_WHERE="kommt aus der Umgebungsvariable RASA_AUTH_TOKEN"
    return 0
  fi
  if [ ! -s "$PRAXIS_TOKEN_FILE" ]; then
    mkdir -p "$(dirname "$PRAXIS_TOKEN_FILE")"
    chmod 700 "$(dirname "$PRAXIS_TOKEN_FILE")"
    (umask 077 && .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(32))" > "$PRAXIS_TOKEN_FILE")
    echo "Neues Token für die Rasa-HTTP-API erzeugt und in $PRAXIS_TOKEN_FILE gespeichert."
  fi
  chmod 600 "$PRAXIS_TOKEN_FILE"
  RASA_AUTH_TOKEN=$(tr -d '[:space:]' < "$PRAXIS_TOKEN_FILE")
  if [ -z "$RASA_AUTH_TOKEN" ]; then
    echo "Fehler: $PRAXIS_TOKEN_FILE ist leer. Bitte die Datei löschen; beim nächsten Start wird ein neues Token erzeugt." >&2
    return 1
  fi
  export RASA_AUTH_TOKEN
  TOKEN_WHERE="steht in der Datei $PRAXIS_TOKEN_FILE (nur für diesen Benutzer lesbar)"
}

# The CORS origins as an array; never "*".
load_cors_origins() {
  read -r -a CORS_ORIGINS <<< "$PRAXIS_CORS_ORIGINS"
  if [ ${#CORS_ORIGINS[@]} -eq 0 ]; then
    echo "Fehler: PRAXIS_CORS_ORIGINS ist leer; bitte in settings.env die Adressen der Webseite nennen." >&2
    return 1
  fi
  for origin in "${CORS_ORIGINS[@]}"; do
    if [ "$origin" = "*" ]; then
      echo "Fehler: PRAXIS_CORS_ORIGINS darf nicht * enthalten; bitte die Adressen der Webseite nennen (z. B. https://www.praxis-beispiel.de)." >&2
      return 1
    fi
  done
}

# The model and practice facts to answer with: the live published version
# (PRAXIS_VERSIONS_DIR/live), or PRAXIS_MODEL (with PRAXIS_FILE) when set, for tests.
# With "--publish-first", a start without any published version publishes the
# current files first (checks, training, safety test).
select_version() {
  if [ -n "${PRAXIS_MODEL:-}" ]; then
    MODEL=$PRAXIS_MODEL
    return 0
  fi
  if [ ! -L "$PRAXIS_VERSIONS_DIR/live" ]; then
    if [ "${1:-}" != "--publish-first" ]; then
      echo "FEHLER: Es gibt noch keine veröffentlichte Version. Bitte zuerst: make publish" >&2
      return 1
    fi
    echo "Noch keine veröffentlichte Version: Die jetzigen Dateien werden geprüft, trainiert und veröffentlicht ..."
    .venv/bin/python -m staff.publish publish
  fi
  MODEL=$(ls "$PRAXIS_VERSIONS_DIR"/live/praxis-*.tar.gz)
  # Through the link: after `make publish` or `make rollback` the action server reads the new file.
  export PRAXIS_FILE="$PRAXIS_VERSIONS_DIR/live/practice.yml"
}
