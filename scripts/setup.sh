#!/usr/bin/env bash
# Sets up a fresh Debian machine with Node >= 20.19: the Debian packages the tests need
# (libzfp for the zfp interoperability tests, a C compiler for its helper), then the npm
# packages from the lock file. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(libzfp-dev gcc libc6-dev jupyter-client jupyter-nbconvert jupyter-server python3-jupyterlab-server chromium)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "setup: installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "setup: not a Debian machine; install these yourself for the full test suite: ${missing[*]}" >&2
  fi
fi

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) {console.error("setup: lossyml needs Node >= 20.19 (this is "+process.version+")"); process.exit(1)}'
npm ci --no-audit --no-fund
echo "setup: done"
