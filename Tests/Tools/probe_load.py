#!/usr/bin/env python3
"""Load for /probe tests: a burst of concurrent requests, or a long soak.

  probe_load.py burst URL N       N requests at once (threads released by a barrier)
  probe_load.py soak BASE N M...  N requests over one keep-alive connection, cycling modules M

Prints one JSON document: status counts and what the probe bodies said.
"""
import http.client
import json
import sys
import threading
import urllib.parse
import urllib.request


def probe_success(body):
    for line in body.splitlines():
        if line.startswith("probe_success "):
            return line.split()[1] == "1"
    return None


def burst(url, n):
    barrier = threading.Barrier(n)
    results = [None] * n

    def one(i):
        barrier.wait()
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                results[i] = (response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            results[i] = (error.code, error.read().decode())

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = {}
    for status, _ in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    bodies = [body for status, body in results if status != 200][:1]
    print(json.dumps({"statuses": statuses, "rejected_body": bodies[0] if bodies else ""}))


def soak(base, n, modules):
    parsed = urllib.parse.urlparse(base)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
    statuses, successes, failures = {}, 0, []
    for i in range(n):
        module = modules[i % len(modules)]
        connection.request("GET", f"/probe?module={module}")
        response = connection.getresponse()
        body = response.read().decode()
        statuses[str(response.status)] = statuses.get(str(response.status), 0) + 1
        if response.status == 200 and probe_success(body):
            successes += 1
        elif len(failures) < 3:
            failures.append(body)
    print(json.dumps({"statuses": statuses, "successes": successes, "failures": failures}))


if __name__ == "__main__":
    if sys.argv[1] == "burst":
        burst(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "soak":
        soak(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
    else:
        sys.exit(__doc__)
