#!/usr/bin/env bash
#
# Benchmark of `hermana export-static` on a site of 1,000 articles.
#
#   bench/export.sh
#
# Steps: `cargo build --release` of hermana and of examples/seed_pages.rs; a fresh SQLite data
# dir filled with the demo plus N articles (default 1,000), each written in Spanish, translated
# into English and published through the content studio (so 2N + 22 page addresses); then
# `hermana export-static` into a fresh directory, ROUNDS times (each round replaces the
# previous export, as a deploy would). Prints each round's wall time (process start to exit)
# and pages/s, the medians, and ends with a Markdown block for bench/RESULTS.md.
#
# Uses none of the caller's HERMANA_* variables. Everything it creates is removed on exit.
# About 2 minutes after the build for the default N.
#
# Environment (all optional):
#   HERMANA_BENCH_SKIP_BUILD=1   do not run `cargo build --release`
#   HERMANA_BENCH_PAGES=N        pages to add to the demo (default 1000)
#   HERMANA_BENCH_ROUNDS=N       exports to time (default 3)

set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET_DIR/release/hermana"
SEED="$TARGET_DIR/release/examples/seed_pages"
PAGES="${HERMANA_BENCH_PAGES:-1000}"
ROUNDS="${HERMANA_BENCH_ROUNDS:-3}"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

WORK_DIR=""
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    [[ -n "$WORK_DIR" ]] && rm -rf -- "$WORK_DIR"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
median() { # numbers...
    printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END {
        if (NR % 2) printf "%.2f", a[(NR + 1) / 2]; else printf "%.2f", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

if [[ "${HERMANA_BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    log "cargo build --release --bin hermana --example seed_pages"
    (cd -- "$ROOT" && cargo build --release --locked --bin hermana --example seed_pages)
fi
[[ -x "$BIN" && -x "$SEED" ]] || die "no release build at $TARGET_DIR/release"

# Only the settings below, none from the caller (HERMANA_DATABASE_URL, HERMANA_THEME_DIR, ...).
clean_env=(env)
while IFS= read -r name; do
    clean_env+=(-u "$name")
done < <(compgen -e | grep '^HERMANA_' || true)
clean_env+=(RUST_LOG=warn)

WORK_DIR="$(mktemp -d /tmp/hermana-bench-export.XXXXXX)"
log "seeding the demo and $PAGES pages in both languages into $WORK_DIR/data"
started="$(now)"
"${clean_env[@]}" "$SEED" --pages "$PAGES" --data-dir "$WORK_DIR/data" >&2
seed_secs="$(elapsed "$started")"
log "seeded in ${seed_secs}s"

secs=() rates=()
summary=""
for ((r = 1; r <= ROUNDS; r++)); do
    started="$(now)"
    summary="$("${clean_env[@]}" "$BIN" export-static "$WORK_DIR/site" --data-dir "$WORK_DIR/data")"
    s="$(elapsed "$started")"
    pages="$(sed -n 's/^exported \([0-9]*\) pages.*/\1/p' <<<"$summary")"
    [[ -n "$pages" ]] || die "could not read the export's summary: $summary"
    rate="$(awk -v p="$pages" -v s="$s" 'BEGIN { printf "%.0f", p / s }')"
    log "round $r/$ROUNDS: $pages pages in ${s}s ($rate pages/s)"
    secs+=("$s") rates+=("$rate")
done
files="$(find "$WORK_DIR/site" -type f | wc -l)"
size="$(du -sh "$WORK_DIR/site" | cut -f1)"

rounds_table="| round | seconds | pages/s |
|---|---:|---:|"
for ((i = 0; i < ROUNDS; i++)); do
    rounds_table+="
| $((i + 1)) | ${secs[i]} | ${rates[i]} |"
done
rounds_table+="
| **median** | **$(median "${secs[@]}")** | **$(median "${rates[@]}")** |"

commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "no commit")"
if [[ "$commit" != "no commit" && -n "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ]]; then
    commit+=" (uncommitted changes)"
fi
cpu="$(awk -F': *' '$1 ~ /^model name/ { print $2; exit }' /proc/cpuinfo)"
cpu="${cpu:-unknown CPU} ($(nproc) cores)"

cat <<EOF

### Static export — $(date -u +%Y-%m-%d)

- Commit: $commit
- Machine: $cpu, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end
- Command: \`bench/export.sh\` (HERMANA_BENCH_PAGES=$PAGES): \`hermana export-static DIR\` on SQLite,
  the demo plus $PAGES published pages in both languages (seeded in ${seed_secs}s); wall time of the
  whole command, start-up and the final rename included.
- Last export: \`$summary\`; $files files, $size on disk.

$rounds_table
EOF
