#!/usr/bin/env bash
# HL7 benchmarks in one run: BenchmarkDotNet (short job, in-process, MemoryDiagnoser) for encode / parse / ACK, then,
# on the same machine a moment later, our parser side by side with python3-hl7's hl7.parse on the same message.
# Prints the date and the load average before and after. Usage: benchmarks/Hematology.Integration.Benchmarks/Hl7/run-hl7.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
dll="$root/benchmarks/Hematology.Integration.Benchmarks/bin/Release/net10.0/Hematology.Integration.Benchmarks.dll"
dotnet build "$root/benchmarks/Hematology.Integration.Benchmarks" -c Release -v q -clp:ErrorsOnly >/dev/null
cd "$root/benchmarks/Hematology.Integration.Benchmarks"
date -u; uptime
dotnet "$dll" --filter '*Hl7Benchmarks*' --job short --inProcess --exporters markdown
uptime
dotnet "$dll" side-by-side hl7 3
date -u; uptime
