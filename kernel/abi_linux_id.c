/*
 * Identity and limits of the Linux personality: the program is one
 * unprivileged user, uid and gid 1000 (docs/linux.md), so the set*id
 * calls accept only what an unprivileged process may set — its own ids —
 * and refuse the rest with -EPERM; umask; sysinfo from the machine's
 * memory; getrlimit/setrlimit/prlimit64.
 */
#include "abi_linux.h"

#include <string.h>

#define UNCHANGED 0xffffffffu

int32_t linux_umask(struct kernel *k, const uint32_t *a)
{
	uint32_t old = linux_umask_of(k->cur);
	k->cur->umask_x = (a[0] & 0777) ^ 022;
	return (int32_t)old;
}

/* An id an unprivileged process may take: its own (the 16-bit calls'
 * 0xffff and the 32-bit ones' -1 leave it as it is). */
static bool may(uint32_t id)
{
	return id == LINUX_UID || id == UNCHANGED || id == 0xffffu;
}

/* setuid, setgid, their 32-bit forms. */
int32_t linux_setid(struct kernel *k, const uint32_t *a)
{
	(void)k;
	return a[0] == LINUX_UID ? 0 : a[0] == UNCHANGED ? -EINVAL : -EPERM;
}

int32_t linux_setreid(struct kernel *k, const uint32_t *a)
{
	(void)k;
	return may(a[0]) && may(a[1]) ? 0 : -EPERM;
}

int32_t linux_setresid(struct kernel *k, const uint32_t *a)
{
	(void)k;
	return may(a[0]) && may(a[1]) && may(a[2]) ? 0 : -EPERM;
}

/* getresuid/getresgid(r, e, s), 32-bit forms: three ids. */
int32_t linux_getresid(struct kernel *k, const uint32_t *a)
{
	uint32_t id = LINUX_UID;
	for (int i = 0; i < 3; i++)
		if (copyout(k, a[i], &id, 4) < 0)
			return -EFAULT;
	return 0;
}

/* setfsuid/setfsgid: the previous fs id, whatever happens. */
int32_t linux_setfsid(struct kernel *k, const uint32_t *a)
{
	(void)k;
	(void)a;
	return LINUX_UID;
}

/* getgroups32(size, list): one supplementary group, the user's own. */
int32_t linux_getgroups(struct kernel *k, const uint32_t *a)
{
	int32_t n = (int32_t)a[0];
	if (n < 0)
		return -EINVAL;
	if (n == 0)
		return 1;
	uint32_t g = LINUX_GID;
	return copyout(k, a[1], &g, 4) < 0 ? -EFAULT : 1;
}

int32_t linux_setgroups(struct kernel *k, const uint32_t *a)
{
	(void)k;
	return (int32_t)a[0] < 0 ? -EINVAL : -EPERM; /* needs CAP_SETGID */
}

/* sysinfo(struct sysinfo *), i386 layout, 64 bytes: uptime, loads[3],
 * totalram, freeram, sharedram, bufferram, totalswap, freeswap, procs
 * (u16), pad, totalhigh, freehigh, mem_unit. */
int32_t linux_sysinfo(struct kernel *k, const uint32_t *a)
{
	uint32_t s[16];
	memset(s, 0, sizeof(s));
	s[0] = (uint32_t)(linux_now_ns(k, 1) / 1000000000u);
	uint32_t procs = 0;
	for (unsigned i = 0; i < NPROC; i++)
		procs += k->procs[i].state != P_UNUSED;
	s[4] = (uint32_t)(k->pm->size / PAGE_SIZE);
	s[5] = k->free_pages;
	uint16_t np = (uint16_t)procs;
	memcpy(&s[10], &np, 2);
	s[13] = PAGE_SIZE; /* mem_unit: the counts are pages */
	return copyout(k, a[0], s, sizeof(s)) < 0 ? -EFAULT : 0;
}

/* The limits (soft = hard): the stack's real size, NOFILE, the rest
 * unlimited. Resources 0..15 (RLIMIT_NLIMITS 16). */
static uint64_t limit_of(uint32_t res)
{
	if (res == 3) /* RLIMIT_STACK */
		return USER_STACK_SIZE;
	if (res == 7) /* RLIMIT_NOFILE */
		return NOFILE;
	return UINT64_MAX;
}

/* setrlimit(res, struct rlimit *): a limit at or below ours is accepted
 * and not enforced; raising the hard one needs privilege. */
static int32_t set_limit(uint32_t res, uint64_t cur, uint64_t max)
{
	if (res > 15 || cur > max)
		return -EINVAL;
	return max > limit_of(res) ? -EPERM : 0;
}

int32_t linux_setrlimit(struct kernel *k, const uint32_t *a)
{
	uint32_t r[2];
	if (copyin(k, r, a[1], 8) < 0)
		return -EFAULT;
	uint64_t cur = r[0] == 0xffffffffu ? UINT64_MAX : r[0];
	uint64_t max = r[1] == 0xffffffffu ? UINT64_MAX : r[1];
	return set_limit(a[0], cur, max);
}

/* The old getrlimit (76): RLIM_INFINITY is 0x7fffffff there. */
int32_t linux_old_getrlimit(struct kernel *k, const uint32_t *a)
{
	if (a[0] > 15)
		return -EINVAL;
	uint64_t l = limit_of(a[0]);
	uint32_t v = l > 0x7fffffffu ? 0x7fffffffu : (uint32_t)l;
	uint32_t r[2] = {v, v};
	return copyout(k, a[1], r, sizeof(r)) < 0 ? -EFAULT : 0;
}

/* prlimit64(pid, res, new, old): this process (pid 0 or its own). */
int32_t linux_prlimit64(struct kernel *k, const uint32_t *a)
{
	if (a[0] && (int32_t)a[0] != k->cur->pid) {
		for (unsigned i = 0; i < NPROC; i++)
			if (k->procs[i].pid == (int32_t)a[0] && k->procs[i].state != P_UNUSED)
				return -EPERM;
		return -ESRCH;
	}
	if (a[1] > 15)
		return -EINVAL;
	uint64_t nl[2];
	if (a[2] && copyin(k, nl, a[2], 16) < 0)
		return -EFAULT;
	if (a[3]) {
		uint64_t l = limit_of(a[1]);
		uint64_t ol[2] = {l, l};
		if (copyout(k, a[3], ol, 16) < 0)
			return -EFAULT;
	}
	return a[2] ? set_limit(a[1], nl[0], nl[1]) : 0;
}
