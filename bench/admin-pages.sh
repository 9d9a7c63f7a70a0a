#!/usr/bin/env bash
#
# Benchmark of uncached core-group pages: a signed-in admin's page list (/en/admin/pages) and
# audit log (/en/admin/audit), each rendered per request from the database (SQLite).
#
#   bench/admin-pages.sh
#
# Builds release (unless HERMANA_BENCH_SKIP_BUILD=1), starts hermana on a fresh data dir and a
# free port on 127.0.0.1, creates an admin with `hermana user add`, signs in through the real
# form with curl, then runs `wrk -t2 -c64 -d10s --latency` with the session cookie against
# each page (3 rounds each) and prints req/s and p99. Only ever talks to 127.0.0.1; stops
# everything it started on exit.

set -euo pipefail
ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${HERMANA_BENCH_BIN:-$ROOT/target/release/hermana}"
ROUNDS="${HERMANA_BENCH_ROUNDS:-3}"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

[ "${HERMANA_BENCH_SKIP_BUILD:-0}" = 1 ] || (cd "$ROOT" && cargo build --release --locked --bin hermana)
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

DATA=$(mktemp -d)
JAR=$(mktemp)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$DATA" "$JAR"; }
trap cleanup EXIT INT TERM

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
env -u HERMANA_DATABASE_URL HERMANA_DATA_DIR="$DATA" "$BIN" demo load >/dev/null 2>&1
printf 'bench password please\n' | env -u HERMANA_DATABASE_URL HERMANA_DATA_DIR="$DATA" "$BIN" user add \
  --email bench@example.org --name Bench --role admin --password-stdin >/dev/null 2>&1
env -u HERMANA_DATABASE_URL HERMANA_DATA_DIR="$DATA" HERMANA_LISTEN="127.0.0.1:$PORT" RUST_LOG=warn "$BIN" serve >"$DATA/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -fsS --noproxy '*' "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

curl -sS --noproxy '*' -c "$JAR" -b "$JAR" "$BASE/en/login" >/dev/null
CSRF=$(awk '$6 == "hermana_csrf" { print $7 }' "$JAR")
curl -sS --noproxy '*' -c "$JAR" -b "$JAR" -o /dev/null -H "Origin: $BASE" \
  --data-urlencode "csrf=$CSRF" --data-urlencode "email=bench@example.org" \
  --data-urlencode "password=bench password please" "$BASE/en/login"
SESSION=$(awk '$6 == "hermana_session" { print $7 }' "$JAR")
[ -n "$SESSION" ] || { echo "error: could not sign in" >&2; exit 1; }
COOKIE="hermana_session=$SESSION; hermana_csrf=$CSRF"

echo "| page | round | req/s | p99 |"
echo "|---|---:|---:|---:|"
for page in /en/admin/pages /en/admin/audit; do
  status=$(curl -sS --noproxy '*' -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE$page")
  [ "$status" = 200 ] || { echo "error: $page answered $status" >&2; exit 1; }
  wrk -t2 -c64 -d3s -H "Cookie: $COOKIE" "$BASE$page" >/dev/null
  for round in $(seq 1 "$ROUNDS"); do
    out=$(timeout 60 wrk -t2 -c64 -d10s --latency -H "Cookie: $COOKIE" "$BASE$page")
    rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
    p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
    non2xx=$(awk '/Non-2xx/ { print $NF }' <<<"$out")
    echo "| $page | $round | $rps | $p99 |${non2xx:+ non-2xx: $non2xx}"
  done
done
echo
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) ($(nproc) cores); commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
