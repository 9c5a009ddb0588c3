#!/bin/sh
# What the batch tests need besides the build: xmllint (to check that the
# JUnit file is well-formed XML) and man (to read the installed page with
# `man -l`). Installs them on a fresh Debian machine (as root); does
# nothing when they are present.
set -e
need=""
command -v xmllint >/dev/null 2>&1 || need="$need libxml2-utils"
command -v man >/dev/null 2>&1 || need="$need man-db"
if [ -n "$need" ]; then
	echo "tests/batch/deps.sh: installing$need"
	if [ "$(id -u)" != 0 ]; then
		echo "tests/batch/deps.sh: need root to install:$need" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq $need >/dev/null
fi
