# shellcheck shell=bash
# Debian packages each entry point needs, installed when missing (needs root or sudo).

NCOD_PACKAGES_RUN=(openssl curl libsqlite3-dev libusb-1.0-0-dev libncurses-dev zlib1g-dev libmimalloc-dev)
NCOD_PACKAGES_TEST=(openssl curl libsqlite3-dev libusb-1.0-0-dev libncurses-dev zlib1g-dev libmimalloc-dev tmux umockdev postgresql chromium chromium-driver python3-selenium libnss3-tools fonts-wqy-microhei prometheus sqlite3 python3-venv haproxy libxml2-dev dpkg-dev help2man binutils lintian debootstrap gcc qemu-user)

ensure_packages() {
  local kind=$1 missing=() pkg
  local -n wanted="NCOD_PACKAGES_${kind^^}"
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "==> installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# schemathesis (fuzzes the master against its OpenAPI document) and openapi-spec-validator, pinned, in a virtual environment
# of their own under the user's cache, shared by every clone. Exports NCOD_SCHEMATHESIS_BIN, the environment's bin folder.
NCOD_SCHEMATHESIS_VERSION=4.32.5
NCOD_SPEC_VALIDATOR_VERSION=0.9.0

ensure_schemathesis() {
  local venv="${XDG_CACHE_HOME:-$HOME/.cache}/ncod/schemathesis-$NCOD_SCHEMATHESIS_VERSION"
  if [ ! -x "$venv/bin/schemathesis" ] || [ ! -x "$venv/bin/openapi-spec-validator" ]; then
    echo "==> installing schemathesis $NCOD_SCHEMATHESIS_VERSION and openapi-spec-validator $NCOD_SPEC_VALIDATOR_VERSION into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check \
      "schemathesis==$NCOD_SCHEMATHESIS_VERSION" "openapi-spec-validator==$NCOD_SPEC_VALIDATOR_VERSION"
  fi
  export NCOD_SCHEMATHESIS_BIN="$venv/bin"
}
