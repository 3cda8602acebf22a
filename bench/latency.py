#!/usr/bin/env python3
"""Latency from a namespace change to the exporter's publication of it,
RUNS times each: fork/exec (`unshare --uts sleep`), its exit, `unshare` and
`setns` of a running process (Tests/Tools/ns_mover.py, no fork or exec),
and `ip netns add` (its bind mount in /snapshot.json: on a big host the
series bound may leave a memberless namespace out of /metrics). A change
counts as published when /events holds an event of its kind for its pid
stamped after the change began (or when the snapshot names the path).

usage: bench/latency.py PORT RUNS      prints one JSON object
"""
import gzip
import json
import subprocess
import sys
import time
import urllib.request

port, runs = int(sys.argv[1]), int(sys.argv[2])
base = f"http://127.0.0.1:{port}"


def events():
    with urllib.request.urlopen(base + "/events", timeout=10) as response:
        return json.load(response)["events"]


def until(condition, started, limit=10.0):
    while time.time() - started < limit:
        if condition():
            return round(time.time() - started, 3)
        time.sleep(0.01)
    return None


def published(pid, kind, kind_type, started):
    return until(lambda: any(e.get("pid") == pid and e["kind"] == kind and e["type"] == kind_type and e["time"] >= started
                             for e in events()), started)


def snapshot_contains(text):
    request = urllib.request.Request(base + "/snapshot.json?type=net", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
    return text in body.decode()


mover = subprocess.Popen(["python3", "Tests/Tools/ns_mover.py"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
mover.stdout.readline()


def send(command):
    mover.stdin.write(command + "\n")
    mover.stdin.flush()
    return mover.stdout.readline()


figures = {"fork": [], "exit": [], "unshare": [], "setns": [], "netns": []}
try:
    time.sleep(1)
    for run in range(runs):
        started = time.time()
        child = subprocess.Popen(["unshare", "--uts", "sleep", "30"])
        figures["fork"].append(published(child.pid, "created", "uts", started))
        started = time.time()
        child.kill()
        child.wait()
        figures["exit"].append(published(child.pid, "destroyed", "uts", started))
        started = time.time()
        send("unshare uts")
        figures["unshare"].append(published(mover.pid, "created", "uts", started))
        started = time.time()
        send("setns uts")
        figures["setns"].append(published(mover.pid, "joined", "uts", started))
        name = f"nebench-{run}"
        started = time.time()
        subprocess.run(["ip", "netns", "add", name], check=True)
        figures["netns"].append(until(lambda: snapshot_contains(f'"/run/netns/{name}"'), started))
        subprocess.run(["ip", "netns", "delete", name], check=True)
finally:
    mover.stdin.write("exit\n")
    mover.stdin.close()
    mover.wait()

result = {}
for name, values in figures.items():
    seen = sorted(v for v in values if v is not None)
    result[f"{name}_missed"] = len(values) - len(seen)
    result[f"{name}_median_s"] = seen[len(seen) // 2] if seen else None
    result[f"{name}_max_s"] = seen[-1] if seen and len(seen) == len(values) else None
print(json.dumps(result))
