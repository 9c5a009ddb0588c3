#!/bin/sh
# The browser the page tests load their pages in: Debian's chromium,
# installed as root when missing (as tests/deps.sh installs the others).
set -e
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "tests/view_deps.sh: need root to install chromium" >&2
	exit 1
fi
echo "tests/view_deps.sh: installing chromium"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
