#!/usr/bin/env python3
"""A running process that changes namespace on command, without fork or exec:
the tests' way to make `unshare` and `setns` happen in a live process.

Reads commands from the FIFO named by its argument (or stdin), one per line, answers one line each on stdout:
  unshare net,uts   -> "ok net:[ino] uts:[ino]" (its links after the call)
  setns net         -> "ok net:[ino]" (back into the namespace it started in)
  links             -> "ok ..." (every link now)
  cycle uts         -> "ok uts:[a] uts:[b]": unshare, setns back, unshare
                       again, at once (the second may get the first's inode)
  exit              -> exits
"""
import ctypes
import os
import sys

FLAGS = {"cgroup": 0x02000000, "ipc": 0x08000000, "mnt": 0x00020000, "net": 0x40000000,
         "pid": 0x20000000, "time": 0x00000080, "user": 0x10000000, "uts": 0x04000000}
libc = ctypes.CDLL(None, use_errno=True)
home = {t: os.open(f"/proc/self/ns/{t}", os.O_RDONLY) for t in FLAGS}


def links(types):
    return " ".join(os.readlink(f"/proc/self/ns/{t}") for t in types)


commands = open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin
print("ready " + links(list(FLAGS)), flush=True)
for line in commands:
    words = line.split()
    if not words:
        continue
    command, types = words[0], (words[1].split(",") if len(words) > 1 else list(FLAGS))
    try:
        if command == "exit":
            break
        if command == "unshare":
            flags = 0
            for t in types:
                flags |= FLAGS[t]
            if libc.unshare(flags) != 0:
                raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
        elif command == "cycle":
            t = types[0]
            if libc.unshare(FLAGS[t]) != 0:
                raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
            first = os.readlink(f"/proc/self/ns/{t}")
            libc.setns(home[t], FLAGS[t])
            libc.unshare(FLAGS[t])
            print(f"ok {first} {os.readlink(f'/proc/self/ns/{t}')}", flush=True)
            continue
        elif command == "setns":
            for t in types:
                if libc.setns(home[t], FLAGS[t]) != 0:
                    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
        print("ok " + links(types), flush=True)
    except (OSError, KeyError) as error:
        print(f"error {error}", flush=True)
