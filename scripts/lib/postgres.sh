# shellcheck shell=bash
# A throwaway PostgreSQL server for tests and demos: its own data folder, loopback only, SCRAM passwords.
# Source this file, then:  pg_start DIR PORT   (exports NCOD_TEST_POSTGRES_URL)   and   pg_stop DIR
# Works as root (the server runs as the 'postgres' system user) and as an ordinary user.

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || { echo "postgres.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; return 69; }
  echo "$dir"
}

# Runs a command as the server's owner.
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  local dir=$1 port=$2 bin
  bin=$(pg_bindir) || return $?
  mkdir -p "$dir"
  echo postgres >"$dir/pwfile"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
  pg_as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
    --pwfile="$dir/pwfile" >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null \
    || { cat "$dir/server.log" >&2; return 1; }
  pg_as_owner psql -h "$dir" -p "$port" -U postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE ncod LOGIN CREATEDB PASSWORD 'ncod'" -c "CREATE DATABASE ncod OWNER ncod" >/dev/null || return 1
  export NCOD_TEST_POSTGRES_URL="postgres://ncod:ncod@127.0.0.1:$port/ncod"
}

# A free TCP port below the kernel's ephemeral range (where outgoing connections take theirs), for pg_start_free.
pg_pick_port() {
  local low=32768 port
  [ -r /proc/sys/net/ipv4/ip_local_port_range ] && read -r low _ < /proc/sys/net/ipv4/ip_local_port_range
  while :; do
    port=$(( 20000 + RANDOM % (low - 20000) ))
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
}

# pg_start on a port pg_pick_port chose, trying another up to four times when that one was taken meanwhile; sets PG_PORT.
pg_start_free() {
  local dir=$1 attempt
  for attempt in 1 2 3 4 5; do
    PG_PORT=$(pg_pick_port)
    if pg_start "$dir" "$PG_PORT" 2>"$dir.err"; then rm -f "$dir.err"; return 0; fi
    pg_stop "$dir"
    echo "==> PostgreSQL could not start on port $PG_PORT (attempt $attempt); trying another" >&2
  done
  cat "$dir.err" >&2; rm -f "$dir.err"
  return 1
}

pg_stop() {
  local dir=$1 bin
  bin=$(pg_bindir) || return 0
  [ -d "$dir/data" ] && pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$dir"
}

# Stops the server of pg_start DIR but keeps its data (fault drills); pg_resume DIR PORT starts it again.
pg_pause() {
  local dir=$1 bin
  bin=$(pg_bindir) || return $?
  pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
}

pg_resume() {
  local dir=$1 port=$2 bin
  bin=$(pg_bindir) || return $?
  pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
}
