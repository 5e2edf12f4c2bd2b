#!/usr/bin/env bash
# Start or stop Debian's MariaDB and PostgreSQL on loopback for the probe tests (test/health/probe*.test.ts).
# Works as root on a fresh Debian machine without systemd (containers, CI): it uses the packages' own
# tools (mariadb-install-db, mysqld_safe, mariadb-admin, pg_createcluster, pg_ctlcluster), never systemctl.
#   bash scripts/ci-services.sh start    install if missing, start, wait until both answer on 127.0.0.1
#   bash scripts/ci-services.sh stop     stop what is running
#   bash scripts/ci-services.sh status
# Ports: MariaDB 127.0.0.1:3306, PostgreSQL 127.0.0.1:5432 (the tests read DFMAP_TEST_MYSQL / DFMAP_TEST_PG
# as host:port to use others).
set -euo pipefail

MYSQL_PORT=3306
LOG_DIR=${TMPDIR:-/tmp}/dfmap-ci-services
mkdir -p "$LOG_DIR"

say() { echo "ci-services: $*" >&2; }

port_open() { # host port -> 0 when something accepts
  timeout 1 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

wait_port() { # name port seconds
  local i
  for ((i = 0; i < $3 * 4; i++)); do
    if port_open 127.0.0.1 "$2"; then say "$1 is up on 127.0.0.1:$2"; return 0; fi
    sleep 0.25
  done
  say "$1 did not come up on 127.0.0.1:$2 within $3 s"; return 1
}

install_if_missing() {
  local missing=()
  command -v mysqld_safe >/dev/null 2>&1 || missing+=(mariadb-server)
  command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
  if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    (flock 9; apt-get install -y "${missing[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; }) 9>/tmp/apt.lock
  fi
}

pg_cluster() { # prints "VERSION NAME" of the first cluster, creating one if none exists
  local line
  line=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1, $2}')
  if [[ -z "$line" ]]; then
    local ver
    ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
    pg_createcluster "$ver" main >/dev/null
    line="$ver main"
  fi
  echo "$line"
}

start_mariadb() {
  if port_open 127.0.0.1 "$MYSQL_PORT"; then say "MariaDB already answers on 127.0.0.1:$MYSQL_PORT"; return 0; fi
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  if [[ ! -d /var/lib/mysql/mysql ]]; then
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql >"$LOG_DIR/mariadb-install.log" 2>&1
  fi
  # setsid + nohup: mysqld_safe keeps running after this script's shell exits.
  setsid nohup mysqld_safe --user=mysql --bind-address=127.0.0.1 --port="$MYSQL_PORT" \
    >"$LOG_DIR/mariadb.log" 2>&1 </dev/null &
  wait_port MariaDB "$MYSQL_PORT" 60
}

start_postgres() {
  local ver name port
  read -r ver name < <(pg_cluster)
  port=$(pg_lsclusters -h | awk -v v="$ver" -v n="$name" '$1==v && $2==n {print $3}')
  if port_open 127.0.0.1 "$port"; then say "PostgreSQL already answers on 127.0.0.1:$port"; return 0; fi
  # Debian's default listen_addresses is 'localhost': loopback only.
  pg_ctlcluster "$ver" "$name" start >"$LOG_DIR/postgres.log" 2>&1 || { cat "$LOG_DIR/postgres.log" >&2; return 1; }
  wait_port PostgreSQL "$port" 60
}

# The catalog tests (test/catalog/postgres.test.ts) log in as a throw-away role that may create
# databases: each test makes its own catalog database and drops it.
pg_test_role() {
  local sql="DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dfmap_test') THEN
    CREATE ROLE dfmap_test LOGIN CREATEDB PASSWORD 'dfmap_test'; END IF; END \$\$;"
  if printf '%s\n' "$sql" | su postgres -c "psql -q -X -v ON_ERROR_STOP=1 -p ${1:-5432}" >"$LOG_DIR/pg-role.log" 2>&1; then
    say "PostgreSQL role dfmap_test ready"
  else
    say "could not create the PostgreSQL role dfmap_test: $(cat "$LOG_DIR/pg-role.log")"
  fi
}

stop_mariadb() {
  if [[ -S /run/mysqld/mysqld.sock ]] || port_open 127.0.0.1 "$MYSQL_PORT"; then
    mariadb-admin --protocol=socket shutdown 2>/dev/null || {
      [[ -f /run/mysqld/mysqld.pid ]] && kill "$(cat /run/mysqld/mysqld.pid)" 2>/dev/null || true
    }
    say "MariaDB stopped"
  fi
}

stop_postgres() {
  local ver name
  while read -r ver name status; do
    if [[ "$status" == online* ]]; then pg_ctlcluster "$ver" "$name" stop && say "PostgreSQL $ver/$name stopped"; fi
  done < <(pg_lsclusters -h 2>/dev/null | awk '{print $1, $2, $4}')
}

case "${1:-}" in
  start)
    [[ $(id -u) -eq 0 ]] || { say "run as root (it starts system services)"; exit 2; }
    install_if_missing
    start_mariadb
    start_postgres
    pg_test_role
    ;;
  stop)
    stop_mariadb
    stop_postgres
    ;;
  status)
    port_open 127.0.0.1 "$MYSQL_PORT" && say "MariaDB up" || say "MariaDB down"
    pg_lsclusters 2>/dev/null || say "PostgreSQL not installed"
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
