"""The loopback clients of .ci/tiny.sh and .ci/tiny-cross.sh: they talk to
the examples/tiny server on 127.0.0.1 and watch its descriptors in
/proc/PID/fd (PID: the server, or the qemu-user process that runs it).
Every wait is bounded; any failure exits with a message and status 1.

    python3 tiny_clients.py PORT PID greet N       # N clients, one after another
    python3 tiny_clients.py PORT PID concurrent S  # S: the build's deadline, seconds
    python3 tiny_clients.py PORT PID hostile       # a reset, garbage, then a client
    python3 tiny_clients.py PORT 0 emfile S CMD... # starts CMD with 7 descriptors at most

Each client must read exactly the greeting, then end of stream.
"""
import os
import resource
import socket
import struct
import subprocess
import sys
import time

GREETING = b"hello from baresock\n"


def fail(message):
    sys.exit(f"FAIL tiny clients: {message}")


def connect(port, deadline=None):
    """A connection, retried while nothing listens (5 s at most)."""
    deadline = deadline or time.time() + 5
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except ConnectionRefusedError:
            if time.time() > deadline:
                fail(f"nothing listens on 127.0.0.1:{port}")
            time.sleep(0.05)


def read_all(conn, what):
    """Everything up to end of stream (5 s at most); must be the greeting."""
    data = b""
    while True:
        try:
            chunk = conn.recv(256)
        except socket.timeout:
            fail(f"{what}: no end of stream within 5 s after {data!r}")
        if not chunk:
            break
        data += chunk
        if len(data) > 4096:
            break
    if data != GREETING:
        fail(f"{what} read {data!r}, not the greeting and end of stream")


def fds(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except FileNotFoundError:
        fail(f"the server (pid {pid}) is gone")


def wait_fds(pid, want, seconds, what):
    """Waits until the server holds `want` descriptors; returns the time."""
    end = time.time() + seconds
    while fds(pid) != want:
        if time.time() > end:
            fail(f"{what}: the server holds {fds(pid)} descriptors, not {want}, after {seconds} s")
        time.sleep(0.02)
    return time.time()


def greet(port, pid, count):
    for i in range(count):
        with connect(port) as c:
            read_all(c, f"client {i + 1}")
    print(f"ok: {count} clients read the greeting and end of stream")


def concurrent(port, pid, deadline):
    """A silent client stays open; another is served at once meanwhile; the
    silent one is closed by the server at its deadline, not before."""
    time.sleep(0.2)  # earlier clients' connections are closed by now
    base = fds(pid)
    silent = connect(port)
    t0 = time.time()
    # The greeting and end of stream come at once; the silent client then
    # neither sends nor closes, so the server keeps its connection.
    read_all(silent, "the silent client")
    wait_fds(pid, base + 1, 2, "the silent client's connection")
    with connect(port) as other:
        read_all(other, "a client while the silent one is open")
    served = time.time() - t0
    wait_fds(pid, base + 1, 2, "after the other client closed")
    if time.time() - t0 >= deadline - 1:
        fail("the check took longer than the deadline allows to tell the two apart")
    closed = wait_fds(pid, base, deadline + 3, "the silent client at its deadline")
    # The server closed its end: what the silent client sends now is answered
    # with a reset, and a send after that fails.
    end = time.time() + 3
    while True:
        try:
            silent.send(b"x")
        except (ConnectionResetError, BrokenPipeError):
            break
        if time.time() > end:
            fail("no reset after the server closed the silent client's connection")
        time.sleep(0.05)
    silent.close()
    print(
        f"ok: another client served {served:.3f} s after a silent one connected; "
        f"the silent one closed by the server {closed - t0:.2f} s after it connected "
        f"(deadline {deadline} s), descriptors back to {base}"
    )


def hostile(port, pid):
    """A client that resets and one that sends garbage take nothing down."""
    time.sleep(0.2)
    base = fds(pid)
    c = connect(port)
    read_all(c, "the resetting client")
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()  # SO_LINGER 0: a reset, not a FIN
    with connect(port) as g:
        g.sendall(b"\x00\xffGET / HTTP/1.1\r\n" * 64)
        read_all(g, "the garbage client")
    with connect(port) as c:
        read_all(c, "a client after them")
    wait_fds(pid, base, 3, "after a reset and garbage")
    print(f"ok: a reset and a garbage client, then a client served; descriptors back to {base}")


def cpu_ticks(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def emfile(port, deadline, command):
    """With RLIMIT_NOFILE 7 the server (0 to 2, listener, epoll, timer) has
    room for one connection: while a silent client holds it, accept4 fails
    with EMFILE and the server must pause, not spin, and serve the waiting
    client once the silent one's deadline frees the slot."""

    def limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (7, 7))

    server = subprocess.Popen(command, preexec_fn=limit, close_fds=True, stdin=subprocess.DEVNULL)
    try:
        pid = server.pid
        silent = connect(port)
        read_all(silent, "the silent client")
        t0 = time.time()
        waiting = connect(port)
        waiting.settimeout(deadline + 3)
        time.sleep(0.2)
        busy0 = cpu_ticks(pid)
        time.sleep(1)
        busy = cpu_ticks(pid) - busy0
        # A loop that spins on EMFILE burns about 100 ticks a second.
        if busy > 20:
            fail(f"the server used {busy} clock ticks in 1 s with accept4 failing: it spins")
        if fds(pid) != 7:
            fail(f"the server holds {fds(pid)} descriptors, not 7, with its one slot taken")
        read_all(waiting, "the client waiting for a slot")
        served = time.time() - t0
        print(
            f"ok: with 7 descriptors, a client waited {served:.2f} s for the silent one's slot "
            f"(deadline {deadline} s) while the server paused ({busy} clock ticks in 1 s)"
        )
        silent.close()
    finally:
        server.terminate()
        server.wait(5)


def main():
    port, pid, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    if mode == "greet":
        greet(port, pid, int(sys.argv[4]))
    elif mode == "concurrent":
        concurrent(port, pid, int(sys.argv[4]))
    elif mode == "hostile":
        hostile(port, pid)
    elif mode == "emfile":
        emfile(port, int(sys.argv[4]), sys.argv[5:])
    else:
        fail(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
