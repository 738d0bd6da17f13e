"""The hostile clients of .ci/load.sh, asyncio, loopback only.

    python3 .ci/lib/load.py PORT PID

PID is the server listening on 127.0.0.1:PORT (started by load.sh). At once:
GOOD well-behaved clients, RESET that reset (SO_LINGER 0) right after
connecting, SILENT that connect and send nothing, GARBAGE that send random
bytes; then, once the first wave is over, a second wave of GOOD well-behaved
clients. A well-behaved client connects, sends "GET\\n" and reads to EOF; it
passes when what it read starts with the greeting (so it works whether the
server greets at once or after the request line). Then: the server is alive
and greets one more client, its /proc/PID/fd count is back to its baseline,
and its VmRSS after the second wave is no larger than after the first
(LOAD_RSS_SLACK_KB more allowed, default 0).

The silent and garbage clients never close their end (they read and drop
what comes) until the server holds no connection any more: its fd count
back to the baseline and its accept queue empty. So the wave passes only if
the server drops them by itself, by its per-connection deadline or at once,
within LOAD_HOLD_TIMEOUT (30 s) of the well-behaved clients' end. Measured
on the server's fds, not on each connection, as a server that greets and
shuts its write half down leaves nothing a client can see when it closes;
and a silent client whose handshake the kernel dropped (SYN cookies, then
a full accept queue) costs the server nothing, so it cannot fail the test.

Every wait is bounded: a client's connect and read share one deadline
(LOAD_CLIENT_TIMEOUT, 30 s: a full backlog drops SYNs, which the kernel
retries after 1, 3, 7, 15 s), the held clients are released at
LOAD_HOLD_TIMEOUT, and load.sh runs this under a global timeout. Exit
status 0 when every check passed, 1 (with the failed checks named)
otherwise. Sizes of the waves: LOAD_GOOD (1000), LOAD_RESET (100),
LOAD_SILENT (100), LOAD_GARBAGE (50).
"""
import asyncio
import os
import resource
import socket
import struct
import sys
import time

GREETING = b"hello from baresock"


def setting(name, default):
    return int(os.environ.get(name, default))


GOOD = setting("LOAD_GOOD", 1000)
RESET = setting("LOAD_RESET", 100)
SILENT = setting("LOAD_SILENT", 100)
GARBAGE = setting("LOAD_GARBAGE", 50)
CLIENT_TIMEOUT = setting("LOAD_CLIENT_TIMEOUT", 30)
# How long the server may take to drop the silent and garbage clients (its
# per-connection deadline) once the well-behaved ones are done.
HOLD_TIMEOUT = setting("LOAD_HOLD_TIMEOUT", 30)
RSS_SLACK_KB = setting("LOAD_RSS_SLACK_KB", 0)


def raise_nofile(want):
    """Raises this process's RLIMIT_NOFILE soft limit toward `want`, within
    the hard limit; returns (soft, hard) as they are now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = want if hard == resource.RLIM_INFINITY else min(want, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def fd_count(pid):
    """How many fds the process has open; -1 when it is gone."""
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except FileNotFoundError:
        return -1


def rss_kb(pid):
    """The process's VmRSS in kB; -1 when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return -1


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            # The state follows the command name in parentheses; Z: exited.
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


async def connect_raw(port):
    """A non-blocking socket connected to 127.0.0.1:port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    try:
        await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", port))
    except BaseException:
        sock.close()
        raise
    return sock


async def connect_bounded(port):
    """connect_raw within CLIENT_TIMEOUT: (socket, None), or (None, why the
    connect failed)."""
    try:
        async with asyncio.timeout(CLIENT_TIMEOUT):
            return await connect_raw(port), None
    except TimeoutError:
        return None, "connect: timeout"
    except OSError as e:
        return None, f"connect: {e}"


async def read_to_end(sock, limit):
    """Everything the server sends until it closes: (bytes, 'eof' | 'reset')."""
    loop = asyncio.get_running_loop()
    data = b""
    while len(data) < limit:
        try:
            chunk = await loop.sock_recv(sock, 4096)
        except ConnectionResetError:
            return data, "reset"
        if not chunk:
            return data, "eof"
        data += chunk
    return data, "too much"


LATENCIES = []


async def good(port):
    """Connect, send the request line, read to EOF: 'ok', or what went wrong.
    Its time from connect to EOF goes to LATENCIES."""
    loop = asyncio.get_running_loop()
    start = time.monotonic()
    sock = None
    try:
        async with asyncio.timeout(CLIENT_TIMEOUT):
            sock = await connect_raw(port)
            try:
                await loop.sock_sendall(sock, b"GET\n")
            except (ConnectionResetError, BrokenPipeError):
                pass  # the server greeted and closed before the line came; read on
            data, end = await read_to_end(sock, 4096)
    except TimeoutError:
        return "timeout"
    except OSError as e:
        return f"connect: {e.strerror or e}"
    finally:
        if sock is not None:
            sock.close()
        LATENCIES.append(time.monotonic() - start)
    if not data.startswith(GREETING):
        return f"bad greeting {data[:40]!r} ({end})"
    # The greeting then EOF is the protocol; a reset after the whole greeting
    # (a server closing with the request line unread) is counted apart.
    return "ok" if end == "eof" else f"ok, then {end}"


async def reset(port):
    """Connect, then close with SO_LINGER 0: an RST instead of a FIN."""
    sock, failed = await connect_bounded(port)
    if failed:
        return failed
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()
    return "reset sent"


async def hold(port, payload, connected, released):
    """Connect, send `payload` (maybe nothing), then keep this end open,
    reading and dropping whatever comes, never closing, until `released` is
    set. `connected` is called once the connect has ended either way.
    Returns 'held, saw EOF' or 'held, no EOF' (whether the server ended the
    stream meanwhile), or why the connect failed."""
    loop = asyncio.get_running_loop()
    try:
        sock, failed = await connect_bounded(port)
    finally:
        connected()
    if failed:
        return failed
    try:
        async def talk():
            if payload:
                try:
                    await loop.sock_sendall(sock, payload)
                except (ConnectionResetError, BrokenPipeError):
                    return
            await read_to_end(sock, 1 << 20)

        task = asyncio.ensure_future(talk())
        await released.wait()
        ended = task.done()
        task.cancel()
        try:
            await task
        except (asyncio.CancelledError, OSError):
            pass
        return "held, saw EOF" if ended else "held, no EOF"
    finally:
        sock.close()


def accept_queue(port):
    """How many connections wait in the accept queue of the listener on
    127.0.0.1:port or 0.0.0.0:port (/proc/net/tcp shows it as the rx_queue
    of a LISTEN socket); 0 when there is no such listener."""
    ends = (f"0100007F:{port:04X}", f"00000000:{port:04X}")
    with open("/proc/net/tcp") as f:
        for line in f:
            fields = line.split()
            if len(fields) > 4 and fields[1] in ends and fields[3] == "0A":
                return int(fields[4].split(":")[1], 16)
    return 0


async def dropped_by_server(pid, baseline, port, bound):
    """Waits (at most `bound` s) until the server holds no connection: its fd
    count at `baseline` and its accept queue empty, for half a second in a
    row (a server between closing one connection and accepting the next
    queued one is not done). Returns the seconds it took (None if it did
    not), the fd count and the accept queue's length last seen."""
    start = time.monotonic()
    calm = 0
    while time.monotonic() - start < bound and alive(pid):
        fds, queued = fd_count(pid), accept_queue(port)
        calm = calm + 1 if fds == baseline and queued == 0 else 0
        if calm == 5:
            return time.monotonic() - start, fds, queued
        await asyncio.sleep(0.1)
    return None, fd_count(pid), accept_queue(port)


def garbage(i):
    """Random bytes: even clients send some with no newline (the server must
    drop them by their deadline), odd ones a large burst that has newlines."""
    if i % 2 == 0:
        return os.urandom(1500).replace(b"\n", b"x")
    return os.urandom(64 * 1024)


def tally(results):
    counts = {}
    for r in results:
        counts[r] = counts.get(r, 0) + 1
    return ", ".join(f"{n} {r}" for r, n in sorted(counts.items(), key=lambda kv: -kv[1]))


async def settle(pid, baseline, bound):
    """Waits (at most `bound` s) for the server's fd count to fall back to
    `baseline`; returns the last count seen."""
    deadline = time.monotonic() + bound
    while True:
        n = fd_count(pid)
        if n <= baseline or time.monotonic() > deadline:
            return n
        await asyncio.sleep(0.1)


async def main(port, pid):
    failures = []

    def check(ok, what):
        print(f"load: {'ok  ' if ok else 'FAIL'} {what}")
        if not ok:
            failures.append(what)

    wanted = GOOD + RESET + SILENT + GARBAGE + 256
    soft, hard = raise_nofile(wanted)
    print(f"load: client RLIMIT_NOFILE {soft} (hard {hard}, wanted {wanted}); "
          f"server {server_nofile(pid)}; net.core.somaxconn {sysctl('net/core/somaxconn')}, "
          f"tcp_max_syn_backlog {sysctl('net/ipv4/tcp_max_syn_backlog')}, "
          f"tcp_syncookies {sysctl('net/ipv4/tcp_syncookies')}")
    t0 = time.monotonic()

    first = await good(port)
    check(first.startswith("ok"), f"a first client is greeted ({first})")
    if not alive(pid):
        return failures
    # The first client's connection may still be open for a moment after
    # it read its greeting: the idle count is the least seen over a second
    # (one snapshot once took 9 fds for the idle 8, and the waves then
    # "failed" to return to it).
    seen = []
    for _ in range(10):
        seen.append(fd_count(pid))
        await asyncio.sleep(0.1)
    base_fds = min(seen)
    base_rss = rss_kb(pid)
    print(f"load: server baseline: {base_fds} fds, VmRSS {base_rss} kB")

    async def wave(n, hostile):
        """One wave: GOOD well-behaved clients, with the hostile ones if
        `hostile`, all at once; checks them and the server after them.
        Returns the server's VmRSS after it, or None when the server is gone."""
        t, overflows = time.monotonic(), listen_overflows()
        slowest()
        holders = SILENT + GARBAGE if hostile else 0
        waiting = [holders]
        all_connected, released = asyncio.Event(), asyncio.Event()

        def connected():
            waiting[0] -= 1
            if waiting[0] == 0:
                all_connected.set()

        brief = [good(port) for _ in range(GOOD)]
        held = []
        if hostile:
            brief += [reset(port) for _ in range(RESET)]
            held = ([hold(port, b"", connected, released) for _ in range(SILENT)]
                    + [hold(port, garbage(i), connected, released) for i in range(GARBAGE)])
        held_results = asyncio.gather(*held)
        results = await asyncio.gather(*brief)
        goods, resets = results[:GOOD], results[GOOD:]
        if hostile:
            # The silent and garbage clients keep their ends open: only the
            # server's deadline (or its closing at once) can drop them.
            await all_connected.wait()
            took, fds, queued = await dropped_by_server(pid, base_fds, port, HOLD_TIMEOUT)
            released.set()
            rest = await held_results
            silents, garbages = rest[:SILENT], rest[SILENT:]
        else:
            await held_results
        line = (f"load: wave {n} ({time.monotonic() - t:.1f} s, slowest well-behaved client "
                f"{slowest():.1f} s, {listen_overflows() - overflows} accept-queue overflows on "
                f"the machine): {GOOD} well-behaved: {tally(goods)}")
        if hostile:
            line += (f"; {RESET} resetting: {tally(resets)}; {SILENT} silent: {tally(silents)}; "
                     f"{GARBAGE} garbage: {tally(garbages)}")
        print(line)
        check(all(r.startswith("ok") for r in goods),
              f"wave {n}: all {GOOD} well-behaved clients greeted")
        if hostile:
            check(all(r == "reset sent" for r in resets),
                  f"wave {n}: all {RESET} resetting clients connected")
            check(all(r.startswith("held") for r in silents + garbages),
                  f"wave {n}: all {SILENT} silent and {GARBAGE} garbage clients connected")
            check(took is not None,
                  f"wave {n}: the server dropped the silent and garbage clients by itself "
                  f"while they held their ends open (fds back to {base_fds} "
                  + (f"{took:.1f} s after the well-behaved clients ended)" if took is not None
                     else f"not within {HOLD_TIMEOUT} s: {fds} fds, {queued} queued)"))
        check(alive(pid), f"the server is alive after wave {n}")
        if not alive(pid):
            return None
        fds = await settle(pid, base_fds, 10)
        rss = rss_kb(pid)
        print(f"load: after wave {n}: {fds} fds, VmRSS {rss} kB")
        check(fds == base_fds, f"after wave {n} the server's fd count is back to {base_fds} ({fds})")
        return rss

    rss1 = await wave(1, hostile=True)
    if rss1 is None:
        return failures
    rss2 = await wave(2, hostile=False)
    if rss2 is None:
        return failures
    check(rss2 <= rss1 + RSS_SLACK_KB,
          f"VmRSS did not grow between the waves ({rss1} -> {rss2} kB, slack {RSS_SLACK_KB} kB)")

    last = await good(port)
    check(last.startswith("ok"), f"one more client is greeted ({last})")
    print(f"load: clients done in {time.monotonic() - t0:.1f} s")
    return failures


def listen_overflows():
    """TcpExt ListenOverflows of the whole machine: SYNs or handshakes dropped
    because a listener's accept queue was full."""
    with open("/proc/net/netstat") as f:
        lines = f.readlines()
    for names, values in zip(lines[::2], lines[1::2]):
        if names.startswith("TcpExt:"):
            return int(dict(zip(names.split(), values.split())).get("ListenOverflows", -1))
    return -1


def slowest():
    """The slowest well-behaved client since the last call, in s."""
    worst = max(LATENCIES, default=0.0)
    LATENCIES.clear()
    return worst


def sysctl(name):
    try:
        with open(f"/proc/sys/{name}") as f:
            return f.read().strip()
    except OSError:
        return "?"


def server_nofile(pid):
    try:
        with open(f"/proc/{pid}/limits") as f:
            for line in f:
                if line.startswith("Max open files"):
                    soft, hard = line.split()[3:5]
                    return f"RLIMIT_NOFILE {soft} (hard {hard})"
    except OSError:
        pass
    return "RLIMIT_NOFILE ?"


if __name__ == "__main__":
    failed = asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
    if failed:
        sys.exit("load: FAILED: " + "; ".join(failed))
