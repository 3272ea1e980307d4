# Throwaway PostgreSQL for tests and local runs: initdb into a folder under
# the build tree, start on a free loopback port, stop and remove on exit.
# Source this file; then `pg_start DIR` sets PG_PORT and PG_DSN (a superuser
# DSN), and `pg_stop DIR` stops the server.

pg_bindir() {
  local d
  # "return 0", not "return": in a trap handler (pg_stop on Ctrl-C) a bare
  # return gives the status of the command the signal interrupted.
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return 0; }; done
  echo "pg: no PostgreSQL server found (tools/setup installs the postgresql package)" >&2
  return 1
}

pg_free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Runs a command as the owner of the data directory (initdb refuses root).
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_start() {
  local dir="$1" bin
  bin="$(pg_bindir)" || return 1
  rm -rf "$dir"
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
  pg_as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { echo "pg: initdb failed, see $dir/initdb.log" >&2; return 1; }
  PG_PORT="$(pg_free_port)"
  pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || { echo "pg: server failed to start, see $dir/server.log" >&2; return 1; }
  PG_DSN="postgresql://postgres@127.0.0.1:${PG_PORT}/postgres"
  export PG_PORT PG_DSN
}

pg_stop() {
  local dir="$1" bin
  bin="$(pg_bindir)" || return 0
  [ -d "$dir/data" ] && pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}
