#!/usr/bin/env bash
# Browser test suite for Hermana.
# Usage: tests/browser/run.sh BASE_URL OUT_DIR
#   BASE_URL  where the server listens, e.g. http://127.0.0.1:8080
#   OUT_DIR   where screenshots go (created if missing)
# Installs what it needs (Debian chromium, a Java runtime for the Nu validator,
# the npm packages pinned in package-lock.json), then runs suite.mjs and exits
# with its status.
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "usage: $0 BASE_URL OUT_DIR" >&2
  exit 2
fi
BASE_URL=$1
OUT_DIR=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    $SUDO apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@"
}

if [ ! -x /usr/bin/chromium ]; then
  echo "browser suite: installing Debian chromium" >&2
  apt_install chromium fonts-liberation
fi
if ! command -v java >/dev/null 2>&1; then
  echo "browser suite: installing a Java runtime for the Nu HTML validator" >&2
  apt_install default-jre-headless
fi

# npm packages: reinstall when node_modules is missing or older than the lock file.
# --ignore-scripts: vnu-jar's postinstall would try to download a JDK from outside the
# registry; the jar itself ships in the package and the system Java runs it.
if [ ! -d "$HERE/node_modules" ] || [ "$HERE/package-lock.json" -nt "$HERE/node_modules" ]; then
  echo "browser suite: npm ci" >&2
  (cd "$HERE" && npm ci --ignore-scripts --no-audit --no-fund)
  touch "$HERE/node_modules"
fi

set +e
node "$HERE/suite.mjs" "$BASE_URL" "$OUT_DIR"
status=$?
set -e
exit "$status"
