#!/usr/bin/env python3
"""Merges what the bench scripts wrote to bench/out/ into bench/results.json:
the machine, the date, every script's figures, and one row per figure that
make bench's targets name — the figure, what it is compared with, the ratio,
the target and whether it is met. Prints that table; with --markdown, as the
table the README shows.

  bench/results.py [--markdown]      (make bench runs it last)

A target whose figures were not produced (a script not run, an N not
measured) is "not measured", never met.
"""
import glob
import json
import os
import platform
import sys
import time

OUT = "bench/out"


def load(name):
    try:
        with open(os.path.join(OUT, name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def row(figure, value, unit, against=None, against_value=None, target=None, comparison="<=", ratio=None):
    """One line of the table. `target` applies to the ratio when there is a
    comparison, else to the value itself."""
    if ratio is None and value is not None and against_value:
        ratio = round(value / against_value, 2)
    judged = ratio if against_value is not None or ratio is not None else value
    if target is None:
        status = "-"
    elif judged is None:
        status = "not measured"
    else:
        status = "met" if (judged <= target if comparison == "<=" else judged >= target) else "missed"
    return {
        "figure": figure, "value": value, "unit": unit, "against": against, "against_value": against_value,
        "ratio": ratio, "target": None if target is None else f"{comparison} {target}", "status": status,
    }


def sample_rows(sample):
    rows = []
    for r in (sample or {}).get("results", []):
        n = f"{r['n']:,}"
        rows.append(row(f"full sample, default, N={n}", r["exporter_median_ms"], "ms", "C limit scanner",
                        r["c_limit_median_ms"], 1.2 if r["n"] == 10000 else None))
        rows.append(row(f"full sample, inventory only, N={n}", r["inventory_only_ms"], "ms", "C limit scanner",
                        r["c_limit_median_ms"]))
        rows.append(row(f"lsns -J, N={n}", r["lsns_median_ms"], "ms", "C limit scanner", r["c_limit_median_ms"]))
        if r.get("c_resync_median_ms"):
            rows.append(row(f"resync (full scan, default stages), N={n}", r["exporter_median_ms"], "ms",
                            "C resync limit (same reads)", r["c_resync_median_ms"], 1.3 if r["n"] == 10000 else None))
        rows.append(row(f"one process event (re-read + model), N={n}", r["event_us"], "µs",
                        target=25 if r["n"] == 10000 else None))
    return rows


def serve_rows(serve):
    rows = []
    cases = {(c["n"], c["private_every"]): c for c in (serve or {}).get("cases", [])}
    node = (serve or {}).get("node_exporter")
    small = cases.get((100, 10))
    for (n, private), c in sorted(cases.items()):
        label = f"N={n:,}" + (f", every {private}th private" if private else ", host namespaces only")
        rows.append(row(f"/metrics req/s, {label} ({c['metrics_bytes'] / 1000:,.0f} KB)", c["metrics_rps"], "req/s",
                        "static-http, same size", c["static_rps"], 0.5, ">="))
        if small and n == 10000:
            for kind, key in (("plain", "metrics_p99_ms"), ("gzip", "metrics_gzip_p99_ms")):
                rows.append(row(f"/metrics p99 ({kind}), {label}", c[key], "ms", "same at N=100", small[key], 1.2))
        rows.append(row(f"/snapshot.json gzip req/s, {label}", c["snapshot_gzip_rps"], "req/s"))
        if n == 10000 and private:
            rows.append(row(f"steady-state CPU, default flags, {label}", c["steady_cpu_percent"], "% of a core",
                            target=3))
            if c.get("cpu_seconds_per_sample"):
                rows.append(row(f"steady-state CPU, --sample.interval=60s (projected), {label}",
                                round(100 * c["cpu_seconds_per_sample"] / 60, 2), "% of a core", target=3))
            rows.append(row(f"fork/exec namespace counted after (slowest of runs), {label}", c["count_seconds_max"],
                            "s", target=1))
        else:
            rows.append(row(f"steady-state CPU, default flags, {label}", c["steady_cpu_percent"], "% of a core"))
        rows.append(row(f"peak RSS, {label}", round(c["peak_rss_kib"] / 1024, 1), "MiB"))
    if node:
        rows.append(row(f"prometheus-node-exporter /metrics req/s ({node['metrics_bytes'] / 1000:,.0f} KB)",
                        node["metrics_rps"], "req/s"))
    rows += footprint_rows(serve, cases, node)
    procs, private = cases.get((10000, 0)), cases.get((10000, 10))
    if small and procs and procs["processes"] > small["processes"]:
        per = (procs["rss_kib"] - small["rss_kib"]) * 1024 / (procs["processes"] - small["processes"])
        rows.append(row("memory per tracked process", round(per), "bytes"))
    if procs and private and private["namespaces"] > procs["namespaces"]:
        per = (private["rss_kib"] - procs["rss_kib"]) * 1024 / (private["namespaces"] - procs["namespaces"])
        rows.append(row("memory per tracked namespace", round(per), "bytes"))
    return rows


def footprint_rows(serve, cases, node):
    """The static binary's size, start and memory, beside node_exporter's
    memory in the same run."""
    rows = []
    mib = lambda kib: round(kib / 1024, 1)
    small, large = cases.get((100, 10)), cases.get((10000, 10))
    node_rss = node and node.get("rss_kib")
    if small:
        rows.append(row("RSS, idle, N=100", mib(small["rss_kib"]), "MiB", target=16))
        if small.get("rss_anon_kib"):
            rows.append(row("  of which anonymous (heap, stacks)", mib(small["rss_anon_kib"]), "MiB"))
    if node_rss:
        rows.append(row("prometheus-node-exporter RSS, idle", mib(node_rss), "MiB"))
        rows.append(row("prometheus-node-exporter peak RSS under wrk", mib(node["peak_rss_kib"]), "MiB"))
    if large:
        rows.append(row(f"RSS steady, N=10,000, {large['namespaces']:,} namespaces", mib(large["rss_kib"]), "MiB",
                        target=32))
        if large.get("rss_anon_kib"):
            rows.append(row("  of which anonymous (heap, stacks)", mib(large["rss_anon_kib"]), "MiB"))
        rows.append(row("peak RSS under wrk on every endpoint, same host", mib(large["peak_rss_kib"]), "MiB",
                        target=40))
    if (serve or {}).get("binary_bytes"):
        rows.append(row("stripped static binary", round(serve["binary_bytes"] / 1e6, 1), "MB", target=40))
    if (serve or {}).get("first_answer_ms") is not None:
        rows.append(row("exec to first /metrics answer, N=100, median", serve["first_answer_ms"], "ms", target=150))
    return rows


def probe_rows(probe):
    return [
        row(f"probe {module}, median", f["exporter_median_us"], "µs", "C clone loop", f["c_median_us"], 1.3,
            ratio=f["ratio"])
        for module, f in ((probe or {}).get("modules") or {}).items()
    ]


def churn_rows(churn):
    if not churn:
        return []
    return [
        row(f"CPU while {churn['rate']} namespaces/s are made", churn["cpu_percent"], "% of a core"),
        row(f"namespaces counted of {churn['made']} made", churn["created"], "created", "made", churn["made"], 1,
            ">="),
    ]


def events_rows(events):
    if not events:
        return []
    label = f"N={events['n']:,}, {events['namespaces']:,} namespaces, scraped every 15 s"
    rows = [row(f"steady-state CPU, idle host, {label}", events["idle_cpu_percent"], "% of a core", target=1.5)]
    if events.get("node_exporter_cpu_percent") is not None:
        rows.append(row("idle CPU beside prometheus-node-exporter, same scrapes", events["idle_cpu_percent"],
                        "% of a core", "node_exporter", events["node_exporter_cpu_percent"]))
    rows += [
        row(f"steady-state CPU, 20 processes/s + 2 namespaces/s, {label}", events["churn_cpu_percent"], "% of a core",
            target=3),
        row("CPU per event received under churn", events["cpu_us_per_event"], "µs"),
    ]
    for kind, name in (("fork", "fork/exec"), ("exit", "exit"), ("unshare", "unshare of a running process"),
                       ("setns", "setns of a running process"), ("netns", "ip netns add -> bind mount")):
        rows.append(row(f"{name} -> published, slowest of {events['runs']}", events[f"{kind}_max_s"], "s", target=1))
    rows += [
        row("resync corrections of event-visible kinds over the run", events["corrections"], "corrections", target=0),
        row(f"RSS, {label}", round(events["rss_kib"] / 1024, 1), "MiB", target=59),
    ]
    return rows


def netns_rows(netns):
    rows = []
    for r in (netns or {}).get("results", []):
        rows.append(row(f"net collector per namespace, {r['path']}, N={r['n']:,}", r["per_namespace_us"], "µs"))
    return rows


def micro_rows(micro):
    return [row(f"micro: {name}", value, unit) for name, value, unit in micro]


def load_micro():
    """(benchmark, p50 wall clock, unit) from package-benchmark's JMH export
    (make bench-micro), skipping the harness's own empty iteration."""
    found = []
    for path in sorted(glob.glob(os.path.join(OUT, "micro", "*.json"))):
        try:
            with open(path) as f:
                document = json.load(f)
        except (OSError, ValueError):
            continue
        for entry in document:
            name = entry.get("benchmark", "").split(".", 2)[-1]
            wall = entry.get("secondaryMetrics", {}).get("Time (wall clock)")
            if not wall or "empty_iteration" in name:
                continue
            mallocs = entry["secondaryMetrics"].get("Malloc (total)", {}).get("scorePercentiles", {}).get("50.0")
            label = name.replace("_", " ") + (f" ({mallocs:,} mallocs)" if mallocs is not None else "")
            found.append((label, wall["scorePercentiles"]["50.0"], wall.get("scoreUnit", "µs").replace("μ", "µ")))
    return found


def fmt(value):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    return f"{value:,}"


def main():
    sample, serve, probe = load("sample.json"), load("serve.json"), load("probe.json")
    churn, netns, micro = load("churn.json"), load("netns-stats.json"), load_micro()
    events = load("events.json")
    rows = (sample_rows(sample) + events_rows(events) + serve_rows(serve) + churn_rows(churn) + probe_rows(probe)
            + netns_rows(netns) + micro_rows(micro))
    results = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "host": {"kernel": platform.release(), "cpus": os.cpu_count()},
        "rows": rows,
        "sample": sample, "events": events, "serve": serve, "probe": probe, "churn": churn, "netns_stats": netns,
        "micro": [{"name": n, "p50": v, "unit": u} for n, v, u in micro],
    }
    with open("bench/results.json", "w") as f:
        json.dump(results, f, indent=2)

    head = ["figure", "value", "compared with", "ratio", "target", "verdict"]
    lines = [[r["figure"], f"{fmt(r['value'])} {r['unit']}",
              f"{r['against']} ({fmt(r['against_value'])})" if r["against"] else "-",
              fmt(r["ratio"]), r["target"] or "-", r["status"]] for r in rows]
    if "--markdown" in sys.argv:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for line in lines:
            print("| " + " | ".join(line) + " |")
        return
    widths = [max(len(x[i]) for x in [head] + lines) for i in range(len(head))]
    for line in [head] + lines:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip())
    print(f"\n{results['date']}, {results['host']['cpus']} CPUs, Linux {results['host']['kernel']}; wrote bench/results.json")


if __name__ == "__main__":
    main()
