#!/usr/bin/env python3
"""The page at /ui on a big host: bench/workload.c with N children, each in
private namespaces of every type (8 each), the release exporter, headless
chromium (as in Tests/UI).

Measures, over RUNS fresh page loads: first render (navigation start until
the tree is drawn from the first snapshot), DOM elements, JS heap; then,
while a namespace is made and destroyed every 0.3 s, the cost of each
update (index the new snapshot and redraw, fetch excluded) and its fetch;
DOM elements after scrolling to the end. Prints a table; JSON in
bench/out/ui.json.

    EXPORTER=.build/release/namespace_exporter python3 bench/ui-bench.py [N=1000] [RUNS=5]
"""

import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tests", "UI"))
from test_ui import Browser, Exporter, eventually, request  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
OUT = os.path.join(ROOT, "bench", "out")


def main():
    os.makedirs(OUT, exist_ok=True)
    workload_binary = os.path.join(OUT, "workload")
    subprocess.run(["gcc", "-O2", "-Wall", "-o", workload_binary, os.path.join(ROOT, "bench", "workload.c")], check=True)
    workload = subprocess.Popen([workload_binary, str(N), "1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    exporter = browser = None
    try:
        line = workload.stdout.readline().strip()
        assert line == f"ready {N}", f"workload said {line!r}"
        exporter = Exporter()
        count = eventually(lambda: len(exporter.json("/snapshot.json")[1]["namespaces"]) >= 8 * N and
                           len(exporter.json("/snapshot.json")[1]["namespaces"]), 120)
        assert count, "the exporter never saw the workload's namespaces"
        _, headers, body = request(exporter.base + "/snapshot.json", {"Accept-Encoding": "gzip"})
        gzip_bytes = len(body)
        browser = Browser()
        loads = []
        for _ in range(RUNS):
            first = browser.open(exporter.base + "/ui")
            nodes, heap = browser.driver.execute_script(
                "return [document.getElementsByTagName('*').length, performance.memory ? performance.memory.usedJSHeapSize : 0]")
            loads.append({"first_render_ms": first, "dom_elements": nodes, "js_heap_bytes": heap})
        updates = measure_updates(browser)
        browser.driver.execute_script("const s = document.querySelector('.scroller'); s.scrollTop = s.scrollHeight;")
        time.sleep(0.5)
        after_scroll = browser.driver.execute_script("return document.getElementsByTagName('*').length")
        rows = browser.driver.execute_script("return +document.getElementById('tree').dataset.rows")
        result = {
            "date": time.strftime("%Y-%m-%d"), "n": N, "namespaces": count, "tree_rows": rows,
            "snapshot_gzip_bytes": gzip_bytes,
            "first_render_ms": [l["first_render_ms"] for l in loads],
            "dom_elements": [l["dom_elements"] for l in loads], "dom_elements_after_scroll": after_scroll,
            "js_heap_bytes": [l["js_heap_bytes"] for l in loads],
            "update_ms": [u["update"] for u in updates], "fetch_ms": [u["fetch"] for u in updates],
        }
        with open(os.path.join(OUT, "ui.json"), "w") as out:
            json.dump(result, out, indent=1)
        median = statistics.median
        print("| namespaces | tree rows | snapshot gzip | first render median (min–max) | DOM elements | after scrolling | JS heap | update median (max) | fetch median | updates |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        print(f"| {count:,} | {rows:,} | {gzip_bytes / 1024:.0f} KiB | {median(result['first_render_ms']):.0f} ms "
              f"({min(result['first_render_ms']):.0f}–{max(result['first_render_ms']):.0f}) | {median(result['dom_elements']):.0f} | "
              f"{after_scroll} | {median(result['js_heap_bytes']) / 2**20:.1f} MiB | "
              f"{median(result['update_ms']):.1f} ms ({max(result['update_ms']):.1f}) | {median(result['fetch_ms']):.0f} ms | {len(updates)} |")
    finally:
        if browser:
            browser.quit()
        if exporter:
            exporter.stop()
        workload.stdin.close()
        workload.wait(120)


def measure_updates(browser, seconds=15):
    """Update costs while a namespace is made and destroyed every 0.3 s."""
    seen, updates = None, []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        child = subprocess.Popen(["unshare", "--uts", "sleep", "0.2"])
        time.sleep(0.3)
        child.wait()
        tag, update, fetch = browser.driver.execute_script(
            "const d = document.body.dataset; return [d.snapshot, +d.updateMs, +d.fetchMs]")
        if tag != seen:
            seen = tag
            updates.append({"update": update, "fetch": fetch})
    return updates[1:]  # the first is the load's own


if __name__ == "__main__":
    main()
