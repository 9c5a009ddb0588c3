/*
 * Multiboot (v1) header, entry, interrupt stubs and the first drop to ring 3
 * of the bare-metal guest kernel. Runs identically on ia32emu --bare and on
 * qemu-system-i386 -kernel.
 */
#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x00000003 /* page-align modules, want memory info */

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.text
	.globl _start
_start:
	movl $kstack_top, %esp
	pushl %ebx		/* multiboot info */
	pushl %eax		/* magic */
	call kmain
1:	cli
	hlt
	jmp 1b

/* Interrupt stubs: vectors without a CPU error code push a 0 so every frame
 * has the same shape (SDM vol. 3 table 6-1 says which push one). */
#define NOERR(n) .globl isr##n; isr##n: pushl $0; pushl $n; jmp common
#define ERR(n)   .globl isr##n; isr##n: pushl $n; jmp common
NOERR(0)
NOERR(6)
ERR(8)
ERR(10)
ERR(11)
ERR(12)
ERR(13)
ERR(14)
NOERR(32)
NOERR(39)
NOERR(64)

common:
	pushal
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	pushl %esp
	call trap
	addl $4, %esp
	popl %gs
	popl %fs
	popl %es
	popl %ds
	popal
	addl $8, %esp
	iret

/* enter_user(eip, esp): the first entry to ring 3, by iret, leaving the
 * kernel's data selector in DS/ES/FS/GS: the CPU must null them, since their
 * DPL 0 is below the new CPL 3 (SDM vol. 2 "IRET", RETURN-TO-OUTER-LEVEL). */
	.globl enter_user
enter_user:
	movl 4(%esp), %eax
	movl 8(%esp), %ecx
	movw $0x10, %dx
	movw %dx, %fs
	movw %dx, %gs
	pushl $0x23		/* SS */
	pushl %ecx		/* ESP */
	pushl $0x202		/* EFLAGS: IF=1, IOPL=0 */
	pushl $0x1b		/* CS */
	pushl %eax		/* EIP */
	iret

/* probe_write(addr, val): a kernel write that may fault; returns 0, or 1
 * when trap() took the #PF and resumed at probe_fixup. */
	.globl probe_write, probe_fixup
probe_write:
	movl 4(%esp), %edx
	movl 8(%esp), %eax
	movb %al, (%edx)
	xorl %eax, %eax
	ret
/* probe_ds(sel) / probe_ss(sel): load a segment register at CPL 0 and put
 * the kernel's back; probe_read(sel, off): read DS:off through it. */
	.globl probe_ds, probe_ss, probe_read
probe_ds:
	movl 4(%esp), %eax
	movw %ax, %ds
	jmp probe_ok
probe_ss:
	movl 4(%esp), %eax
	movw %ax, %ss
	movw $0x10, %ax
	movw %ax, %ss
	jmp probe_ok
probe_read:
	movl 4(%esp), %eax
	movl 8(%esp), %edx
	movw %ax, %ds
	movl (%edx), %eax
probe_ok:
	movw $0x10, %ax
	movw %ax, %ds
	xorl %eax, %eax
	ret
/* The W/R probes: each stores to, or reads-modifies-writes, the address
 * it is given (4(%esp)) with one instruction, touching only caller-saved
 * registers, so probe_fixup's ret resumes the C caller; returns 0, or 1
 * when the access faulted (test_wr in kernel.c prints the error code). */
#define WPROBE(name, ...) .globl wprobe_##name; wprobe_##name: movl 4(%esp), %edx; __VA_ARGS__; xorl %eax, %eax; ret
WPROBE(mov, movl %eax, (%edx))
WPROBE(movb, movb %al, (%edx))
WPROBE(add, addl %eax, (%edx))
WPROBE(inc, incl (%edx))
WPROBE(not, notl (%edx))
WPROBE(shl, shll $1, (%edx))
WPROBE(bts, btsl $1, (%edx))
WPROBE(xchg, xchgl %eax, (%edx))
WPROBE(xadd, xaddl %eax, (%edx))
WPROBE(cmpxchg, cmpxchgl %ecx, (%edx))
WPROBE(cmpxchg8b, cmpxchg8b (%edx))
WPROBE(lockadd, lock addl %eax, (%edx))
WPROBE(setcc, sete (%edx))
WPROBE(sgdt, sgdt (%edx))
WPROBE(sidt, sidt (%edx))
WPROBE(smsw, smsw (%edx))
WPROBE(str, str (%edx))
WPROBE(sldt, sldt (%edx))
WPROBE(fnstsw, fnstsw (%edx))
WPROBE(fnstcw, fnstcw (%edx))
WPROBE(fstp, fninit; fld1; fstps (%edx))
WPROBE(fist, fninit; fld1; fistl (%edx))
WPROBE(fnstenv, fnstenv (%edx))
WPROBE(fnsave, fnsave (%edx))
/* STOS and MOVS need EDI/ESI, which the C caller keeps: a wrapper saves
 * them around an inner call whose frame probe_fixup's ret unwinds. */
	.globl wprobe_stos, wprobe_movs, wprobe_ins
wprobe_ins:
	pushl %edi
	movl 8(%esp), %edi
	call 1f
	popl %edi
	ret
1:	movw $0xe9, %dx		/* the debug console reads back 0xe9 */
	insb
	xorl %eax, %eax
	ret
wprobe_stos:
	pushl %edi
	movl 8(%esp), %edi
	call 1f
	popl %edi
	ret
1:	stosb
	xorl %eax, %eax
	ret
wprobe_movs:
	pushl %edi
	pushl %esi
	movl 12(%esp), %edi
	movl %esp, %esi
	call 1f
	popl %esi
	popl %edi
	ret
1:	movsl
	xorl %eax, %eax
	ret
/* Where trap() resumes a probe that faulted: the stack is as the probe
 * found it, so this returns 1 to the probe's caller. */
probe_fixup:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %ss
	movl $1, %eax
	ret

	.bss
	.align 16
	.space 16384
	.globl kstack_top
kstack_top:
	.section .note.GNU-stack, "", @progbits
