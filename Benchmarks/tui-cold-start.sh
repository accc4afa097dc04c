#!/usr/bin/env bash
# Cold start of ncod-tui to its first screen, in a real terminal (tmux): from exec until the login screen is on the pane.
# Usage: Benchmarks/tui-cold-start.sh [runs]   (needs a release build: swift build -c release --product ncod-tui)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
binary=.build/release/ncod-tui
[[ -x $binary ]] || { echo "build it first: swift build -c release --product ncod-tui" >&2; exit 2; }
home=$(mktemp -d)
socket=ncod-bench-$$
trap 'tmux -L $socket kill-server 2>/dev/null || true; rm -rf "$home"' EXIT
keys/generate.sh --out "$home/keys" >/dev/null
samples=()
for ((i = 0; i < runs; i++)); do
    tmux -L "$socket" kill-server 2>/dev/null || true
    socket=ncod-bench-$$-$i
    TERM=xterm-256color tmux -L "$socket" new-session -d -s bench -x 100 -y 30 "sleep 30" </dev/null >/dev/null 2>&1
    start=$(date +%s%N)
    tmux -L "$socket" respawn-pane -k -t bench "env HOME=$home LANG=C.UTF-8 TERM=xterm-256color $binary --master https://127.0.0.1:9 --ca $home/keys/ca.pem --mac 02:00:00:00:00:a1"
    deadline=$((start + 10000000000))
    until tmux -L "$socket" capture-pane -p -t bench 2>/dev/null | grep -q "Username"; do
        (($(date +%s%N) < deadline)) || { echo "no login screen within 10 s:" >&2; tmux -L "$socket" capture-pane -p -t bench >&2; exit 1; }
    done
    end=$(date +%s%N)
    samples+=($(((end - start) / 1000000)))
done
sorted=($(printf '%s\n' "${samples[@]}" | sort -n))
echo "ncod-tui cold start to first screen, $runs runs: median ${sorted[$((runs / 2))]} ms, max ${sorted[$((runs - 1))]} ms (samples: ${samples[*]})"
