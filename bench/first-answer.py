#!/usr/bin/env python3
"""Milliseconds from exec of the exporter to its first 200 on /metrics.

usage: bench/first-answer.py EXPORTER RUNS    prints one figure per run

Each run starts the exporter on a free loopback port, asks for /metrics
every millisecond until one answers 200, then stops it (SIGTERM, reaped).
"""
import socket
import subprocess
import sys
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one(exporter):
    port = free_port()
    start = time.monotonic()
    server = subprocess.Popen([exporter, f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.monotonic() - start < 30:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=1) as response:
                    if response.status == 200:
                        return (time.monotonic() - start) * 1000
            except OSError:
                time.sleep(0.001)
        raise SystemExit("no answer within 30 s")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    for _ in range(int(sys.argv[2])):
        print(f"{one(sys.argv[1]):.1f}")
