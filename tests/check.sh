#!/bin/bash
# make check's body: lint, the unit tests, the end-to-end tests and every
# feature suite (CHECK_TARGETS), in order, stopping at the first failure;
# then one closing line that adds up every runner's count (Check's
# "Checks: N, Failures: F, Errors: E" and the plain "N passed, N failed").
# Usage: tests/check.sh LOG MAKE TARGET...
set -uo pipefail
log=$1 make=$2
shift 2
: >"$log"
status=0
for t in "$@"; do
	$make --no-print-directory "$t" 2>&1 | tee -a "$log"
	if [ "${PIPESTATUS[0]}" -ne 0 ]; then
		status=1
		break
	fi
done
awk '
	/Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+/ {
		match($0, /Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+/)
		split(substr($0, RSTART, RLENGTH), f, /[^0-9]+/)
		pass += f[2] - f[3] - f[4]; failed += f[3] + f[4]; next
	}
	/[0-9]+ passed, [0-9]+ failed/ {
		match($0, /[0-9]+ passed, [0-9]+ failed/)
		split(substr($0, RSTART, RLENGTH), f, /[^0-9]+/)
		pass += f[1]; failed += f[2]
	}
	END { printf "check: %d passed, %d failed\n", pass, failed }
' "$log"
if [ $status -ne 0 ]; then
	echo "check: stopped at target '$t' (see its output above)"
fi
exit $status
