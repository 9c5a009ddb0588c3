/*
 * Identity, time and process-bookkeeping calls of the Linux personality.
 * Time is the virtual clock (retired instructions, docs/architecture.md):
 * CLOCK_REALTIME starts at the machine's epoch, by default a fixed
 * documented date (2026-01-01, machine.c), so runs repeat exactly;
 * --epoch now starts it at the host's time (make compares file times).
 */
#include "abi_linux.h"

#include <stdio.h>
#include <string.h>

/* One virtual tick (TICK_INSNS instructions) is 10 ms of guest time. */

int32_t linux_uname(struct kernel *k, const uint32_t *a)
{
	char u[6][65];
	memset(u, 0, sizeof(u));
	strcpy(u[0], "Linux");
	strcpy(u[1], "ia32emu");
	strcpy(u[2], "6.1.0-ia32emu");
	strcpy(u[3], "#1 SMP PREEMPT_DYNAMIC ia32emu");
	strcpy(u[4], "i686");
	strcpy(u[5], "(none)");
	return copyout(k, a[0], u, sizeof(u)) < 0 ? -EFAULT : 0;
}

int32_t linux_zero(struct kernel *k, const uint32_t *a)
{
	(void)k;
	(void)a;
	return 0;
}

/* Known calls libc copes without (rseq): -ENOSYS, without a report. */
int32_t linux_nosys(struct kernel *k, const uint32_t *a)
{
	(void)k;
	(void)a;
	return -ENOSYS;
}

int32_t linux_getuid(struct kernel *k, const uint32_t *a)
{
	(void)k;
	(void)a;
	return LINUX_UID; /* LINUX_GID is the same number */
}

int32_t linux_getppid(struct kernel *k, const uint32_t *a)
{
	(void)a;
	return k->cur->parent ? k->cur->parent->pid : 0;
}

int32_t linux_set_tid_address(struct kernel *k, const uint32_t *a)
{
	k->cur->clear_tid = a[0];
	return k->cur->pid;
}

uint64_t linux_now_ns(struct kernel *k, uint32_t clock)
{
	uint64_t ns = k->cpu->icount * NS_PER_INSN;
	/* CLOCK_REALTIME 0 and its variants (_COARSE 5, TAI 11) */
	if (clock == 0 || clock == 5 || clock == 11)
		ns += k->epoch * 1000000000ull;
	return ns;
}

bool linux_clock_ok(uint32_t c)
{
	return c <= 11 && c != 8 && c != 9 && c != 10;
}

int32_t linux_clock_gettime(struct kernel *k, const uint32_t *a)
{
	if (!linux_clock_ok(a[0]))
		return -EINVAL;
	uint64_t ns = linux_now_ns(k, a[0]);
	uint32_t ts[2] = {(uint32_t)(ns / 1000000000u), (uint32_t)(ns % 1000000000u)};
	return copyout(k, a[1], ts, sizeof(ts)) < 0 ? -EFAULT : 0;
}

/* struct __kernel_timespec: 64-bit seconds, 64-bit nanoseconds. */
int32_t linux_clock_gettime64(struct kernel *k, const uint32_t *a)
{
	if (!linux_clock_ok(a[0]))
		return -EINVAL;
	uint64_t ns = linux_now_ns(k, a[0]);
	uint64_t ts[2] = {ns / 1000000000u, ns % 1000000000u};
	return copyout(k, a[1], ts, sizeof(ts)) < 0 ? -EFAULT : 0;
}

int32_t linux_gettimeofday(struct kernel *k, const uint32_t *a)
{
	uint64_t ns = linux_now_ns(k, 0);
	uint32_t tv[2] = {(uint32_t)(ns / 1000000000u), (uint32_t)(ns % 1000000000u / 1000u)};
	if (a[0] && copyout(k, a[0], tv, sizeof(tv)) < 0)
		return -EFAULT;
	uint32_t tz[2] = {0, 0};
	if (a[1] && copyout(k, a[1], tz, sizeof(tz)) < 0)
		return -EFAULT;
	return 0;
}

int32_t linux_time(struct kernel *k, const uint32_t *a)
{
	uint32_t t = (uint32_t)(linux_now_ns(k, 0) / 1000000000u);
	if (a[0] && copyout(k, a[0], &t, 4) < 0)
		return -EFAULT;
	return (int32_t)t;
}

/* getrlimit/ugetrlimit(resource, struct rlimit *): the stack's real size,
 * NOFILE, everything else unlimited. */
int32_t linux_getrlimit(struct kernel *k, const uint32_t *a)
{
	if (a[0] > 15)
		return -EINVAL;
	uint32_t r[2] = {0xffffffffu, 0xffffffffu};
	if (a[0] == 3) /* RLIMIT_STACK */
		r[0] = r[1] = USER_STACK_SIZE;
	else if (a[0] == 7) /* RLIMIT_NOFILE */
		r[0] = r[1] = NOFILE;
	return copyout(k, a[1], r, sizeof(r)) < 0 ? -EFAULT : 0;
}

/* getrandom(buf, len, flags): bytes from the run's seed (splitmix64 on a
 * counter), so a run repeats exactly. */
int32_t linux_getrandom(struct kernel *k, const uint32_t *a)
{
	const uint32_t len = a[1] > 256 ? 256 : a[1];
	uint8_t buf[256];
	/* cppcheck takes a[] for an empty array here. */
	// cppcheck-suppress knownConditionTrueFalse
	for (uint32_t i = 0; i < len; i += 8) {
		uint64_t z = k->seed + 0x9e3779b97f4a7c15ull * ++k->random_count;
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
		z ^= z >> 31;
		// cppcheck-suppress knownConditionTrueFalse
		memcpy(buf + i, &z, len - i < 8 ? len - i : 8);
	}
	return copyout(k, a[0], buf, len) < 0 ? -EFAULT : (int32_t)len;
}

/* prctl(option, ...): PR_SET_NAME (15) and PR_GET_NAME (16), the 16-byte
 * name the trace and `ps` show; PR_GET_DUMPABLE (3) 1, PR_SET_DUMPABLE (4)
 * accepted for 0 and 1; any other option -EINVAL. */
int32_t linux_prctl(struct kernel *k, const uint32_t *a)
{
	char name[16];
	switch (a[0]) {
	case 15: {
		int n = copyinstr(k, name, a[1], sizeof(name));
		if (n == -ENAMETOOLONG) { /* longer names are cut to 15 bytes */
			if (copyin(k, name, a[1], 15) < 0)
				return -EFAULT;
			name[15] = 0;
		} else if (n < 0) {
			return -EFAULT;
		}
		snprintf(k->cur->name, sizeof(k->cur->name), "%s", name);
		return 0;
	}
	case 16:
		memset(name, 0, sizeof(name));
		memcpy(name, k->cur->name, strnlen(k->cur->name, sizeof(name) - 1));
		return copyout(k, a[1], name, sizeof(name)) < 0 ? -EFAULT : 0;
	case 3: return 1;
	case 4: return a[1] > 1 ? -EINVAL : 0;
	default: return -EINVAL;
	}
}
