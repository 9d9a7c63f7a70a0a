#!/usr/bin/env bash
#
# Benchmark of the treasurer's reports page and the accountant's CSV with 50,000 gifts (SQLite).
#
#   bench/reports.sh
#
# Steps: `cargo build` (DEBUG profile: the machine is shared, so no release build; set
# HERMANA_BENCH_PROFILE=release on a machine of your own) of hermana and
# examples/seed_gifts.rs; a fresh SQLite data dir with the demo plus N generated gifts over the
# last two years from 2,000 donors, each with a receipt, one in forty refunded in part (seeding is
# timed); an admin made with `hermana user add` and signed in through the real form with curl;
# then the reports page of this year and of last year (the year with lapsed donors to find),
# ROUNDS times each after one warm-up, and the CSV of both years, ROUNDS times, each timed by
# curl (whole response). Prints a Markdown block for bench/RESULTS.md. Only ever talks to
# 127.0.0.1; removes everything it created on exit.
#
# Environment (all optional):
#   HERMANA_BENCH_SKIP_BUILD=1      do not run `cargo build`
#   HERMANA_BENCH_PROFILE=debug     debug (default) or release
#   HERMANA_BENCH_GIFTS=N           gifts to add to the demo (default 50000)
#   HERMANA_BENCH_ROUNDS=N          rounds per request (default 5)

set -euo pipefail
ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
PROFILE="${HERMANA_BENCH_PROFILE:-debug}"
BIN="$TARGET_DIR/$PROFILE/hermana"
SEED="$TARGET_DIR/$PROFILE/examples/seed_gifts"
N="${HERMANA_BENCH_GIFTS:-50000}"
ROUNDS="${HERMANA_BENCH_ROUNDS:-5}"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

if [[ "${HERMANA_BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    flags=(--locked --bin hermana --example seed_gifts)
    [[ "$PROFILE" == release ]] && flags+=(--release)
    log "cargo build ${flags[*]}"
    (cd -- "$ROOT" && cargo build "${flags[@]}")
fi
[[ -x "$BIN" && -x "$SEED" ]] || die "no $PROFILE build at $TARGET_DIR/$PROFILE"

# Only the settings below, none from the caller (HERMANA_DATABASE_URL, HERMANA_THEME_DIR, ...).
clean_env=(env)
while IFS= read -r name; do
    clean_env+=(-u "$name")
done < <(compgen -e | grep '^HERMANA_' || true)
clean_env+=(RUST_LOG=warn)

WORK_DIR="$(mktemp -d /tmp/hermana-bench-reports.XXXXXX)"
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

log "seeding the demo and $N gifts into $DATA"
started="$(now)"
"${clean_env[@]}" "$SEED" --gifts "$N" --data-dir "$DATA" >&2
seed_secs="$(elapsed "$started")"
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

YEAR=$(date -u +%Y)
LAST=$((YEAR - 1))
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
table="| request | $(for ((r = 1; r <= ROUNDS; r++)); do printf 'round %d s | ' "$r"; done)median s |
|---|$(for ((r = 1; r <= ROUNDS; r++)); do printf -- '---:|'; done)---:|"
for entry in "reports page, $YEAR|/en/admin/reports?year=$YEAR" "reports page, $LAST|/en/admin/reports?year=$LAST"; do
    label="${entry%%|*}" path="${entry#*|}"
    curl -sS --noproxy '*' -o /dev/null -H "Cookie: $COOKIE" "$BASE$path"
    row="| $label |"
    times=()
    for ((r = 1; r <= ROUNDS; r++)); do
        read -r status secs < <(curl -sS --noproxy '*' -o /dev/null -w '%{http_code} %{time_total}\n' \
            -H "Cookie: $COOKIE" "$BASE$path")
        [[ "$status" == 200 ]] || die "$path answered $status"
        log "$label: round $r: ${secs}s"
        row+=" $secs |"
        times+=("$secs")
    done
    table+="
$row $(printf '%s\n' "${times[@]}" | median) |"
done

export_table="| round | seconds | rows | MB |
|---|---:|---:|---:|"
for ((r = 1; r <= ROUNDS; r++)); do
    out="$WORK_DIR/ledger.csv"
    read -r status secs < <(curl -sS --noproxy '*' -o "$out" -w '%{http_code} %{time_total}\n' \
        -H "Cookie: $COOKIE" -H "Origin: $BASE" --data-urlencode "csrf=$CSRF" \
        --data-urlencode "from=$LAST-01-01" --data-urlencode "to=$YEAR-12-31" "$BASE/en/admin/reports/export")
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

### Giving reports and the accountant's CSV, $N gifts — $(date -u +%Y-%m-%d)

- Commit: $commit
- Build profile: **$PROFILE**
- Machine: ${cpu:-unknown CPU} ($(nproc) cores), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end
- Command: \`bench/reports.sh\` (HERMANA_BENCH_GIFTS=$N, HERMANA_BENCH_PROFILE=$PROFILE): SQLite, the
  demo plus $N generated gifts over $LAST–$YEAR from 2,000 donors, each with a receipt, one in
  forty refunded in part (seeded in ${seed_secs}s); one admin signed in through the real form;
  one request at a time, timed by curl (whole response), after one warm-up.
  Each reports page sums the year by month, campaign and fund and finds the lapsed donors.

$table

The CSV of every ledger row of $LAST–$YEAR (\`POST /en/admin/reports/export\`, curl, whole
download); the server's peak resident memory (VmHWM) after all of it: $rss.

$export_table
OUT
