#!/bin/sh
# The browser the page tests load their pages in: Debian's chromium,
# installed as root when missing.
exec "$(dirname "$0")/need_cmd.sh" chromium chromium
