# Sourced by scripts/test.sh: find a PostgreSQL for the tests and export
# TEST_DATABASE_URL, in this order:
#   1. TEST_DATABASE_URL or DATABASE_URL (postgres://…) when set;
#   2. the local server on 127.0.0.1:5432;
#   3. a throwaway cluster made with initdb/pg_ctl when they are installed
#      (stopped and deleted when the tests end);
#   4. otherwise stop, saying how to install PostgreSQL.

pg_bin() {
  # initdb and pg_ctl from PATH, or from Debian's versioned directory.
  local b
  if command -v "$1" >/dev/null 2>&1; then command -v "$1"; return; fi
  for b in /usr/lib/postgresql/*/bin/"$1"; do
    if [ -x "$b" ]; then echo "$b"; return; fi
  done
  return 1
}

pg_up() {
  # pg_isready when installed, else a bare TCP probe.
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$1" -p "$2" -t 2
  else
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
  fi
}

start_throwaway_pg() {
  local initdb pg_ctl dir port as=()
  initdb=$(pg_bin initdb) || return 1
  pg_ctl=$(pg_bin pg_ctl) || return 1
  dir=$(mktemp -d "${TMPDIR:-/tmp}/slabot-pg.XXXXXX")
  port=$(( 20000 + RANDOM % 20000 ))
  # PostgreSQL refuses to run as root: run it as the postgres user then.
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "running as root and there is no postgres user to run a throwaway cluster" >&2; return 1; }
    chown postgres "$dir"
    as=(runuser -u postgres --)
  fi
  echo "test: starting a throwaway PostgreSQL in $dir on port $port" >&2
  "${as[@]}" "$initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  "${as[@]}" "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $dir -F -c max_connections=200" start >/dev/null || { cat "$dir/server.log" >&2; return 1; }
  SLABOT_PG_STOP=("${as[@]}" "$pg_ctl" -D "$dir/data" -m fast stop)
  SLABOT_PG_DIR=$dir
  trap 'stop_throwaway_pg' EXIT
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
}

stop_throwaway_pg() {
  if [ -n "${SLABOT_PG_DIR:-}" ]; then
    "${SLABOT_PG_STOP[@]}" >/dev/null 2>&1 || true
    rm -rf "$SLABOT_PG_DIR"
  fi
}

ensure_postgres() {
  if [ -n "${TEST_DATABASE_URL:-}" ]; then
    echo "test: PostgreSQL from TEST_DATABASE_URL" >&2; return 0
  fi
  case "${DATABASE_URL:-}" in
    postgres://*|postgresql://*)
      export TEST_DATABASE_URL=$DATABASE_URL
      echo "test: PostgreSQL from DATABASE_URL" >&2; return 0 ;;
  esac
  if [ "${SLABOT_PG_THROWAWAY:-}" != 1 ] && pg_up 127.0.0.1 5432; then
    export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
    echo "test: PostgreSQL on 127.0.0.1:5432" >&2; return 0
  fi
  if start_throwaway_pg; then return 0; fi
  cat >&2 <<'MSG'
test: no PostgreSQL found. The tests run on SQLite and on PostgreSQL; give them one of:
  - TEST_DATABASE_URL=postgres://user:pass@host:5432/db (a database the tests may create schemas in)
  - a server on 127.0.0.1:5432 accepting user postgres
  - initdb and pg_ctl on the PATH (a throwaway cluster is started and removed)
Install PostgreSQL: Debian/Ubuntu `sudo apt-get install postgresql`, macOS `brew install postgresql@16`,
or see https://www.postgresql.org/download/
MSG
  return 1
}
