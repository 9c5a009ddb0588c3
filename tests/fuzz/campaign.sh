#!/bin/bash
# A fuzzing campaign counted in executions, not seconds (tests/fuzz/README.md,
# "Campaigns"): each target in FUZZ_TARGETS runs FUZZ_RUNS inputs in all,
# split over FUZZ_JOBS libFuzzer processes side by side (one per core),
# sharing the corpus build-fuzz/corpus/<target>/. Prints each target's total
# of libFuzzer's stat::number_of_executed_units and the grand total, then
# "N passed, N failed" (a failed target is a finding: see its logs and
# build-fuzz/crash-<target>-*). Usage, after make fuzz-build:
#   FUZZ_TARGETS=decode FUZZ_RUNS=100000000 FUZZ_JOBS=2 tests/fuzz/campaign.sh
set -u
cd "$(dirname "$0")/../.."
D=${FUZZ_DIR:-build-fuzz}
RUNS=${FUZZ_RUNS:-1000000}
JOBS=${FUZZ_JOBS:-2}
TARGETS=${FUZZ_TARGETS:-decode}
grand=0 passed=0 failed=0
for t in $TARGETS; do
	[ -x "$D/fuzz_$t" ] || { echo "campaign: $D/fuzz_$t not built (make fuzz-build)"; exit 2; }
	mkdir -p "$D/corpus/$t"
	ml=4096
	{ [ "$t" = elf ] || [ "$t" = mbload ]; } && ml=16384
	# fuzz_decode reads 5 header bytes and decodes at the first 64 offsets
	# (15 bytes at most each): longer inputs only dilute the mutations.
	[ "$t" = decode ] && ml=128
	per=$(((RUNS + JOBS - 1) / JOBS))
	start=$(date +%s)
	pids=()
	for j in $(seq 1 "$JOBS"); do
		nice "$D/fuzz_$t" -runs="$per" -print_final_stats=1 -rss_limit_mb=1024 -timeout=30 \
			-close_fd_mask=1 -max_len=$ml -len_control=0 -seed="$j$start" \
			-artifact_prefix="$D/crash-$t-" "$D/corpus/$t" "tests/fuzz/$t" \
			</dev/null >"$D/campaign_$t.$j.log" 2>&1 &
		pids+=($!)
	done
	rc=0
	for p in "${pids[@]}"; do wait "$p" || rc=1; done
	n=0
	for j in $(seq 1 "$JOBS"); do
		u=$(sed -n 's/^stat::number_of_executed_units: *//p' "$D/campaign_$t.$j.log" | tail -1)
		n=$((n + ${u:-0}))
	done
	secs=$(($(date +%s) - start))
	grand=$((grand + n))
	echo "campaign: fuzz_$t: $n executions in $secs s on $JOBS processes ($((n / (secs > 0 ? secs : 1)))/s)"
	if [ $rc -eq 0 ]; then passed=$((passed + 1)); else
		failed=$((failed + 1))
		echo "campaign: fuzz_$t: FINDING (logs $D/campaign_$t.*.log)"
	fi
done
echo "campaign: $grand executions in all"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
