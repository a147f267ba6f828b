#!/usr/bin/python3
"""Times python3-hl7's hl7.parse on one message file with timeit; prints parses per wall-clock second and then per
CPU-second of this process (best of 3 each) on the last two lines.
Usage: hl7_python_bench.py MESSAGE_FILE [SECONDS]"""
import sys
import time
import timeit

import hl7

text = open(sys.argv[1], "rb").read().decode("utf-8")
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
timer = timeit.Timer(lambda: hl7.parse(text))
number, elapsed = timer.autorange()
repeat = max(1, int(seconds / 3 / max(elapsed, 1e-6)))
best = max(number * repeat / t for t in timer.repeat(repeat=3, number=number * repeat))
cpu_timer = timeit.Timer(lambda: hl7.parse(text), timer=time.process_time)
best_cpu = max(number * repeat / max(t, 1e-9) for t in cpu_timer.repeat(repeat=3, number=number * repeat))
print(f"python3-hl7 {hl7.__name__} parse: {best:.0f}/s wall, {best_cpu:.0f}/s per CPU-second", file=sys.stderr)
print(f"{best:.1f}")
print(f"{best_cpu:.1f}")
