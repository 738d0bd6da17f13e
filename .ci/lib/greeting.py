"""The loopback clients of .ci/serve-check.sh and .ci/activation.sh: connect
to a server on 127.0.0.1 (retrying while it is not listening yet, until a
deadline), read one line (5 s timeout), check baresock's greeting."""
import socket
import sys
import time


def connect(port, deadline):
    """A connection to 127.0.0.1:port, retried until `deadline` (time.time())."""
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except ConnectionRefusedError:
            if time.time() > deadline:
                sys.exit(f"client: nothing listens on {port}")
            time.sleep(0.05)


def read_line(conn):
    """Bytes up to and including the first newline, or until EOF; closes."""
    conn.settimeout(5)
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(128)
        if not chunk:
            break
        data += chunk
    conn.close()
    return data


def greeted(port, what="client"):
    data = read_line(connect(port, time.time() + 10))
    if not data.startswith(b"hello from baresock, 127.0.0.1:"):
        sys.exit(f"{what}: bad greeting {data!r}")
