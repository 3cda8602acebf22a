#!/usr/bin/env python3
"""Soak: the exporter under scrapes, probes and namespace churn for a while.

  bench/soak.py EXPORTER [SECONDS]   (make soak; SOAK_SECONDS=600 by default)

Starts EXPORTER on a free loopback port, then for SECONDS runs at once:
/metrics scrapes at 50/s (gzip), /probe at 5/s (every create module in
turn) and 100 new namespaces a second (fork, unshare(CLONE_NEWUTS), exit).
Before and after, it records the exporter's fds, threads, RSS and child
processes (zombies included), the host's zombies, mounts and namespaces;
it prints them side by side and exits 1 if any differs (RSS: growth above
RSS_BOUND_KIB) or any request failed.
"""
import ctypes
import gzip
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request

RSS_BOUND_KIB = 16 * 1024
CLONE_NEWUTS = 0x04000000
libc = ctypes.CDLL(None, use_errno=True)
MODULES = ["uts", "pid", "net", "ipc", "mnt", "user", "cgroup", "time", "all"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def holdings(pid):
    def count(path):
        try:
            return len(os.listdir(path))
        except OSError:
            return -1
    status = open(f"/proc/{pid}/status").read()
    rss = int([l for l in status.splitlines() if l.startswith("VmRSS:")][0].split()[1])
    children = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        children += open(f"/proc/{pid}/task/{tid}/children").read().split()
    zombies = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()[0] == "Z":
                    zombies += 1
            except OSError:
                pass
    namespaces = json.loads(subprocess.run(["lsns", "-J", "-o", "NS"], capture_output=True, text=True).stdout)["namespaces"]
    return {
        "exporter_fds": count(f"/proc/{pid}/fd"), "exporter_threads": count(f"/proc/{pid}/task"),
        "exporter_children": len(children), "exporter_mounts": len(open(f"/proc/{pid}/mountinfo").read().splitlines()),
        "host_zombies": zombies, "host_mounts": len(open("/proc/self/mountinfo").read().splitlines()),
        "host_namespaces": len(namespaces), "exporter_rss_kib": rss,
    }


def paced(rate, seconds, action, errors, name):
    interval = 1.0 / rate
    start = time.monotonic()
    done = 0
    while time.monotonic() - start < seconds:
        try:
            action(done)
        except Exception as error:  # counted, reported
            errors.append(f"{name}: {error}")
        done += 1
        delay = start + done * interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    return done


def main():
    exporter, seconds = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 600
    port = free_port()
    process = subprocess.Popen([exporter, f"--web.listen-address=127.0.0.1:{port}", "--sample.interval=1s"],
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    try:
        # Warm up: first probes of each module, first gzip body.
        for module in MODULES:
            urllib.request.urlopen(f"{base}/probe?module={module}", timeout=10).read()
        time.sleep(2)
        before = holdings(process.pid)
        errors, counts = [], {}

        def scrape(_):
            request = urllib.request.Request(base + "/metrics", headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(request, timeout=10) as response:
                gzip.decompress(response.read())

        def probe(i):
            body = urllib.request.urlopen(f"{base}/probe?module={MODULES[i % len(MODULES)]}", timeout=10).read().decode()
            if "probe_success 1" not in body:
                raise RuntimeError(f"probe failed: {body[-300:]}")

        def churn(_):
            child = os.fork()
            if child == 0:
                try:
                    libc.unshare(CLONE_NEWUTS)
                finally:
                    os._exit(0)
            os.waitpid(child, 0)

        workers = [("scrapes", 50, scrape), ("probes", 5, probe), ("namespaces", 100, churn)]
        threads = [threading.Thread(target=lambda n=n, r=r, a=a: counts.__setitem__(n, paced(r, seconds, a, errors, n)))
                   for n, r, a in workers]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        time.sleep(5)  # let the last samples and probes settle
        after = holdings(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)

    print(f"soak: {elapsed:.0f} s; " + ", ".join(f"{n} {counts[n]} ({counts[n] / elapsed:.1f}/s)" for n in counts)
          + f"; errors {len(errors)}")
    print(f"{'':20} {'before':>10} {'after':>10}")
    failed = bool(errors)
    for key in before:
        same = before[key] == after[key] if key != "exporter_rss_kib" else after[key] - before[key] <= RSS_BOUND_KIB
        failed |= not same
        print(f"{key:20} {before[key]:>10} {after[key]:>10} {'' if same else '  <- differs'}")
    for error in errors[:10]:
        print("error:", error)
    json.dump({"seconds": elapsed, "counts": counts, "errors": len(errors), "before": before, "after": after},
              open(os.environ.get("SOAK_JSON", "/dev/null"), "w"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
