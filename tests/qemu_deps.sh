#!/bin/sh
# qemu-system-i386, which the bare-mode tests run the same kernels on
# (tests/e2e/t_hard2.sh, t_hard3.sh, bare_qemu.sh): Debian's
# qemu-system-x86, installed as root when missing (as tests/deps.sh
# installs the others).
set -e
command -v qemu-system-i386 >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "tests/qemu_deps.sh: need root to install qemu-system-x86" >&2
	exit 1
fi
echo "tests/qemu_deps.sh: installing qemu-system-x86"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends qemu-system-x86 >/dev/null
