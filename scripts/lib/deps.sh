# shellcheck shell=bash
# Debian packages each entry point needs, installed when missing (needs root or sudo).

NCOD_PACKAGES_RUN=(openssl curl libsqlite3-dev libusb-1.0-0-dev libncurses-dev)
NCOD_PACKAGES_TEST=(openssl curl libsqlite3-dev libusb-1.0-0-dev libncurses-dev tmux umockdev postgresql chromium chromium-driver python3-selenium libnss3-tools fonts-wqy-microhei prometheus sqlite3)

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
