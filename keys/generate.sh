#!/usr/bin/env bash
# Generates every secret ncod needs, into one folder (default: keys/generated beside this script).
# Existing files are kept, so running it again is safe; --force regenerates (see keys/README.md on rotation).
#
#   keys/generate.sh [--out DIR] [--host NAME]... [--force]
#
# Writes (all mode 0600, the folder 0700):
#   jwt-signing.key / jwt-signing.pub   Ed25519 pair that signs / verifies access tokens
#   ca.key / ca.pem                     the site's private TLS certificate authority
#   server.key / server.pem             the master's TLS certificate, signed by the CA
#   enrolment-secret                    lets a slave daemon register itself
#   metrics-token                       bearer token Prometheus presents to GET /metrics
#   admin-password                      password of the first administrator (ncod-master create-admin)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out="$here/generated"
force=0
hosts=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --host) hosts+=("$2"); shift 2 ;;
    --force) force=1; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "generate.sh: unknown argument '$1' (see --help)" >&2; exit 64 ;;
  esac
done
command -v openssl >/dev/null || { echo "generate.sh: openssl is needed (apt-get install openssl)" >&2; exit 69; }
[ ${#hosts[@]} -gt 0 ] || hosts=("$(hostname -f 2>/dev/null || hostname)")

umask 077
mkdir -p "$out"
chmod 700 "$out"

# True when $1 must be (re)generated: it is missing or empty, or --force was given.
wanted() { [ "$force" = 1 ] || [ ! -s "$1" ]; }
say() { echo "generate.sh: $*"; }

if wanted "$out/jwt-signing.key"; then
  openssl genpkey -algorithm ed25519 -out "$out/jwt-signing.key" 2>/dev/null
  openssl pkey -in "$out/jwt-signing.key" -pubout -out "$out/jwt-signing.pub"
  say "JWT signing key pair: $out/jwt-signing.key"
fi

new_ca=0
if wanted "$out/ca.key" || [ ! -s "$out/ca.pem" ]; then
  openssl ecparam -name prime256v1 -genkey -noout -out "$out/ca.key"
  openssl req -x509 -new -key "$out/ca.key" -sha256 -days 3650 -subj "/O=ncod/CN=ncod site CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$out/ca.pem" 2>/dev/null
  new_ca=1
  say "certificate authority: $out/ca.pem"
fi

if [ "$new_ca" = 1 ] || wanted "$out/server.key" || [ ! -s "$out/server.pem" ]; then
  san="DNS:localhost,IP:127.0.0.1,IP:::1"
  for h in "${hosts[@]}"; do
    if [[ "$h" =~ ^[0-9.]+$ || "$h" == *:* ]]; then san="$san,IP:$h"; else san="$san,DNS:$h"; fi
  done
  openssl ecparam -name prime256v1 -genkey -noout -out "$out/server.key"
  openssl req -new -key "$out/server.key" -subj "/O=ncod/CN=${hosts[0]}" -out "$out/server.csr" 2>/dev/null
  ext=$(mktemp)
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$san" > "$ext"
  openssl x509 -req -in "$out/server.csr" -CA "$out/ca.pem" -CAkey "$out/ca.key" -CAcreateserial \
    -days 825 -sha256 -extfile "$ext" -out "$out/server.pem" 2>/dev/null
  rm -f "$ext" "$out/server.csr" "$out/ca.srl"
  say "server certificate for $san: $out/server.pem"
fi

if wanted "$out/enrolment-secret"; then
  openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n' > "$out/enrolment-secret"
  say "slave enrolment secret: $out/enrolment-secret"
fi

if wanted "$out/metrics-token"; then
  openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n' > "$out/metrics-token"
  say "Prometheus scrape token: $out/metrics-token"
fi

if wanted "$out/admin-password"; then
  # 20 characters from an unambiguous alphabet, always with letters and digits.
  pw=$(openssl rand -base64 48 | tr -dc 'A-HJ-NP-Za-km-z2-9' | head -c 18)
  printf '%s7k\n' "$pw" > "$out/admin-password"
  say "first administrator's password: $out/admin-password"
fi

chmod 600 "$out"/*
