#!/usr/bin/env python3
"""An independent OpenMetrics 1.0 parser for our exposition: prometheus_client's.

Reads an OpenMetrics body on stdin, fails (exit 1) on anything it cannot
parse (a missing `# EOF`, a counter without `_total`, ...), and prints
`families=N samples=M` so callers can check it saw everything.
"""
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families


def main() -> int:
    text = sys.stdin.read()
    try:
        families = list(text_string_to_metric_families(text))
    except Exception as error:  # the parser raises ValueError and friends
        print(f"unparseable OpenMetrics: {error}", file=sys.stderr)
        return 1
    samples = sum(len(family.samples) for family in families)
    print(f"families={len(families)} samples={samples}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
