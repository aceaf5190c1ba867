#!/usr/bin/env python3
"""tests/tools/listeners.py - TCP listeners on 127.0.0.1 that play dead or
slow UCloud jobs for the probe tests and `make bench`.

    listeners.py SILENT [SLOW_MS]

Opens SILENT ports that accept connections and never send a byte, then,
when SLOW_MS is given, one port that sends an SSH banner SLOW_MS
milliseconds after each connection.  Prints the ports, one line, space
separated (silent ones first), once all listen, then serves until killed.
"""
import selectors
import socket
import sys
import time


def listener():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    s.setblocking(False)
    return s


def main():
    nsilent = int(sys.argv[1])
    slow_ms = int(sys.argv[2]) if len(sys.argv) > 2 else None
    sel = selectors.DefaultSelector()
    ports = []
    for _ in range(nsilent):
        s = listener()
        sel.register(s, selectors.EVENT_READ, "silent")
        ports.append(s.getsockname()[1])
    if slow_ms is not None:
        s = listener()
        sel.register(s, selectors.EVENT_READ, "slow")
        ports.append(s.getsockname()[1])
    print(" ".join(str(p) for p in ports), flush=True)
    held = []
    due = []
    while True:
        timeout = None
        if due:
            timeout = max(0.0, min(d[0] for d in due) - time.monotonic())
        for key, _ in sel.select(timeout):
            try:
                conn, _ = key.fileobj.accept()
            except BlockingIOError:
                continue
            held.append(conn)
            if key.data == "slow":
                due.append((time.monotonic() + slow_ms / 1000.0, conn))
        now = time.monotonic()
        for d in [d for d in due if d[0] <= now]:
            try:
                d[1].sendall(b"SSH-2.0-OpenSSH_9.2p1 slow\r\n")
            except OSError:
                pass
            due.remove(d)


if __name__ == "__main__":
    main()
