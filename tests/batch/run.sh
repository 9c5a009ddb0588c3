#!/bin/bash
# Tests of the users' own programs (issue 11), through the real binaries:
# ia32emu-cc from outside the repository, `ia32emu test` on the suite in
# tests/batch/suite (every line of its report, the summary, the exit status,
# TAP and JUnit), and `make install` into a temporary prefix.
set -u
cd "$(dirname "$0")/../.."
REPO=$(pwd)
BUILD=${BUILD:-build}
EMU=$REPO/$BUILD/ia32emu
CC=$REPO/$BUILD/ia32emu-cc
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/e2e/lib.sh

for t in tests/batch/t_*.sh; do
	. "$t"
done
summary
