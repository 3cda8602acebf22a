#!/usr/bin/env python3
"""Merges what the bench scripts wrote to bench/out/ into bench/results.json,
with the machine, the date, and a verdict per target of make bench's issue:
each figure next to its limit, and whether it is met. Prints the verdicts.

  bench/results.py            (make bench runs it last)

A target whose figures were not produced (a script not run, N not
measured) is reported as "not measured", never as met.
"""
import json
import os
import platform
import time

OUT = "bench/out"


def load(name):
    try:
        with open(os.path.join(OUT, name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def verdict(name, value, limit, unit, comparison="<="):
    if value is None:
        return {"target": name, "status": "not measured", "limit": limit, "unit": unit}
    met = value <= limit if comparison == "<=" else value >= limit
    return {"target": name, "value": value, "limit": limit, "unit": unit, "status": "met" if met else "missed"}


def main():
    sample = load("sample.json")
    probe = load("probe.json")
    netns = load("netns-stats.json")
    targets = []

    rows = {r["n"]: r for r in (sample or {}).get("results", [])}
    big = rows.get(10000)
    targets.append(verdict("full sample at N=10,000 / C limit scanner", big and big.get("ratio_exporter_to_c"), 1.2, "ratio"))
    for module, figures in sorted(((probe or {}).get("modules") or {}).items()):
        targets.append(verdict(f"probe {module} median / C clone loop", figures.get("ratio"), 1.3, "ratio"))
    for row in (netns or {}).get("results", []):
        targets.append(verdict(f"net collector per namespace, {row['path']}, N={row['n']}", row["per_namespace_us"], 200, "µs"))
        if row["n"] >= 1000:
            targets.append(verdict(f"whole sample with {row['n']} network namespaces, {row['path']}", row["sample_ms"], 1000, "ms"))

    results = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "host": {"kernel": platform.release(), "cpus": os.cpu_count()},
        "sample": sample, "probe": probe, "netns_stats": netns,
        "targets": targets,
    }
    with open("bench/results.json", "w") as f:
        json.dump(results, f, indent=2)
    width = max(len(t["target"]) for t in targets)
    for t in targets:
        value = f"{t['value']} {t['unit']}" if "value" in t else "-"
        print(f"{t['target']:<{width}}  {value:>14}  limit {t['limit']} {t['unit']:<5} {t['status']}")
    print("wrote bench/results.json")


if __name__ == "__main__":
    main()
