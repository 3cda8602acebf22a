#!/usr/bin/env python3
"""A storm of event-visible namespace changes for SECONDS at about RATE per
second, in turn: a fork/exec/exit (`true`), a process made in new uts and
ipc namespaces (`unshare`), a running process's `unshare` and its `setns`
back (no fork, no exec), and `ip netns add` / `ip netns delete`.

Usage: ns_storm.py SECONDS RATE PREFIX. Leaves nothing: every child is
reaped, every netns it added is deleted. Prints what it did as JSON.
"""
import ctypes
import json
import os
import subprocess
import sys
import time

seconds, rate, prefix = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET, CLONE_NEWUTS = 0x40000000, 0x04000000

# The mover: a child that unshares and goes back on each byte it reads.
reader, writer = os.pipe()
mover = os.fork()
if mover == 0:
    os.close(writer)
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    inside = False
    while os.read(reader, 1):
        if inside:
            libc.setns(home, CLONE_NEWNET)
        else:
            libc.unshare(CLONE_NEWNET | CLONE_NEWUTS)
        inside = not inside
    os._exit(0)
os.close(reader)

done = {"exec": 0, "unshare_exec": 0, "moves": 0, "netns_add": 0, "netns_delete": 0}
running = []
added = []
step = 1.0 / rate
start = time.monotonic()
tick = 0
while time.monotonic() - start < seconds:
    kind = tick % 4
    if kind == 0:
        running.append(subprocess.Popen(["true"]))
        done["exec"] += 1
    elif kind == 1:
        running.append(subprocess.Popen(["unshare", "--uts", "--ipc", "true"]))
        done["unshare_exec"] += 1
    elif kind == 2:
        os.write(writer, b"x")
        done["moves"] += 1
    else:
        if len(added) < 3:
            name = f"{prefix}{tick}"
            subprocess.run(["ip", "netns", "add", name], check=True)
            added.append(name)
            done["netns_add"] += 1
        else:
            subprocess.run(["ip", "netns", "delete", added.pop(0)], check=True)
            done["netns_delete"] += 1
    running = [p for p in running if p.poll() is None]
    tick += 1
    time.sleep(max(0.0, start + tick * step - time.monotonic()))

for name in added:
    subprocess.run(["ip", "netns", "delete", name], check=True)
    done["netns_delete"] += 1
for p in running:
    p.wait()
os.close(writer)
os.waitpid(mover, 0)
print(json.dumps(done), flush=True)
