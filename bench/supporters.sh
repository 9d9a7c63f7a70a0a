#!/usr/bin/env bash
#
# Benchmark of the core group's supporter list and CSV export with 100,000 supporters (SQLite).
#
#   bench/supporters.sh
#
# Steps: `cargo build --release` of hermana and examples/seed_supporters.rs; a fresh SQLite data
# dir with the demo plus N generated supporters (default 100,000; seeding is timed); an admin
# made with `hermana user add` and signed in through the real form with curl; then
# `wrk -t2 -c64 -d${DURATION}s --latency` (-c8 for the search and the filter) with the session cookie against the list's first page,
# a deep keyset page (after 90% of the records by name), a search and a combined filter
# (ROUNDS rounds each, after a short warm-up); then the CSV export of every supporter with every
# column, ROUNDS times, timed by curl (whole download). Prints a Markdown block for
# bench/RESULTS.md. Only ever talks to 127.0.0.1; removes everything it created on exit.
#
# Environment (all optional):
#   HERMANA_BENCH_SKIP_BUILD=1      do not run `cargo build --release`
#   HERMANA_BENCH_SUPPORTERS=N      supporters to add to the demo (default 100000)
#   HERMANA_BENCH_ROUNDS=N          rounds per page and exports (default 3)
#   HERMANA_BENCH_DURATION=S        seconds per wrk round (default 10)

set -euo pipefail
ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET_DIR/release/hermana"
SEED="$TARGET_DIR/release/examples/seed_supporters"
N="${HERMANA_BENCH_SUPPORTERS:-100000}"
ROUNDS="${HERMANA_BENCH_ROUNDS:-3}"
DURATION="${HERMANA_BENCH_DURATION:-10}"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

if [[ "${HERMANA_BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    log "cargo build --release --bin hermana --example seed_supporters"
    (cd -- "$ROOT" && cargo build --release --locked --bin hermana --example seed_supporters)
fi
[[ -x "$BIN" && -x "$SEED" ]] || die "no release build at $TARGET_DIR/release"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

# Only the settings below, none from the caller (HERMANA_DATABASE_URL, HERMANA_THEME_DIR, ...).
clean_env=(env)
while IFS= read -r name; do
    clean_env+=(-u "$name")
done < <(compgen -e | grep '^HERMANA_' || true)
clean_env+=(RUST_LOG=warn)

WORK_DIR="$(mktemp -d /tmp/hermana-bench-supporters.XXXXXX)"
DATA="$WORK_DIR/data"
JAR="$WORK_DIR/cookies"
PID=""
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    [[ -n "$PID" ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
    rm -rf -- "$WORK_DIR"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "seeding the demo and $N supporters into $DATA"
started="$(now)"
seeded="$("${clean_env[@]}" "$SEED" --supporters "$N" --data-dir "$DATA")"
seed_secs="$(elapsed "$started")"
DEEP="$(sed -n 's/^deep cursor: //p' <<<"$seeded")"
[[ -n "$DEEP" ]] || die "the seed printed no deep cursor: $seeded"
log "seeded in ${seed_secs}s"

printf 'bench password please\n' | "${clean_env[@]}" HERMANA_DATA_DIR="$DATA" "$BIN" user add \
    --email bench@example.org --name Bench --role admin --password-stdin >/dev/null
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
"${clean_env[@]}" HERMANA_DATA_DIR="$DATA" HERMANA_LISTEN="127.0.0.1:$PORT" "$BIN" serve >"$WORK_DIR/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -fsS --noproxy '*' "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

curl -sS --noproxy '*' -c "$JAR" -b "$JAR" "$BASE/en/login" >/dev/null
CSRF=$(awk '$6 == "hermana_csrf" { print $7 }' "$JAR")
curl -sS --noproxy '*' -c "$JAR" -b "$JAR" -o /dev/null -H "Origin: $BASE" \
    --data-urlencode "csrf=$CSRF" --data-urlencode "email=bench@example.org" \
    --data-urlencode "password=bench password please" "$BASE/en/login"
SESSION=$(awk '$6 == "hermana_session" { print $7 }' "$JAR")
[[ -n "$SESSION" ]] || die "could not sign in"
COOKIE="hermana_session=$SESSION; hermana_csrf=$CSRF"

# label|path|connections. A search reads every record's search text (about 0.1-0.4 s with
# 100,000 records): 64 searches at once would queue past the pool's 5 s wait, which no core group
# does; searches and filters are measured with 8 at once.
pages=(
    "first page|/en/admin/supporters|64"
    "deep keyset page (after 90%)|/en/admin/supporters?after=$DEEP|64"
    "search \"perez nunez\" (8 at once)|/en/admin/supporters?q=perez+nunez|8"
    "filter newsletter + Spanish + Arcatao (8 at once)|/en/admin/supporters?consent=newsletter&language=es&place=arcatao|8"
)
table="| request | $(for ((r = 1; r <= ROUNDS; r++)); do printf 'round %d req/s | ' "$r"; done)p99 (last round) |
|---|$(for ((r = 1; r <= ROUNDS; r++)); do printf -- '---:|'; done)---:|"
for entry in "${pages[@]}"; do
    label="${entry%%|*}" rest="${entry#*|}"
    path="${rest%|*}" connections="${rest##*|}"
    status=$(curl -sS --noproxy '*' -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE$path")
    [[ "$status" == 200 ]] || die "$path answered $status"
    wrk -t2 -c"$connections" -d2s -H "Cookie: $COOKIE" "$BASE$path" >/dev/null
    row="| $label |"
    p99=""
    for ((r = 1; r <= ROUNDS; r++)); do
        out=$(timeout $((DURATION + 60)) wrk -t2 -c"$connections" -d"${DURATION}s" --latency -H "Cookie: $COOKIE" "$BASE$path")
        rps=$(awk '/Requests\/sec/ { printf "%d", $2 }' <<<"$out")
        p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
        non2xx=$(awk '/Non-2xx/ { print $NF }' <<<"$out")
        [[ -z "$non2xx" ]] || die "$path: $non2xx answers were not 2xx"
        log "$label: round $r: $rps req/s, p99 $p99"
        row+=" $rps |"
    done
    table+="
$row $p99 |"
done

columns=(first_name last_name email email_confirmed phone address postal_code place country language
    other_languages newsletter events interests tags created last_activity number)
form=(--data-urlencode "csrf=$CSRF" --data-urlencode "filter=")
for c in "${columns[@]}"; do form+=(--data-urlencode "column=$c"); done
export_table="| round | seconds | rows | MB |
|---|---:|---:|---:|"
for ((r = 1; r <= ROUNDS; r++)); do
    out="$WORK_DIR/export.csv"
    timing=$(curl -sS --noproxy '*' -o "$out" -w '%{http_code} %{time_total}' -H "Cookie: $COOKIE" \
        -H "Origin: $BASE" "${form[@]}" "$BASE/en/admin/supporters/export")
    read -r status secs <<<"$timing"
    [[ "$status" == 200 ]] || die "the export answered $status"
    rows=$(($(wc -l <"$out") - 1))
    mb=$(awk -v b="$(stat -c %s "$out")" 'BEGIN { printf "%.1f", b / 1048576 }')
    log "export round $r: $rows rows, $mb MB in ${secs}s"
    export_table+="
| $r | $secs | $rows | $mb |"
done
rss=$(awk '/VmHWM/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$PID/status")

commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "no commit")"
if [[ "$commit" != "no commit" && -n "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ]]; then
    commit+=" (uncommitted changes)"
fi
cpu="$(awk -F': *' '$1 ~ /^model name/ { print $2; exit }' /proc/cpuinfo)"

cat <<OUT

### Supporters list and CSV export, $N supporters — $(date -u +%Y-%m-%d)

- Commit: $commit
- Machine: ${cpu:-unknown CPU} ($(nproc) cores), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end
- Command: \`bench/supporters.sh\` (HERMANA_BENCH_SUPPORTERS=$N): SQLite, the demo plus $N generated
  supporters (seeded in ${seed_secs}s); one admin signed in through the real form;
  \`wrk -t2 -c64 (searches and filters: -c8) -d${DURATION}s --latency\` with the session cookie, client and server on the same cores.
  Each list request renders 50 rows and counts the matches.

$table

Export of all $((N + 6)) supporters with all 18 columns (\`POST /en/admin/supporters/export\`,
curl, whole download); the server's peak resident memory (VmHWM) after all of it: $rss.

$export_table
OUT
