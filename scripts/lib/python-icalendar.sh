# shellcheck shell=bash
#
# An independent iCalendar (RFC 5545) parser for the test suite: Python's `icalendar`,
# pinned, in a virtual environment under ~/.cache (made on first use). Source this file, then:
#
#   hermana_icalendar_setup   # sets and exports HERMANA_ICAL_PYTHON (a python3 that can
#                             # `import icalendar`) and HERMANA_ICAL_REQUIRED=1
#
# The integration tests shell out to "$HERMANA_ICAL_PYTHON" to parse every .ics they fetch; with
# HERMANA_ICAL_REQUIRED=1 a missing validator fails those tests instead of skipping the check.
#
# Safe under `set -euo pipefail`: failures are reported and returned, never left to errexit.

HERMANA_ICALENDAR_VERSION="${HERMANA_ICALENDAR_VERSION:-6.3.1}"
HERMANA_ICALENDAR_VENV="${HERMANA_ICALENDAR_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/hermana-icalendar-$HERMANA_ICALENDAR_VERSION}"

hermana_icalendar_setup() {
  local python="$HERMANA_ICALENDAR_VENV/bin/python3"
  if ! [ -x "$python" ] || ! "$python" -c 'import icalendar' 2>/dev/null; then
    echo "installing Python icalendar $HERMANA_ICALENDAR_VERSION into $HERMANA_ICALENDAR_VENV" >&2
    if ! python3 -m venv "$HERMANA_ICALENDAR_VENV" >&2; then
      if command -v apt-get >/dev/null 2>&1; then
        apt-get install -y -qq python3-venv >&2 || return 1
        python3 -m venv "$HERMANA_ICALENDAR_VENV" >&2 || return 1
      else
        echo "python3 -m venv failed" >&2
        return 1
      fi
    fi
    "$python" -m pip install --quiet --disable-pip-version-check "icalendar==$HERMANA_ICALENDAR_VERSION" >&2 || return 1
  fi
  "$python" -c 'import icalendar' || return 1
  export HERMANA_ICAL_PYTHON="$python" HERMANA_ICAL_REQUIRED=1
}
