#!/bin/sh
# tests/need_cmd.sh COMMAND PACKAGE [APT-OPTION...]: installs Debian's
# PACKAGE, as root, when COMMAND is not on the PATH (as tests/deps.sh
# installs the build's own needs). The browser and QEMU scripts use it.
set -e
cmd=$1 pkg=$2
shift 2
command -v "$cmd" >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "tests/need_cmd.sh: need root to install $pkg (for $cmd)" >&2
	exit 1
fi
echo "tests/need_cmd.sh: installing $pkg (for $cmd)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "$@" "$pkg" >/dev/null
