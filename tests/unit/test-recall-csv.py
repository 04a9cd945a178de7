#!/usr/bin/python3
# test-recall-csv.py: the recall CSV read back by Python's csv module holds exactly the
# values that went in: names and notes with commas, quotes, line breaks and non-ASCII text.
#
# Usage: test-recall-csv.py PATH/TO/recall-csv-writer
#
# Copyright 2026 The Stipple developers
# SPDX-License-Identifier: GPL-3.0-or-later

import csv
import json
import os
import subprocess
import sys
import tempfile

HEADER = ["Family name", "Given name", "Phone", "Email", "Session date", "Products", "Lot",
          "Session notes"]


def main():
    writer = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="stipple-csv-") as tmp:
        subprocess.run([writer, tmp], check=True)
        with open(os.path.join(tmp, "expected.json"), encoding="utf-8") as f:
            expected = json.load(f)
        raw = open(os.path.join(tmp, "recall.csv"), "rb").read()
        raw.decode("utf-8")  # strict: the file is UTF-8
        assert b"\r\n" in raw, "RFC 4180 lines end in CRLF"
        with open(os.path.join(tmp, "recall.csv"), newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f, strict=True))

    assert rows[0] == HEADER, rows[0]
    body = rows[1:]
    assert len(body) == len(expected), (len(body), len(expected))
    for row in body:
        assert len(row) == len(HEADER), row
    got = sorted(body)
    want = sorted(expected)
    for g, w in zip(got, want):
        assert g == w, "\n got: %r\nwant: %r" % (g, w)
    print("ok: %d rows survive the round trip" % len(body))


if __name__ == "__main__":
    main()
