"""Probes of real `kgtool serve` processes on 127.0.0.1, as an attacker would send them (issue 17).

Three servers: over the embedded store (short time-outs and --max-bytes 20000), with
--endpoint set to a listener that answers every request with an error page, and with
--endpoint set to a real Oxigraph server. Probed: the SERVICE bypasses and updates of
tests/test_serve.py (GET, form POST, query POST), updates as update POSTs, Content-Length
-1/+5/two values/huge, a short body, idle and 100 unfinished connections, an answer over
--max-bytes, the malformed request lines of tests/test_serve_hostile.py, nosniff and the CSP
on every kind of page, 64 connections at once, clients that reset mid-answer (the log must
hold no traceback), and whether anything reached the SERVICE target or the endpoint.
Prints a Markdown table; exits 1 if a probe fails.

    python bench/serve_probes.py
"""

import selectors
import socket
import struct
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from servers import SECRET, kgtool_serve_logged, oxigraph_server, recording_listener
from test_serve import hostile_probes
from test_serve_hostile import GARBAGE

DATA = str(Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "shapes" / "_base.ttl")
rows = []


def exchange(port, data, timeout=15.0):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        got = b""
        try:
            while chunk := s.recv(65536):
                got += chunk
        except (ConnectionError, TimeoutError):
            pass
        return got


def head(ans):
    h, _, b = ans.partition(b"\r\n\r\n")
    line = h.split(b"\r\n", 1)[0].decode("latin-1")
    hdrs = {
        k.strip().lower(): v.strip()
        for k, _, v in (row.decode("latin-1").partition(":") for row in h.split(b"\r\n")[1:])
    }
    eid = b.split(b"]", 1)[0].split(b"[", 1)[-1].decode() if b.startswith(b"ERROR [") else ""
    return line, hdrs, b, eid


def send_query(port, how, query, extra=""):
    if how == "get":
        t = "/sparql?" + urllib.parse.urlencode({"query": query}) + extra
        return exchange(port, f"GET {t} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    if how == "post-form":
        body = urllib.parse.urlencode({"query": query}).encode()
        ct = "application/x-www-form-urlencoded"
    elif how == "post-update":
        body, ct = query.encode(), "application/sparql-update"
    elif how == "form-update":
        body, ct = urllib.parse.urlencode({"update": query}).encode(), "application/x-www-form-urlencoded"
    else:
        body, ct = query.encode(), "application/sparql-query"
    return exchange(
        port,
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: "
        + ct.encode()
        + b"\r\nContent-Length: %d\r\n\r\n" % len(body)
        + body,
    )


def record(group, probe, ok, detail):
    rows.append((group, probe, "pass" if ok else "FAIL", detail))


def service_probes(port, target, received, label):
    for name, how, query in hostile_probes(target):
        line, _, body, eid = head(send_query(port, how, query))
        ok = line.split(" ")[1:2] and line.split(" ")[1].startswith("4") and SECRET not in body
        record(label, f"{name} ({how})", bool(ok) and not received, f"{line[9:12]} {eid}")
    for how in ("post-update", "form-update"):
        line, _, body, eid = head(send_query(port, how, "INSERT DATA { <a:b> <a:c> <a:d> }"))
        record(label, f"INSERT DATA as {how}", line[9:12] == "403" and not received, f"{line[9:12]} {eid}")
    record(label, "nothing reached the SERVICE target / listener", not received, f"{len(received)} requests received")


def main():
    with recording_listener() as (target, received):  # noqa: SIM117 - the server's arguments are long
        with kgtool_serve_logged(
            "--data",
            DATA,
            "--idle-timeout",
            "2",
            "--read-timeout",
            "3",
            "--max-bytes",
            "20000",
            "--workers",
            "1",
            "--timeout",
            "5",
        ) as (base, log):
            port = urllib.parse.urlsplit(base).port
            service_probes(port, target, received, "serve (embedded store)")
            # lengths
            for length, want in (("-1", "400"), ("+5", "400"), ("5, 6", "400"), ("99999999999", "413")):
                t0 = time.monotonic()
                line, _, _, eid = head(
                    exchange(
                        port,
                        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: "
                        + length.encode()
                        + b"\r\n\r\nASK {}",
                    )
                )
                record(
                    "lengths",
                    f"Content-Length: {length}",
                    line[9:12] == want,
                    f"{line[9:12]} {eid} in {time.monotonic() - t0:.2f} s",
                )
            # short body, dripping, idle
            t0 = time.monotonic()
            line, _, _, eid = head(
                exchange(
                    port,
                    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK",
                )
            )
            record(
                "slow",
                "short body (100 announced, 3 sent)",
                line[9:12] == "408",
                f"{line[9:12]} {eid} after {time.monotonic() - t0:.1f} s (read timeout 3 s)",
            )
            t0 = time.monotonic()
            ans = exchange(port, b"")
            record(
                "slow",
                "idle connection, nothing sent",
                ans == b"",
                f"closed after {time.monotonic() - t0:.1f} s (idle timeout 2 s)",
            )
            sel = selectors.DefaultSelector()
            socks = []
            t0 = time.monotonic()
            for i in range(100):
                s = socket.create_connection(("127.0.0.1", port), timeout=5)
                if i % 2:
                    s.sendall(b"GET /index.html HTTP/1.1\r\nHost: x\r\n")
                s.setblocking(False)
                sel.register(s, selectors.EVENT_READ)
                socks.append(s)
            open_ = set(socks)
            while open_ and time.monotonic() - t0 < 20:
                for key, _ in sel.select(0.5):
                    try:
                        c = key.fileobj.recv(65536)
                    except (ConnectionError, BlockingIOError):
                        c = b""
                    if not c:
                        open_.discard(key.fileobj)
                        sel.unregister(key.fileobj)
            record(
                "slow",
                "100 unfinished requests (50 idle, 50 half headers)",
                not open_,
                f"{100 - len(open_)} of 100 closed within {time.monotonic() - t0:.1f} s",
            )
            for s in socks:
                s.close()
            # answer size
            line, _, body, eid = head(
                send_query(port, "get", "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 2000000", "&format=csv")
            )
            record(
                "answer size",
                "SELECT … LIMIT 2000000 (--max-bytes 20000)",
                line[9:12] == "400" and eid == "serve#answer-too-large",
                f"{line[9:12]} {eid}: {body[:90].decode(errors='replace').strip()}",
            )
            # garbage request lines
            bad = [g for g in GARBAGE if not head(exchange(port, g))[0].startswith("HTTP/1.1 4")]
            record(
                "malformed",
                f"{len(GARBAGE)} malformed request lines (HTTP/0.9, TLS hello, NUL, …)",
                not bad,
                f"{len(GARBAGE) - len(bad)} of {len(GARBAGE)} answered with an HTTP/1.1 4xx status line",
            )
            # headers
            for path in (
                "/",
                "/index.html",
                "/style.css",
                "/sparql",
                "/sparql?query=ASK%7B%7D",
                "/no-such",
                "/id/kg/nothing",
            ):
                _, h, _, _ = head(
                    exchange(
                        port,
                        f"GET {path} HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nConnection: close\r\n\r\n".encode(),
                    )
                )
                record(
                    "headers",
                    f"nosniff + CSP on {path}",
                    h.get("x-content-type-options") == "nosniff"
                    and "default-src" in h.get("content-security-policy", ""),
                    h.get("content-security-policy", "")[:60],
                )
            # backlog
            cs = []
            try:
                for _ in range(64):
                    cs.append(socket.create_connection(("127.0.0.1", port), timeout=0.5))
                record("backlog", "64 connections at once", True, "all accepted within 0.5 s each")
            except OSError as e:
                record("backlog", "64 connections at once", False, f"connection {len(cs) + 1}: {e}")
            finally:
                for c in cs:
                    c.close()
            # disconnects
            for _ in range(5):
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                s.settimeout(10)
                s.connect(("127.0.0.1", port))
                s.sendall(b"GET /dumps/kgtool.nt HTTP/1.1\r\nHost: x\r\n\r\n")
                s.recv(100)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                s.close()
            time.sleep(1)
            text = log()
            record(
                "log",
                "5 clients reset mid-answer; 100 slow clients",
                "Traceback" not in text,
                f"log: {len(text.splitlines())} lines, {text.count('Traceback')} tracebacks",
            )
            line, _, _, _ = head(exchange(port, b"GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
            record("after", "still answers", line.startswith("HTTP/1.1 200"), line)
        # --endpoint: hostile queries refused before forwarding; the listener is the endpoint itself
    with recording_listener() as (target, received), recording_listener() as (endpoint, forwarded):  # noqa: SIM117
        with kgtool_serve_logged("--data", DATA, "--endpoint", endpoint) as (base, log):
            port = urllib.parse.urlsplit(base).port
            service_probes(port, target, received, "serve --endpoint")
            record(
                "serve --endpoint",
                "no hostile query or update forwarded to the endpoint",
                not forwarded,
                f"{len(forwarded)} requests reached the endpoint",
            )
            line, _, body, eid = head(send_query(port, "get", "ASK {}"))
            record(
                "serve --endpoint",
                "endpoint answers 500 with a body: body not passed on",
                line[9:12] == "502" and SECRET not in body,
                f"{line[9:12]} {eid}; remote body included: {SECRET in body}",
            )
    with recording_listener() as (target, received), oxigraph_server() as ox:  # noqa: SIM117
        with kgtool_serve_logged("--data", DATA, "--endpoint", ox + "/query") as (base, log):
            port = urllib.parse.urlsplit(base).port
            service_probes(port, target, received, "serve --endpoint (real Oxigraph server)")
    print("| group | probe | result | answer |\n|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(str(x).replace("|", "\\|") for x in r) + " |")
    print(f"\n{sum(r[2] == 'pass' for r in rows)} of {len(rows)} probes pass")
    return 0 if all(r[2] == "pass" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
