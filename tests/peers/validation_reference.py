#!/usr/bin/env python3
"""Reference for the validation benchmark: Python's csv module doing the source design's validation of a
generic-long export (Patient_ID, Test_Code, Result_Value, Units, Flag, Timestamp): mandatory columns, a known test
code, a numeric value within plausible limits, a unit accepted for the code, a known flag and a parseable timestamp.
Prints one JSON line: rows (valid results), invalid, seconds, cpu_seconds, peak_bytes (max resident set size)."""
import csv
import json
import resource
import sys
import time
from datetime import datetime

PARAMETERS = {
    "WBC": ({"10^3/uL", "K/uL", "10^9/L"}, 0, 500),
    "RBC": ({"10^6/uL", "M/uL", "10^12/L"}, 0, 15),
    "HGB": ({"g/dL", "g/L"}, 0, 30),
    "HCT": ({"%", "L/L"}, 0, 100),
    "MCV": ({"fL"}, 30, 200),
    "PLT": ({"10^3/uL", "K/uL", "10^9/L"}, 0, 5000),
    "NEUT%": ({"%"}, 0, 100),
    "LYMPH%": ({"%"}, 0, 100),
}
FLAGS = {"", "N", "L", "H", "LL", "HH", "A"}
MANDATORY = ["Patient_ID", "Test_Code", "Result_Value", "Units", "Flag", "Timestamp"]


def main(path):
    start = time.perf_counter()
    cpu_start = time.process_time()
    valid = invalid = 0
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in MANDATORY if c not in (reader.fieldnames or [])]
        if missing:
            print(json.dumps({"error": "missing columns", "missing": missing}))
            return 2
        for row in reader:
            errors = []
            if not row["Patient_ID"]:
                errors.append("patient")
            spec = PARAMETERS.get(row["Test_Code"])
            if spec is None:
                errors.append("code")
            else:
                units, low, high = spec
                try:
                    value = float(row["Result_Value"])
                    if not low <= value <= high:
                        errors.append("range")
                except ValueError:
                    errors.append("value")
                if row["Units"] not in units:
                    errors.append("units")
            if row["Flag"] not in FLAGS:
                errors.append("flag")
            try:
                datetime.strptime(row["Timestamp"], "%Y-%m-%dT%H:%M:%S")
            except ValueError:
                errors.append("timestamp")
            if errors:
                invalid += 1
            else:
                valid += 1
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"rows": valid, "invalid": invalid, "seconds": seconds, "cpu_seconds": cpu_seconds, "peak_bytes": peak}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
