#!/usr/bin/env python3
"""A second, independent parser for our exposition: prometheus_client's.

Reads text format 0.0.4 on stdin (with --openmetrics: OpenMetrics 1.0, whose
parser also insists on `# EOF` and on counters' `_total`), fails (exit 1) on
anything it cannot parse, and prints `families=N samples=M` so callers can
check it saw everything.
"""
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_openmetrics
from prometheus_client.parser import text_string_to_metric_families as parse_text


def main() -> int:
    parse = parse_openmetrics if "--openmetrics" in sys.argv[1:] else parse_text
    text = sys.stdin.read()
    try:
        families = list(parse(text))
    except Exception as error:  # the parsers raise ValueError and friends
        print(f"unparseable exposition: {error}", file=sys.stderr)
        return 1
    samples = sum(len(family.samples) for family in families)
    print(f"families={len(families)} samples={samples}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
