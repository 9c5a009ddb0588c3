# System-call stubs as classic x86 xv6 spells them (its numbering, one
# `int $64` each, arguments left on the caller's stack): written here for
# the xv6-style tests, which are built exactly as xv6 builds its programs.
#define STUB(name, num) .globl name; name: movl $num, %eax; int $64; ret

STUB(fork, 1)
STUB(exit, 2)
STUB(wait, 3)
STUB(pipe, 4)
STUB(write, 5)
STUB(read, 6)
STUB(close, 7)
STUB(kill, 8)
STUB(exec, 9)
STUB(open, 10)
STUB(mknod, 11)
STUB(unlink, 12)
STUB(fstat, 13)
STUB(link, 14)
STUB(mkdir, 15)
STUB(chdir, 16)
STUB(dup, 17)
STUB(getpid, 18)
STUB(sbrk, 19)
STUB(sleep, 20)
STUB(uptime, 21)

.section .note.GNU-stack,"",@progbits
