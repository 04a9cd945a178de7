#!/usr/bin/python3
# Copyright 2026 The Stipple developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Counts the results of one or more `meson test` runs.

    summarize.py [--build-failures N] LOG...      prints per-run details, then one last
                                                 line "N passed, N failed[, N skipped]"
    summarize.py --bench LOG                      prints the "bench ..." lines of a run

Each LOG is a meson-logs/testlog.json: one JSON object per line with a "result" field.
OK and EXPECTEDFAIL count as passed; FAIL, TIMEOUT, ERROR and UNEXPECTEDPASS as failed;
SKIP is counted on its own. A missing log (a run that never started) counts as one
failure, as does each build failure given with --build-failures. Exits 1 when anything
failed.
"""

import json
import sys

PASSED = {"OK", "EXPECTEDFAIL"}
FAILED = {"FAIL", "TIMEOUT", "ERROR", "UNEXPECTEDPASS", "INTERRUPT"}
SKIPPED = {"SKIP"}


def read_log(path):
    """The result objects of one log, skipping lines that are not JSON."""
    results = []
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            line = line.strip()
            if not line:
                continue
            try:
                results.append(json.loads(line))
            except json.JSONDecodeError:
                print(f"{path}: a line that is not JSON was ignored", file=sys.stderr)
    return results


def bench(paths):
    found = False
    for path in paths:
        try:
            results = read_log(path)
        except OSError as err:
            print(f"No benchmark log at {path}: {err.strerror}", file=sys.stderr)
            return 1
        for result in results:
            output = (result.get("stdout") or "") + "\n" + (result.get("stderr") or "")
            for line in output.splitlines():
                if line.startswith("bench "):
                    print(line)
                    found = True
            if result.get("result") not in PASSED:
                print(f"benchmark {result.get('name')} ended with {result.get('result')}",
                      file=sys.stderr)
    return 0 if found else 1


def main(argv):
    args = argv[1:]
    if args and args[0] == "--bench":
        return bench(args[1:])

    extra_failed = 0
    if len(args) >= 2 and args[0] == "--build-failures":
        extra_failed = int(args[1])
        args = args[2:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2

    passed = failed = skipped = 0
    for path in args:
        try:
            results = read_log(path)
        except OSError as err:
            print(f"{path}: no test log ({err.strerror}): the build failed or the tests "
                  "did not run")
            failed += 1
            continue
        run = {"passed": 0, "failed": 0, "skipped": 0}
        failures = []
        for result in results:
            status = str(result.get("result", "")).upper()
            if status in PASSED:
                run["passed"] += 1
            elif status in SKIPPED:
                run["skipped"] += 1
            else:
                # An unknown status is not a pass.
                run["failed"] += 1
                failures.append(f"{result.get('name', '?')} ({status or 'no result'})")
        print(f"{path}: {run['passed']} ok, {run['failed']} not ok, {run['skipped']} skipped")
        for failure in failures:
            print(f"  not ok: {failure}")
        passed += run["passed"]
        failed += run["failed"]
        skipped += run["skipped"]

    failed += extra_failed
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
