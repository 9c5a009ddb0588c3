/* Shared between the bare-metal guest kernel and its ring-3 task. */
#ifndef BARE_GUEST_H
#define BARE_GUEST_H

#define UCODE_SEL 0x1b
#define UDATA_SEL 0x23
#define KDATA_SEL 0x10

/* System calls of the guest kernel: int $64, EAX = number, EBX, ECX = args. */
#define SYS_EXIT  0 /* end this task; EBX = code */
#define SYS_WRITE 1 /* EBX = buffer, ECX = length: bytes or -14 */
#define SYS_TICKS 2 /* timer interrupts so far */
#define SYS_PEEK  3 /* EBX = user address: the byte read by the kernel, or -14 */

#define EFAULT 14
#define ENOSYS 38

#endif
