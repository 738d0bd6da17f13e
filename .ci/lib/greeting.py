"""The greeting client of .ci/serve-check.sh's rounds: connect to the server
on 127.0.0.1 (retrying while it is not listening yet, 10 s at most), read
one line (5 s timeout), check it is baresock's greeting."""
import socket
import sys
import time


def greeted(port, what="client"):
    deadline = time.time() + 10
    while True:
        try:
            c = socket.create_connection(("127.0.0.1", port), timeout=5)
            break
        except ConnectionRefusedError:
            if time.time() > deadline:
                sys.exit("server never listened")
            time.sleep(0.05)
    c.settimeout(5)
    data = b""
    while not data.endswith(b"\n"):
        chunk = c.recv(128)
        if not chunk:
            break
        data += chunk
    c.close()
    if not data.startswith(b"hello from baresock, 127.0.0.1:"):
        sys.exit(f"{what}: bad greeting {data!r}")
