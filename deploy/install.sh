#!/usr/bin/env bash
# Installs the assistant as a permanent service: systemd units that start it at boot
# and restart it after a crash, and the system's nginx in front of it with HTTPS.
#
#   sudo bash deploy/install.sh run              # make run's parts (SQLite)
#   sudo bash deploy/install.sh prod             # the production profile
#   bash deploy/install.sh run --nur-dateien DIR # only write the files into DIR
#
# Values (certificate, server name, ports, service user) come from settings.env;
# docs/betrieb.md explains them and a self-signed certificate for testing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/settings.sh
load_settings

PROFILE=${1:-}
case "$PROFILE" in
  run)
    UNITS=(praxis-assistent.target praxis-assistent-rasa.service praxis-assistent-actions.service praxis-assistent-web.service)
    MAIN_UNIT=praxis-assistent.target
    export PRAXIS_HTTPS_BACKEND="http://127.0.0.1:$PRAXIS_RUN_PORT"
    ;;
  prod)
    UNITS=(praxis-assistent-prod.service)
    MAIN_UNIT=praxis-assistent-prod.service
    export PRAXIS_HTTPS_BACKEND="http://127.0.0.1:$PRAXIS_PROD_PORT"
    ;;
  *)
    echo "Aufruf: sudo bash deploy/install.sh run|prod   (oder: ... run --nur-dateien ORDNER)" >&2
    exit 2
    ;;
esac
export PRAXIS_PROJECT="$PWD"
# The units of make run's parts run as the owner of the project folder.
export PRAXIS_SERVICE_USER=${PRAXIS_SERVICE_USER:-$(stat -c %U "$PWD")}

write_files() {  # write_files UNIT_DIR NGINX_FILE
  mkdir -p "$1" "$(dirname "$2")"
  for unit in "${UNITS[@]}"; do
    render_template "deploy/systemd/$unit" > "$1/$unit"
  done
  render_template deploy/nginx-https.conf.template > "$2"
}

if [ "${2:-}" = "--nur-dateien" ]; then
  write_files "$3" "$3/nginx-praxis-assistent.conf"
  echo "Geschrieben nach $3: ${UNITS[*]} nginx-praxis-assistent.conf"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "FEHLER: Das Einrichten als Dienst braucht root-Rechte: sudo bash deploy/install.sh $PROFILE" >&2
  exit 1
fi
if [ ! -d /run/systemd/system ]; then
  echo "FEHLER: Auf diesem Rechner läuft systemd nicht (PID 1 ist $(ps -o comm= -p 1)); die Dienste können hier nicht eingerichtet werden." >&2
  exit 1
fi
for file in "$PRAXIS_TLS_CERT" "$PRAXIS_TLS_KEY"; do
  if [ ! -r "$file" ]; then
    echo "FEHLER: $file fehlt (PRAXIS_TLS_CERT / PRAXIS_TLS_KEY in settings.env; zum Testen ein selbst signiertes Zertifikat: docs/betrieb.md)." >&2
    exit 1
  fi
done
command -v nginx >/dev/null || apt-get install -y -q nginx
mkdir -p logs && chown "$PRAXIS_SERVICE_USER" logs
write_files /etc/systemd/system /etc/nginx/sites-available/praxis-assistent
ln -sf /etc/nginx/sites-available/praxis-assistent /etc/nginx/sites-enabled/praxis-assistent
nginx -t
systemctl daemon-reload
systemctl enable --now "$MAIN_UNIT"
systemctl reload nginx
echo "Eingerichtet: $MAIN_UNIT läuft und startet nach jedem Neustart des Rechners von selbst."
echo "Status: systemctl status '$MAIN_UNIT'   Logs: $PWD/logs/"
