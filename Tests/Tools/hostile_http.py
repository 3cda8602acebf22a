#!/usr/bin/env python3
"""Hostile HTTP clients against the exporter, each printing one JSON line.

  hostile_http.py raw HOST PORT HEX        send bytes, report the status line (or none) and whether it closed
  hostile_http.py slowloris HOST PORT SECONDS
        trickle a request head one byte a second on one connection while
        another client scrapes /metrics; report when the trickling
        connection was closed and the scrapes' latencies
"""
import json
import socket
import sys
import threading
import time
import urllib.request


def raw(host, port, payload, timeout=10.0):
    with socket.create_connection((host, port), timeout=timeout) as s:
        try:
            s.sendall(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = b""
        closed = False
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    closed = True
                    break
                data += chunk
                if b"\r\n\r\n" in data and b"Content-Length" in data:
                    head, _, body = data.partition(b"\r\n\r\n")
                    length = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")][0].split(b":")[1])
                    if len(body) >= length:
                        break
        except (socket.timeout, ConnectionResetError):
            closed = True
        status = data.split(b"\r\n", 1)[0].decode("latin-1") if data else ""
        return {"status": status, "closed": closed, "body": data.partition(b"\r\n\r\n")[2].decode("latin-1")}


def scrape(url):
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=10) as response:
        response.read()
        return response.status, time.monotonic() - started


def slowloris(host, port, seconds):
    url = f"http://{host}:{port}/metrics"
    baseline = [scrape(url)[1] for _ in range(20)]
    result = {"closed_after": None}

    def trickle():
        started = time.monotonic()
        s = socket.create_connection((host, port))
        head = b"GET /metrics HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"a" * 1000
        try:
            for byte in head:
                s.sendall(bytes([byte]))
                s.settimeout(1.0)
                try:
                    if s.recv(1) == b"":
                        result["closed_after"] = time.monotonic() - started
                        return
                except socket.timeout:
                    pass
                if time.monotonic() - started > seconds:
                    return
        except (BrokenPipeError, ConnectionResetError):
            result["closed_after"] = time.monotonic() - started
        finally:
            s.close()

    thread = threading.Thread(target=trickle)
    thread.start()
    during = []
    while thread.is_alive():
        status, latency = scrape(url)
        during.append(latency)
        if status != 200:
            result["bad_status"] = status
        time.sleep(0.1)
    thread.join()
    baseline.sort()
    during.sort()
    result.update({
        "baseline_p50": baseline[len(baseline) // 2], "baseline_max": baseline[-1],
        "during_scrapes": len(during), "during_p50": during[len(during) // 2], "during_max": during[-1],
    })
    return result


if __name__ == "__main__":
    mode, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode == "raw":
        print(json.dumps(raw(host, port, bytes.fromhex(sys.argv[4]))))
    elif mode == "slowloris":
        print(json.dumps(slowloris(host, port, float(sys.argv[4]))))
