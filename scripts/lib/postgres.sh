# shellcheck shell=bash
#
# PostgreSQL for the test suite. Source this file, then:
#
#   hermana_pg_start          # sets and exports HERMANA_TEST_DATABASE_URL
#   trap hermana_pg_stop EXIT # stops the throwaway cluster, if one was started
#
# HERMANA_TEST_DATABASE_URL is an admin URL (superuser `postgres`) of a server
# in which the tests may CREATE DATABASE / DROP DATABASE. It is chosen as:
#
#   a. HERMANA_TEST_DATABASE_URL, if it is already set (kept as it is);
#   b. the server on 127.0.0.1:5432, if it answers and lets `postgres` in
#      without a password;
#   c. otherwise a throwaway cluster: `initdb` in a fresh temporary directory
#      (Debian's `postgresql` package is installed first if `initdb` cannot be
#      found), run as the unprivileged `postgres` system user when we are root,
#      listening on a free port on 127.0.0.1 only, fsync off.
#      hermana_pg_stop stops it and deletes its directory.
#
# Environment:
#   HERMANA_PG_FORCE_THROWAWAY=1  skip (b): always start a throwaway cluster
#                                 (unless HERMANA_TEST_DATABASE_URL is set).
#
# Safe to use under `set -euo pipefail`: failures are reported and returned as
# a non-zero status, never left to errexit halfway through.

# What hermana_pg_start started (empty when it started nothing).
HERMANA_PG_TMPDIR="${HERMANA_PG_TMPDIR:-}"
HERMANA_PG_BINDIR="${HERMANA_PG_BINDIR:-}"
HERMANA_PG_PORT="${HERMANA_PG_PORT:-}"

_hermana_pg_log() {
    echo "postgres: $*" >&2
}

# Directory holding initdb/pg_ctl/postgres of one PostgreSQL version, or
# nothing. Prefers the version whose initdb is on PATH, else the newest one
# under /usr/lib/postgresql.
_hermana_pg_find_bindir() {
    local initdb dir best=""
    if initdb="$(command -v initdb 2>/dev/null)" && [[ -n "$initdb" ]]; then
        dir="$(dirname -- "$(readlink -f -- "$initdb")")"
        if [[ -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then
            printf '%s\n' "$dir"
            return 0
        fi
    fi
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] || continue
        if [[ -z "$best" ]]; then
            best="$dir"
        else
            best="$(printf '%s\n%s\n' "$best" "$dir" | sort -V | tail -n 1)"
        fi
    done
    [[ -n "$best" ]] || return 1
    printf '%s\n' "$best"
}

# A client tool (psql, pg_isready): from PATH, else from a server bindir.
_hermana_pg_client() {
    local name="$1" path dir
    if path="$(command -v "$name" 2>/dev/null)" && [[ -n "$path" ]]; then
        printf '%s\n' "$path"
        return 0
    fi
    if dir="$(_hermana_pg_find_bindir)" && [[ -x "$dir/$name" ]]; then
        printf '%s\n' "$dir/$name"
        return 0
    fi
    return 1
}

# True when the server on 127.0.0.1:5432 answers and `postgres` gets in with
# no password.
_hermana_pg_local_ok() {
    local isready psql
    isready="$(_hermana_pg_client pg_isready)" || return 1
    psql="$(_hermana_pg_client psql)" || return 1
    "$isready" -q -h 127.0.0.1 -p 5432 -t 3 >/dev/null 2>&1 || return 1
    PGCONNECT_TIMEOUT=5 "$psql" -X -w -q -t -A -h 127.0.0.1 -p 5432 -U postgres \
        -d postgres -c 'select 1' </dev/null >/dev/null 2>&1 || return 1
}

# A TCP port on 127.0.0.1 that nothing listens on right now.
_hermana_pg_free_port() {
    local port
    if command -v python3 >/dev/null 2>&1 &&
        port="$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])' 2>/dev/null)" && [[ -n "$port" ]]; then
        printf '%s\n' "$port"
        return 0
    fi
    # No python3: probe a random range with bash's /dev/tcp.
    local start=$((20000 + RANDOM % 30000)) i
    for ((i = 0; i < 200; i++)); do
        port=$((start + i))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            printf '%s\n' "$port"
            return 0
        fi
    done
    return 1
}

# An admin tool that may be outside a non-login PATH.
_hermana_pg_sbin() {
    local dir
    command -v "$1" 2>/dev/null && return 0
    for dir in /usr/sbin /sbin /usr/bin /bin; do
        [[ -x "$dir/$1" ]] && { printf '%s\n' "$dir/$1"; return 0; }
    done
    printf '%s\n' "$1"
}

# Runs a command as the user that owns the throwaway cluster: `postgres` when
# we are root (PostgreSQL refuses to run as root), ourselves otherwise. Runs
# from the cluster directory so that the server never inherits an unreadable
# working directory.
_hermana_pg_as_owner() {
    if [[ "$(id -u)" -eq 0 ]]; then
        (cd -- "$HERMANA_PG_TMPDIR" && "$(_hermana_pg_sbin runuser)" -u postgres -- "$@")
    else
        (cd -- "$HERMANA_PG_TMPDIR" && "$@")
    fi
}

_hermana_pg_install() {
    if [[ "$(id -u)" -ne 0 ]]; then
        _hermana_pg_log "initdb not found and not root: install PostgreSQL (Debian: apt-get install postgresql)"
        return 1
    fi
    _hermana_pg_log "initdb not found: installing Debian's postgresql package"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        postgresql >&2 || return 1
}

_hermana_pg_ensure_user() {
    [[ "$(id -u)" -eq 0 ]] || return 0
    id -u postgres >/dev/null 2>&1 && return 0
    _hermana_pg_log "creating system user postgres"
    "$(_hermana_pg_sbin useradd)" --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin postgres >&2
}

_hermana_pg_start_throwaway() {
    local bindir port attempt log

    if ! bindir="$(_hermana_pg_find_bindir)"; then
        _hermana_pg_install || { _hermana_pg_log "could not install postgresql"; return 1; }
        bindir="$(_hermana_pg_find_bindir)" || { _hermana_pg_log "no initdb after installing postgresql"; return 1; }
    fi
    _hermana_pg_ensure_user || { _hermana_pg_log "could not create user postgres"; return 1; }

    # Under /tmp when root, so that `postgres` can reach it whatever TMPDIR is.
    if [[ "$(id -u)" -eq 0 ]]; then
        HERMANA_PG_TMPDIR="$(mktemp -d /tmp/hermana-pg.XXXXXX)" || return 1
        chown postgres: "$HERMANA_PG_TMPDIR" || return 1
    else
        HERMANA_PG_TMPDIR="$(mktemp -d -t hermana-pg.XXXXXX)" || return 1
    fi
    HERMANA_PG_BINDIR="$bindir"
    log="$HERMANA_PG_TMPDIR/postgres.log"

    # C.UTF-8 like Debian's default cluster; plain C where that locale is missing.
    if ! _hermana_pg_as_owner "$bindir/initdb" -D "$HERMANA_PG_TMPDIR/data" -A trust -U postgres \
        -E UTF8 --locale=C.UTF-8 --no-sync >"$HERMANA_PG_TMPDIR/initdb.log" 2>&1 &&
        ! { rm -rf -- "$HERMANA_PG_TMPDIR/data" &&
            _hermana_pg_as_owner "$bindir/initdb" -D "$HERMANA_PG_TMPDIR/data" -A trust -U postgres \
                -E UTF8 --locale=C --no-sync >>"$HERMANA_PG_TMPDIR/initdb.log" 2>&1; }; then
        _hermana_pg_log "initdb failed:"
        cat "$HERMANA_PG_TMPDIR/initdb.log" >&2 || true
        return 1
    fi

    # The free port may be taken between finding and binding it: retry.
    for attempt in 1 2 3; do
        port="$(_hermana_pg_free_port)" || { _hermana_pg_log "no free port found"; return 1; }
        if _hermana_pg_as_owner "$bindir/pg_ctl" -D "$HERMANA_PG_TMPDIR/data" -l "$log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $HERMANA_PG_TMPDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null 2>&1; then
            HERMANA_PG_PORT="$port"
            break
        fi
        _hermana_pg_log "start on port $port failed (attempt $attempt)"
    done
    if [[ -z "$HERMANA_PG_PORT" ]]; then
        _hermana_pg_log "could not start the throwaway cluster; its log:"
        tail -n 20 "$log" >&2 || true
        return 1
    fi

    # pg_ctl -w already waited; make sure TCP answers too.
    local isready="$bindir/pg_isready" i
    for ((i = 0; i < 60; i++)); do
        "$isready" -q -h 127.0.0.1 -p "$HERMANA_PG_PORT" >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    _hermana_pg_log "throwaway cluster on port $HERMANA_PG_PORT does not answer"
    return 1
}

hermana_pg_start() {
    if [[ -n "${HERMANA_TEST_DATABASE_URL:-}" ]]; then
        export HERMANA_TEST_DATABASE_URL
        # Hide a password, if any, from the log.
        _hermana_pg_log "using the given HERMANA_TEST_DATABASE_URL ($(printf '%s' "$HERMANA_TEST_DATABASE_URL" | sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#'))"
        return 0
    fi

    if [[ "${HERMANA_PG_FORCE_THROWAWAY:-0}" != 1 ]] && _hermana_pg_local_ok; then
        export HERMANA_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres"
        _hermana_pg_log "using the running server at 127.0.0.1:5432"
        return 0
    fi

    if ! _hermana_pg_start_throwaway; then
        _hermana_pg_log "no PostgreSQL available for the tests"
        hermana_pg_stop
        return 1
    fi
    export HERMANA_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:${HERMANA_PG_PORT}/postgres"
    _hermana_pg_log "using a throwaway cluster at 127.0.0.1:${HERMANA_PG_PORT} ($("$HERMANA_PG_BINDIR/postgres" --version 2>/dev/null || echo "postgres"), in $HERMANA_PG_TMPDIR)"
}

# Stops and deletes the throwaway cluster, if hermana_pg_start made one.
# Always returns 0, so that it is safe in an EXIT trap.
hermana_pg_stop() {
    local dir="${HERMANA_PG_TMPDIR:-}" pid
    [[ -n "$dir" ]] || return 0
    if [[ -d "$dir/data" && -f "$dir/data/postmaster.pid" ]]; then
        if ! _hermana_pg_as_owner "${HERMANA_PG_BINDIR:-}/pg_ctl" -D "$dir/data" -m immediate -w -t 30 \
            stop >/dev/null 2>&1; then
            pid="$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
            if [[ "$pid" =~ ^[0-9]+$ ]]; then
                kill -KILL "$pid" 2>/dev/null || true
                sleep 0.5
            fi
        fi
    fi
    rm -rf -- "$dir" 2>/dev/null || true
    if [[ -n "${HERMANA_PG_PORT:-}" && "${HERMANA_TEST_DATABASE_URL:-}" == *":${HERMANA_PG_PORT}/"* ]]; then
        unset HERMANA_TEST_DATABASE_URL
    fi
    HERMANA_PG_TMPDIR=""
    HERMANA_PG_BINDIR=""
    HERMANA_PG_PORT=""
    return 0
}
