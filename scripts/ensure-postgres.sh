#!/usr/bin/env bash
# Prints an admin URL of a PostgreSQL server the tests may create and drop databases on.
# Order: $SENDCASE_TEST_PG_URL if set, then a server on 127.0.0.1:5432 with trust auth, and
# otherwise a throwaway cluster in a temporary directory (installing Debian's postgresql if
# needed). The path of a script that stops and removes the throwaway cluster is written to
# $SENDCASE_PG_TMP_FILE. Progress goes to stderr; stdout carries only the URL.
set -euo pipefail

if [ -n "${SENDCASE_TEST_PG_URL:-}" ]; then
  echo "$SENDCASE_TEST_PG_URL"
  exit 0
fi

if command -v psql >/dev/null 2>&1 \
  && psql "postgres://postgres@127.0.0.1:5432/postgres" -qAtc 'select 1' >/dev/null 2>&1; then
  echo "postgres://postgres@127.0.0.1:5432/postgres"
  exit 0
fi

find_bin() {
  local found
  found="$(command -v "$1" 2>/dev/null || true)"
  [ -z "$found" ] && found="$(ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -1 || true)"
  echo "$found"
}

if [ -z "$(find_bin initdb)" ]; then
  echo "no PostgreSQL answers and none is installed: installing Debian's postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
fi
initdb="$(find_bin initdb)"
pg_ctl="$(find_bin pg_ctl)"
[ -n "$initdb" ] && [ -n "$pg_ctl" ] || { echo "initdb/pg_ctl not found after install" >&2; exit 1; }

port="${SENDCASE_PG_TMP_PORT:-54329}"
dir="$(mktemp -d /tmp/sendcase-pg.XXXXXX)"
as_owner=()
# initdb refuses to run as root, so a root shell runs the cluster as the postgres user.
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi
echo "starting a throwaway PostgreSQL cluster in $dir on port $port" >&2
"${as_owner[@]}" "$initdb" -D "$dir/data" -U postgres --auth=trust >/dev/null
"${as_owner[@]}" "$pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
printf '%q ' "${as_owner[@]}" "$pg_ctl" -D "$dir/data" stop -m immediate >"$dir/stop"
echo '>/dev/null 2>&1; rm -rf '"$(printf '%q' "$dir")" >>"$dir/stop"
if [ -n "${SENDCASE_PG_TMP_FILE:-}" ]; then echo "$dir/stop" >"$SENDCASE_PG_TMP_FILE"; fi
echo "postgres://postgres@127.0.0.1:$port/postgres"
