#!/usr/bin/env bash
# Runs every test of the suite: installs the real peers when missing, builds with warnings as errors, runs
# every test project, checks the packages, and ends with the totals alone on a line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
log_dir=artifacts/test-results
mkdir -p "$log_dir"

tests/peers/install.sh || { echo "test.sh: installing the test peers failed (see above)"; echo "0 passed, 1 failed"; exit 1; }

dotnet build Hematology.Integration.sln --nologo -v quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }

dotnet test Hematology.Integration.sln --no-build --nologo --blame-hang-timeout 5m "$@" 2>&1 | tee "$log_dir/dotnet-test.log"
test_rc=${PIPESTATUS[0]}

passed=$(grep -Eo 'Passed: +[0-9]+' "$log_dir/dotnet-test.log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log_dir/dotnet-test.log" | awk '{s+=$2} END {print s+0}')
if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "test.sh: dotnet test exited $test_rc without a failed test (a test host crashed or did not start)"
  failed=$((failed + 1))
fi

if tests/check-packages.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
