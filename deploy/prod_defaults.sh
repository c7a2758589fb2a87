# Defaults of the production profile, read by scripts/setup_prod.sh and
# scripts/run_prod.sh. Every value can be set in the environment instead.
: "${PRAXIS_PROD_PORT:=8405}"                  # nginx, the public entry
: "${PRAXIS_PROD_LISTEN:=$PRAXIS_PROD_PORT}"   # nginx "listen" (e.g. 127.0.0.1:8405)
: "${PRAXIS_RASA_PORTS:=5405 5406}"            # one Rasa instance per port (127.0.0.1)
: "${PRAXIS_ACTIONS_PORT:=5455}"               # action server (127.0.0.1)
: "${PRAXIS_REDIS_HOST:=127.0.0.1}"            # lock store; own redis-server when local
: "${PRAXIS_REDIS_PORT:=6405}"
: "${PRAXIS_REDIS_DB:=0}"
: "${PRAXIS_REDIS_PASSWORD:=}"
: "${PRAXIS_DB_HOST:=127.0.0.1}"               # tracker store (PostgreSQL)
: "${PRAXIS_DB_PORT:=5432}"
: "${PRAXIS_DB_NAME:=praxis_assistent}"
: "${PRAXIS_DB_USER:=praxis_assistent}"
: "${PRAXIS_PROD_DIR:=$PWD/.run-prod}"         # runtime files and logs (git-ignored)
DB_PASSWORD_FILE=.secrets/db-password
export PRAXIS_PROD_PORT PRAXIS_PROD_LISTEN PRAXIS_RASA_PORTS PRAXIS_ACTIONS_PORT \
  PRAXIS_REDIS_HOST PRAXIS_REDIS_PORT PRAXIS_REDIS_DB PRAXIS_REDIS_PASSWORD \
  PRAXIS_DB_HOST PRAXIS_DB_PORT PRAXIS_DB_NAME PRAXIS_DB_USER PRAXIS_PROD_DIR

is_local() { case "$1" in 127.0.0.1 | localhost | ::1) return 0 ;; *) return 1 ;; esac; }

# The PostgreSQL cluster of this machine on PRAXIS_DB_PORT: "version name status".
local_cluster() {
  pg_lsclusters -h 2>/dev/null | awk -v port="$PRAXIS_DB_PORT" '$3 == port {print $1, $2, $4; exit}'
}
