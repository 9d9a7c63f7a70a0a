#!/usr/bin/env bash
#
# Benchmark of the CSV import of supporters: 100,000 generated rows, 10% of them repeating an
# earlier row's email (written differently: capitals and spaces), into a fresh SQLite data dir
# holding the demo.
#
#   bench/import.sh
#
# Steps: `cargo build --release`; a fresh data dir with `hermana demo load`; a generated CSV
# (email, first and last name with accents, postal code, city, tags, a newsletter column);
# then `hermana import supporters FILE --yes` ROUNDS times, each into a fresh copy of the
# database. Prints each round's wall time (process start to exit: reading, preview, commit and
# every batch) and rows/s, the median, the counts of the last round, and a Markdown block for
# bench/RESULTS.md.
#
# Uses none of the caller's HERMANA_* variables. Everything it creates is removed on exit.
#
# Environment (all optional):
#   HERMANA_BENCH_SKIP_BUILD=1   do not run `cargo build --release`
#   HERMANA_BENCH_ROWS=N         rows in the file (default 100000)
#   HERMANA_BENCH_ROUNDS=N       imports to time (default 3)

set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET_DIR/release/hermana"
ROWS="${HERMANA_BENCH_ROWS:-100000}"
ROUNDS="${HERMANA_BENCH_ROUNDS:-3}"

log() { printf '==> %s\n' "$*" >&2; }

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
median() {
    printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END {
        if (NR % 2) printf "%.2f", a[(NR + 1) / 2]; else printf "%.2f", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^HERMANA_' | grep -v '^HERMANA_BENCH_' || true)

if [[ "${HERMANA_BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    log "cargo build --release"
    (cd "$ROOT" && cargo build --release --locked --bin hermana)
fi
[[ -x "$BIN" ]] || { echo "no release binary at $BIN" >&2; exit 1; }

WORK_DIR="$(mktemp -d -t hermana-bench-import.XXXXXX)"
log "demo data dir"
HERMANA_DATA_DIR="$WORK_DIR/seed" "$BIN" demo load >/dev/null 2>&1

log "generating $ROWS rows (10% repeats)"
python3 - "$ROWS" "$WORK_DIR/supporters.csv" <<'PY'
import random, sys
rows, path = int(sys.argv[1]), sys.argv[2]
random.seed(1986)
first = ["Ana", "José", "María", "Óscar", "Inés", "Luz", "Tom", "Rosa", "Pedro", "Carmen", "Núria", "Dana"]
last = ["Pérez", "Núñez", "Martínez", "Alvarado", "Rivas", "Baker", "García", "Smith", "Peña", "Hernández"]
places = [("Madison", "53703"), ("Madison", "53704"), ("Arcatao", "1301"), ("Chicago", "60601"), ("San Salvador", "1101")]
with open(path, "w", encoding="utf-8", newline="") as out:
    out.write("Email,First Name,Last Name,Zip,City,Tags,Newsletter\n")
    for n in range(rows):
        person = n
        if n % 10 == 9:  # a repeat of an earlier row that is itself not a repeat
            person = random.randrange(n)
            while person % 10 == 9:
                person -= 1
        email = f"friend{person}@example.org"
        if person != n:
            email = f"  Friend{person}@Example.ORG "
        place, zip_code = places[person % len(places)]
        out.write(f"{email},{first[person % 12]},{last[person % 10]} {person},{zip_code},{place},"
                  f"\"lote {n % 7}, 2026\",{'yes' if person % 3 else 'no'}\n")
PY
log "file: $(du -h "$WORK_DIR/supporters.csv" | cut -f1)"

times=()
for round in $(seq 1 "$ROUNDS"); do
    rm -rf "$WORK_DIR/run" && cp -a "$WORK_DIR/seed" "$WORK_DIR/run"
    start=$(now)
    summary=$(HERMANA_DATA_DIR="$WORK_DIR/run" RUST_LOG=warn "$BIN" import supporters "$WORK_DIR/supporters.csv" --org mascp --yes 2>/dev/null | tail -n 1)
    seconds=$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
    times+=("$seconds")
    printf 'round %d: %s s, %s rows/s — %s\n' "$round" "$seconds" "$(awk -v r="$ROWS" -v s="$seconds" 'BEGIN { printf "%d", r / s }')" "$summary"
done
med=$(median "${times[@]}")
cat <<MD

### Supporter import — $(date -u +%Y-%m-%d)

- Command: \`bench/import.sh\` (release build, SQLite, the demo loaded; $ROWS generated rows with
  10% repeats written differently; \`hermana import supporters FILE --yes\`, $ROUNDS rounds).
- Rounds (s): ${times[*]}. **Median: $med s** (budget < 10 s for 100,000 rows).
- Last round: $summary
MD
