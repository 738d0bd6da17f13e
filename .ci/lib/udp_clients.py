"""The datagram clients of .ci/serve-check.sh, on loopback only, every wait
bounded. Python's socket module is the independent peer.

  udp_clients.py asked LOG PORT HOST...
      For each HOST (127.0.0.2, 127.0.0.3, ::1, ...) a client connect()s to
      HOST:PORT, sends one datagram and must receive its greeting. A
      connected UDP socket takes datagrams from its peer only, so the answer
      came from HOST. The server's line for it must name HOST as the address
      the datagram was sent to (IPv4-mapped when the server is IPv6).

  udp_clients.py activated LOG PORT HOST...
      The same for a server that an activator starts at the first datagram
      (systemd-socket-activate --datagram): nothing is waited for before it.

  udp_clients.py burst LOG PORT HOST SEND ANSWERS
      One client sends SEND datagrams to HOST:PORT as fast as it can while
      at most WINDOW are unanswered (more would overflow the server's
      receive queue and be dropped, which UDP allows), and must get exactly
      ANSWERS greetings: the server stops at --count, mid-batch.
"""
import socket
import sys
import time

WINDOW = 64


# The server's first line: its own socket, or one from an activator.
READY = ("serving datagrams on", "inherited from the activator")


def ready(log):
    """Waits for the server's first line; whether its socket is IPv6."""
    deadline = time.time() + 10
    while not any(text in open(log).read() for text in READY):
        if time.time() > deadline:
            sys.exit("the server never said it was serving")
        time.sleep(0.05)
    return " on [" in open(log).read()


def wait_for(log, text, seconds=10):
    deadline = time.time() + seconds
    while text not in open(log).read():
        if time.time() > deadline:
            sys.exit(f"the server never printed {text!r}")
        time.sleep(0.05)


def family(host):
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def show(addr):
    """host:port as baresock prints a socket address."""
    host, port = addr[0], addr[1]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def greeting_for(me, server_v6):
    """The greeting a client bound to `me` must get: its address as the
    server saw it (IPv4-mapped on an IPv6 server)."""
    host, port = me[0], me[1]
    if server_v6 and ":" not in host:
        host = "::ffff:" + host
    return f"hello from baresock, {show((host, port))}\n".encode()


def asked(log, port, hosts, activated=False):
    server_v6 = None if activated else ready(log)
    for number, host in enumerate(hosts, 1):
        c = socket.socket(family(host), socket.SOCK_DGRAM)
        c.settimeout(5)
        c.connect((host, port))
        data = b"?" * number
        c.send(data)
        try:
            answer = c.recv(256)
        except socket.timeout:
            sys.exit(f"client of {host}: no answer from {host} (answered from elsewhere?)")
        me = c.getsockname()
        if server_v6 is None:
            server_v6 = ready(log)  # printed before it answered
        want = greeting_for(me, server_v6)
        if answer != want:
            sys.exit(f"client of {host}: got {answer!r}, want {want!r}")
        peer = want.decode().removeprefix("hello from baresock, ").strip()
        local = "::ffff:" + host if server_v6 and ":" not in host else host
        line = f"datagram {number}: {len(data)} bytes from {peer} to {local}\n"
        wait_for(log, line, 5)
        print(f"client of {host}: answered from {host}; server: {line.strip()}")
        c.close()


def burst(log, port, host, send, answers):
    server_v6 = ready(log)
    c = socket.socket(family(host), socket.SOCK_DGRAM)
    c.settimeout(5)
    c.connect((host, port))
    want = greeting_for(c.getsockname(), server_v6)
    sent = got = 0
    deadline = time.time() + 30
    while got < answers:
        while sent < send and sent - got < WINDOW:
            c.send(b"%d" % sent)
            sent += 1
        if time.time() > deadline:
            sys.exit(f"burst: {got} answers of {answers} in 30 s")
        try:
            answer = c.recv(256)
        except ConnectionRefusedError:
            # Once the server has stopped at --count, a datagram past it
            # meets a closed port: the ICMP error is reported first, ahead
            # of answers still queued.
            continue
        except socket.timeout:
            sys.exit(f"burst: no answer for 5 s after {got} of {answers} ({sent} sent)")
        if answer != want:
            sys.exit(f"burst: got {answer!r}, want {want!r}")
        got += 1
    # Those past --count are dropped unanswered: nothing more may come.
    c.settimeout(0.5)
    for _ in range(send - answers + 1):  # an error per datagram at most
        try:
            extra = c.recv(256)
            sys.exit(f"burst: an answer past the {answers}th: {extra!r}")
        except ConnectionRefusedError:
            continue
        except socket.timeout:
            break
    print(f"burst: {sent} datagrams sent (at most {WINDOW} unanswered), {got} answered, no more")


def main():
    mode, log, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode in ("asked", "activated"):
        asked(log, port, sys.argv[4:], activated=mode == "activated")
    elif mode == "burst":
        burst(log, port, sys.argv[4], int(sys.argv[5]), int(sys.argv[6]))
    else:
        sys.exit(f"unknown mode {mode}")


main()
