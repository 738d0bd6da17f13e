# Sourced by .ci/tiny.sh and .ci/tiny-cross.sh (not run): picking a
# free port on 127.0.0.1 and waiting, with bounds, for a server under test.

# Whether any TCP socket (v4 or v6) uses local port $1.
port_taken() { grep -qi ":$(printf '%04X' "$1") " /proc/net/tcp /proc/net/tcp6 2>/dev/null; }

# A port in 20000..59999 that nothing uses now (100 tries at most).
pick_port() {
    local p
    for _ in $(seq 1 100); do
        p=$((20000 + RANDOM % 40000))
        port_taken "$p" || { echo "$p"; return 0; }
    done
    return 1
}

# Whether something listens (state 0A) on 127.0.0.1-or-any port $1.
listening() { grep -qi ":$(printf '%04X' "$1") 00000000:0000 0A" /proc/net/tcp; }

# Waits for process $1 to listen on port $2: 10 s at most (qemu starts in well
# under that); fails at once if the process is gone.
wait_listening() {
    for _ in $(seq 1 200); do
        listening "$2" && return 0
        kill -0 "$1" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}

# Waits (10 s at most, then SIGKILL) for a background process of this shell
# to end and sets $status to its exit status (not through $(...): a subshell
# cannot wait).
wait_exit() {
    local pid=$1
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    status=0
    wait "$pid" || status=$?
}
