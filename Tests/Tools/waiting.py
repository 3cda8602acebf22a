"""What the Python suites share: waiting on a condition, never for a fixed
time, and a free loopback port."""

import socket
import time


def eventually(condition, seconds=20, every=0.1, retry_on=()):
    """`condition()`'s first truthy value within `seconds`, else its last;
    an exception in `retry_on` counts as not yet."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            value = condition()
        except retry_on:
            value = None
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
