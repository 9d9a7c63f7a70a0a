#!/usr/bin/env bash
#
# Benchmark of hermana's cached public pages against nginx serving the same
# bytes from disk, plus hermana's memory and the transfer size of a first visit
# of the English home page.
#
#   bench/public-pages.sh
#
# Steps: `cargo build --release`; install Debian's nginx and wrk if missing;
# start `target/release/hermana serve` on a fresh data dir and a free port on
# 127.0.0.1; save its /en/ and have nginx (2 workers) serve that file as
# /en/index.html; check both bodies are identical; warm both; then run
# `wrk -t2 -c64 -d10s --latency` alternately against each, 3 rounds each.
# Prints a table, the medians and the hermana/nginx ratio, hermana's VmRSS
# (after start-up, right after the load, after 5 s idle), the compressed size
# of /en/ and of each same-origin stylesheet, script and image it references,
# and ends with a Markdown block for bench/RESULTS.md.
#
# The server gets a fresh data dir (so SQLite and the demo content) and none of
# the caller's other HERMANA_* variables. Only ever talks to 127.0.0.1.
# Everything it starts is stopped, and every temporary directory removed, on
# exit. About 1.5 minutes after the build.
#
# Environment (all optional):
#   HERMANA_BENCH_SKIP_BUILD=1   do not run `cargo build --release`
#   HERMANA_BENCH_BIN=PATH       server binary (default target/release/hermana),
#                                e.g. to measure a build of another commit
#   HERMANA_BENCH_ROUNDS=N       rounds per server (default 3)
#   HERMANA_BENCH_DURATION=10s   wrk duration of one round (default 10s)

set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${HERMANA_BENCH_BIN:-$ROOT/target/release/hermana}"
ROUNDS="${HERMANA_BENCH_ROUNDS:-3}"
DURATION="${HERMANA_BENCH_DURATION:-10s}"
THREADS=2
CONNS=64
WARMUP=3s
# wrk is given its duration plus a margin before it is killed.
case "$DURATION" in
    *[0-9]s) WRK_TIMEOUT=$((${DURATION%s} + 30)) ;;
    *[0-9]m) WRK_TIMEOUT=$((${DURATION%m} * 60 + 30)) ;;
    *[0-9]) WRK_TIMEOUT=$((DURATION + 30)) ;;
    *) echo "error: HERMANA_BENCH_DURATION must look like 10s, 2m or 10" >&2; exit 1 ;;
esac

# Never route the local requests through a proxy.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
CURL=(curl -sS --noproxy '*' --max-time 20)

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- cleanup --
DATA_DIR=""
NGX_DIR=""
WORK_DIR=""
HERMANA_PID=""
NGINX_PID=""

stop_pid() { # pid [seconds]
    local pid="$1" wait="${2:-10}" i
    [[ -n "$pid" ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < wait * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    stop_pid "$NGINX_PID" 5
    stop_pid "$HERMANA_PID" 10
    for dir in "$NGX_DIR" "$DATA_DIR" "$WORK_DIR"; do
        [[ -n "$dir" ]] && rm -rf -- "$dir"
    done
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- helpers --
free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

APT_UPDATED=0
apt_install() {
    [[ "$(id -u)" -eq 0 ]] || die "missing $*; install it (apt-get install $*)"
    if [[ "$APT_UPDATED" -eq 0 ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        APT_UPDATED=1
    fi
    log "installing $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

find_nginx() {
    command -v nginx 2>/dev/null || { [[ -x /usr/sbin/nginx ]] && echo /usr/sbin/nginx; }
}

vmrss_kib() { # pid -> VmRSS in KiB
    awk '$1 == "VmRSS:" { print $2 }' "/proc/$1/status"
}

vmhwm_kib() { # pid -> VmHWM (peak RSS) in KiB
    awk '$1 == "VmHWM:" { print $2 }' "/proc/$1/status"
}

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# Waits until URL answers 200; fails early if PID dies.
wait_http_200() { # url pid seconds what
    local url="$1" pid="$2" secs="$3" what="$4" i code
    for ((i = 0; i < secs * 5; i++)); do
        kill -0 "$pid" 2>/dev/null || return 1
        code="$("${CURL[@]}" --max-time 2 -o /dev/null -w '%{http_code}' "$url" 2>/dev/null || true)"
        [[ "$code" == 200 ]] && return 0
        sleep 0.2
    done
    log "$what did not answer 200 on $url within ${secs}s"
    return 1
}

# Runs wrk once; prints "req_per_sec p99_ms" and keeps the full output in FILE.
run_wrk() { # url file
    local url="$1" out="$2" rps p99
    timeout "$WRK_TIMEOUT" wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$url" >"$out" 2>&1 ||
        { cat "$out" >&2; die "wrk failed against $url"; }
    rps="$(awk '$1 == "Requests/sec:" { print $2 }' "$out")"
    p99="$(awk '$1 == "99%" {
        v = $2; n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.2f", n }' "$out")"
    [[ -n "$rps" && -n "$p99" ]] || { cat "$out" >&2; die "could not parse wrk output for $url"; }
    if grep -qE 'Non-2xx or 3xx responses|Socket errors' "$out"; then
        log "warning ($url): $(grep -E 'Non-2xx or 3xx responses|Socket errors' "$out" | tr -s ' ' | paste -sd';' -)"
    fi
    printf '%s %s\n' "$rps" "$p99"
}

median() { # numbers...
    printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END {
        if (NR % 2) printf "%.2f", a[(NR + 1) / 2]; else printf "%.2f", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# ------------------------------------------------------------------ build --
if [[ "${HERMANA_BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    log "cargo build --release"
    (cd -- "$ROOT" && cargo build --release)
fi
[[ -x "$BIN" ]] || die "no server binary at $BIN"

# ------------------------------------------------------------------ tools --
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
[[ -n "$(find_nginx)" ]] || missing+=(nginx)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
((${#missing[@]} == 0)) || apt_install "${missing[@]}"
NGINX="$(find_nginx)" || die "nginx not found"

# ---------------------------------------------------------- start hermana --
DATA_DIR="$(mktemp -d /tmp/hermana-bench-data.XXXXXX)"
WORK_DIR="$(mktemp -d /tmp/hermana-bench-work.XXXXXX)"
HPORT="$(free_port)"
HBASE="http://127.0.0.1:$HPORT"
log "starting $BIN serve on 127.0.0.1:$HPORT (data in $DATA_DIR)"
started_at=$(date +%s.%N)
# Only the settings below: no HERMANA_DATABASE_URL, HERMANA_NO_DEMO, ... from the caller.
unset_hermana=()
while IFS= read -r name; do
    unset_hermana+=(-u "$name")
done < <(compgen -e | grep '^HERMANA_' || true)
env "${unset_hermana[@]}" HERMANA_DATA_DIR="$DATA_DIR" HERMANA_LISTEN="127.0.0.1:$HPORT" RUST_LOG=warn \
    "$BIN" serve >"$WORK_DIR/hermana.log" 2>&1 &
HERMANA_PID=$!
if ! wait_http_200 "$HBASE/healthz" "$HERMANA_PID" 180 hermana; then
    tail -n 40 "$WORK_DIR/hermana.log" >&2 || true
    die "hermana did not become ready"
fi
ready_secs="$(awk -v a="$started_at" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
rss_start="$(vmrss_kib "$HERMANA_PID")"
log "hermana ready after ${ready_secs}s, VmRSS $(mib "$rss_start") MiB"

# ------------------------------------------------------------ start nginx --
# nginx's workers run unprivileged: the directory must be world-readable.
NGX_DIR="$(mktemp -d /tmp/hermana-bench-nginx.XXXXXX)"
chmod 755 "$NGX_DIR"
mkdir -p "$NGX_DIR/en"
"${CURL[@]}" -f -o "$NGX_DIR/en/index.html" "$HBASE/en/" || die "GET /en/ from hermana failed"
chmod 644 "$NGX_DIR/en/index.html"
page_bytes="$(wc -c <"$NGX_DIR/en/index.html")"

NPORT="$(free_port)"
NBASE="http://127.0.0.1:$NPORT"
cat >"$NGX_DIR/nginx.conf" <<EOF
daemon off;
worker_processes 2;
pid $NGX_DIR/nginx.pid;
error_log $NGX_DIR/error.log warn;
events {
    worker_connections 1024;
}
http {
    access_log off;
    default_type text/html;
    sendfile on;
    # hyper keeps connections open indefinitely; let nginx do the same rather
    # than close every 1000th request (its default).
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$NPORT;
        root $NGX_DIR;
        index index.html;
    }
}
EOF
log "starting nginx on 127.0.0.1:$NPORT"
"$NGINX" -p "$NGX_DIR" -c "$NGX_DIR/nginx.conf" -e "$NGX_DIR/error.log" >"$NGX_DIR/stdout.log" 2>&1 &
NGINX_PID=$!
if ! wait_http_200 "$NBASE/en/" "$NGINX_PID" 15 nginx; then
    cat "$NGX_DIR/stdout.log" "$NGX_DIR/error.log" >&2 2>/dev/null || true
    die "nginx did not start"
fi

# -------------------------------------------------------------- same bytes --
"${CURL[@]}" -f -o "$WORK_DIR/hermana.html" "$HBASE/en/"
"${CURL[@]}" -f -o "$WORK_DIR/nginx.html" "$NBASE/en/"
cmp "$WORK_DIR/hermana.html" "$WORK_DIR/nginx.html" ||
    die "hermana and nginx return different bodies for /en/ (is the page not cached?)"
log "both serve the same $page_bytes bytes for /en/"

# ---------------------------------------------------------------- warm-up --
log "warming up ($WARMUP each)"
for url in "$HBASE/en/" "$NBASE/en/"; do
    timeout 30 wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$url" >/dev/null || die "wrk warm-up against $url failed"
done

# ---------------------------------------------------------------- rounds --
h_rps=() h_p99=() n_rps=() n_p99=()
for ((r = 1; r <= ROUNDS; r++)); do
    log "round $r/$ROUNDS: hermana"
    result="$(run_wrk "$HBASE/en/" "$WORK_DIR/wrk-hermana-$r.txt")"
    read -r rps p99 <<<"$result"
    h_rps+=("$rps") h_p99+=("$p99")
    log "round $r/$ROUNDS: nginx"
    result="$(run_wrk "$NBASE/en/" "$WORK_DIR/wrk-nginx-$r.txt")"
    read -r rps p99 <<<"$result"
    n_rps+=("$rps") n_p99+=("$p99")
done
rss_loaded="$(vmrss_kib "$HERMANA_PID")"
hwm="$(vmhwm_kib "$HERMANA_PID")"
sleep 5
rss_idle="$(vmrss_kib "$HERMANA_PID")"

h_rps_med="$(median "${h_rps[@]}")"
n_rps_med="$(median "${n_rps[@]}")"
h_p99_med="$(median "${h_p99[@]}")"
n_p99_med="$(median "${n_p99[@]}")"
ratio="$(awk -v a="$h_rps_med" -v b="$n_rps_med" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"

rounds_table="| round | hermana req/s | hermana p99 (ms) | nginx req/s | nginx p99 (ms) |
|---|---:|---:|---:|---:|"
for ((i = 0; i < ROUNDS; i++)); do
    rounds_table+="
| $((i + 1)) | ${h_rps[i]} | ${h_p99[i]} | ${n_rps[i]} | ${n_p99[i]} |"
done
rounds_table+="
| **median** | **$h_rps_med** | **$h_p99_med** | **$n_rps_med** | **$n_p99_med** |"

# ------------------------------------------------------ first-visit size --
# Same-origin stylesheets, scripts and images referenced by /en/, in order.
python3 - "$HBASE/en/" "$WORK_DIR/hermana.html" >"$WORK_DIR/resources.txt" 2>"$WORK_DIR/skipped.txt" <<'PY'
import sys
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

base, path = sys.argv[1], sys.argv[2]
origin = urlsplit(base)[:2]

class Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.base = base
        self.refs = []
    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "base" and a.get("href"):
            self.base = urljoin(base, a["href"])
        elif tag == "link" and "stylesheet" in a.get("rel", "").lower().split() and a.get("href"):
            self.refs.append(a["href"])
        elif tag in ("script", "img") and a.get("src"):
            self.refs.append(a["src"])
    handle_startendtag = handle_starttag

p = Refs()
with open(path, encoding="utf-8", errors="replace") as f:
    p.feed(f.read())
seen, skipped = set(), 0
for ref in p.refs:
    url = urljoin(p.base, ref.strip()).split("#", 1)[0]
    if urlsplit(url)[:2] != origin:
        skipped += 1
        continue
    if url not in seen:
        seen.add(url)
        print(url)
print(skipped, file=sys.stderr)
PY

skipped="$(cat "$WORK_DIR/skipped.txt")"
size_rows=""
total_bytes=0
requests=0
size_failed=0
measure() { # url
    local url="$1" out code bytes enc ctype
    out="$("${CURL[@]}" -H 'Accept-Encoding: br, gzip' -o /dev/null \
        -w '%{http_code}|%{size_download}|%header{content-encoding}|%{content_type}' "$url")" || out="000|0||"
    IFS='|' read -r code bytes enc ctype <<<"$out"
    if [[ "$code" != 200 ]]; then
        log "warning: $url answered $code"
        size_failed=$((size_failed + 1))
    fi
    total_bytes=$((total_bytes + bytes))
    requests=$((requests + 1))
    size_rows+="
| ${url#"$HBASE"} | ${ctype%%;*} | ${enc:-identity} | $bytes |"
}
measure "$HBASE/en/"
while IFS= read -r url; do
    [[ -n "$url" ]] && measure "$url"
done <"$WORK_DIR/resources.txt"
size_table="| resource | type | encoding | bytes |
|---|---|---|---:|$size_rows
| **total ($requests requests)** | | | **$total_bytes** |"
if [[ "$skipped" != 0 ]]; then
    size_table+="

($skipped reference(s) to other origins not counted.)"
fi

# ---------------------------------------------------------------- report --
commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "no commit")"
if [[ "$commit" != "no commit" && -n "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ]]; then
    commit+=" (uncommitted changes)"
fi
cpu="$(awk -F': *' '$1 ~ /^model name/ { print $2; exit }' /proc/cpuinfo)"
cpu="${cpu:-unknown CPU} ($(nproc) cores)"
os="$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null || true)"
os="${os:-Linux}"
nginx_version="$({ "$NGINX" -v 2>&1 || true; } | sed 's#.*nginx/##')"
wrk_version="$({ wrk -v 2>&1 || true; } | awk 'NR == 1 { print $2 }')"

cat <<EOF

### Public pages — $(date -u +%Y-%m-%d)

- Commit: $commit
- Machine: $cpu, $(awk '$1 == "MemTotal:" { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo), $os
- Load: \`wrk -t$THREADS -c$CONNS -d$DURATION --latency\` (wrk ${wrk_version:-?}) on \`GET /en/\` ($page_bytes bytes, no compression), $ROUNDS rounds alternating hermana / nginx ${nginx_version} (\`worker_processes 2\`, same file from disk); all on 127.0.0.1, client and servers sharing the cores.

$rounds_table

**hermana / nginx (median req/s): $ratio**

Memory of the hermana process (VmRSS): $(mib "$rss_start") MiB after start-up (ready in ${ready_secs}s, no load yet); $(mib "$rss_loaded") MiB right after the load (peak VmHWM $(mib "$hwm") MiB); $(mib "$rss_idle") MiB after 5 s idle.

First visit of \`/en/\` with \`Accept-Encoding: br, gzip\` (bytes of body as transferred; same-origin stylesheets, scripts and images):

$size_table
EOF
if ((size_failed > 0)); then
    printf '\n%d resource(s) did not answer 200 (counted as transferred).\n' "$size_failed"
fi
