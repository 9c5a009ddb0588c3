#!/bin/sh
# qemu-system-i386, which the bare-mode tests run the same kernels on
# (tests/e2e/t_hard2.sh, t_hard3.sh, bare_qemu.sh): Debian's
# qemu-system-x86, installed as root when missing.
exec "$(dirname "$0")/need_cmd.sh" qemu-system-i386 qemu-system-x86 --no-install-recommends
