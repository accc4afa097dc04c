# shellcheck shell=bash
# A master on SQLite and one enrolled ncod-slaved in a throwaway folder: what scripts/bench/slaved-idle and
# scripts/bench/slaved-order both watch settle. Source it from the repository's root, then
#   slaved_site_folder <box name>               makes `work`, the folder (removed on exit), for the daemon's copy and the rest;
#   slaved_site_start <daemon binary> <box name> starts the master (NCOD_BENCH_MASTER_BIN, or a debug build), sets `base` (its
#                                                URL) and enrols the daemon in "$work/state".
# Everything started goes in `pids`, which the caller extends; on exit it is ended.

pids=()
work=""

slaved_site_cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -z "$work" ] || rm -rf "$work"
}

slaved_site_folder() {  # box-name
  work=$(mktemp -d "/tmp/ncod-$1.XXXXXX")
  trap slaved_site_cleanup EXIT
}

slaved_site_start() {  # daemon-binary box-name
  local slaved=$1 name=$2 master_bin=${NCOD_BENCH_MASTER_BIN:-}
  if [ -z "$master_bin" ]; then
    echo "==> debug ncod-master" >&2
    swift build --product ncod-master >/dev/null
    master_bin="$(swift build --show-bin-path)/ncod-master"
  fi
  export NCOD_CONFIG=/dev/null
  keys/generate.sh --out "$work/keys" --host localhost >/dev/null
  "$master_bin" serve --host 127.0.0.1 --port 0 --database-url "$work/ncod.sqlite" --keys-dir "$work/keys" --log-format json \
    2>"$work/master.log" &
  pids+=($!)
  for _ in $(seq 100); do grep -q '"msg":"listening"' "$work/master.log" 2>/dev/null && break; sleep 0.1; done
  base=$(grep -o '"url":"[^"]*"' "$work/master.log" | head -n 1 | cut -d'"' -f4)
  "$slaved" enrol --master "$base" --ca "$work/keys/ca.pem" --secret-file "$work/keys/enrolment-secret" --name "$name" \
    --hostname "$name" --state-dir "$work/state" >/dev/null
}
