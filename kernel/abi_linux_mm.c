/*
 * Memory calls of the Linux personality: brk, mmap2, munmap, mprotect,
 * mremap, madvise, mincore. Anonymous and private file mappings are fresh zeroed
 * pages (a file's bytes copied in); mappings are placed downwards from
 * LINUX_MMAP_TOP, below the stack, as Linux's legacy layout does above
 * the heap. Freed address space is not reused (docs/linux.md).
 */
#include "abi_linux.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define PROT_WRITE    2
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20

/* brk(addr): the new break, or the current one when addr is 0 or the move
 * fails (Linux never returns an error here). */
int32_t linux_brk(struct kernel *k, const uint32_t *a)
{
	struct proc *p = k->cur;
	uint32_t want = a[0];
	if (want < p->heap_base || want > HEAP_LIMIT || want - p->heap_base > HEAP_MAX ||
	    want >= p->mmap_next)
		return (int32_t)p->brk;
	uint32_t delta = want - p->brk; /* sbrk's signed step, modulo 2^32 */
	(void)sys_sbrk(k, &delta);	/* on failure the break stays */
	return (int32_t)p->brk;
}

static int32_t map_file(struct kernel *k, uint32_t addr, uint32_t len, uint32_t fd, uint64_t off)
{
	if (fd >= NOFILE || !k->cur->ofile[fd] || k->cur->ofile[fd]->type != FD_HOST)
		return -EBADF;
	int hfd = k->cur->ofile[fd]->host_fd;
	for (uint32_t done = 0; done < len;) {
		uint32_t n = len - done < IO_CHUNK ? len - done : IO_CHUNK;
		ssize_t r = pread(hfd, k->iobuf, n, (off_t)(off + done));
		if (r < 0)
			return host_errno(errno);
		if (r == 0)
			break;
		if (pgdir_write(k, k->cur->pgdir, addr + done, k->iobuf, (uint32_t)r) < 0)
			return -EFAULT;
		done += (uint32_t)r;
	}
	return 0;
}

/* mmap2(addr, len, prot, flags, fd, pgoff): pgoff in 4096-byte units. */
int32_t linux_mmap2(struct kernel *k, const uint32_t *a)
{
	struct proc *p = k->cur;
	uint32_t addr = a[0], len = a[1], prot = a[2], flags = a[3];
	if (len == 0 || len > USER_TOP)
		return -EINVAL;
	len = (len + PAGE_MASK) & ~PAGE_MASK;
	if (!(flags & (MAP_PRIVATE | 0x01)))
		return -EINVAL;
	if (flags & MAP_FIXED) {
		if ((addr & PAGE_MASK) || addr < PAGE_SIZE || (uint64_t)addr + len > USER_STACK_LOW)
			return -EINVAL;
		unmap_user_range(k, p->pgdir, addr, len);
	} else {
		if (p->mmap_next - len < p->brk + HEAP_GAP || p->mmap_next < len)
			return -ENOMEM;
		addr = p->mmap_next - len;
	}
	if (map_user_range(k, p->pgdir, addr, len, PTE_W) < 0) {
		unmap_user_range(k, p->pgdir, addr, len);
		return -ENOMEM;
	}
	if (!(flags & MAP_ANONYMOUS)) {
		int32_t r = map_file(k, addr, len, a[4], (uint64_t)a[5] << 12);
		if (r < 0) {
			unmap_user_range(k, p->pgdir, addr, len);
			return r;
		}
	}
	if (!(prot & PROT_WRITE))
		protect_user_range(k, p->pgdir, addr, len, false);
	if (!(flags & MAP_FIXED))
		p->mmap_next = addr;
	return (int32_t)addr;
}

/* old mmap(struct mmap_arg_struct *): the six words in memory, byte offset. */
int32_t linux_old_mmap(struct kernel *k, const uint32_t *a)
{
	uint32_t w[6];
	if (copyin(k, w, a[0], sizeof(w)) < 0)
		return -EFAULT;
	if (w[5] & PAGE_MASK)
		return -EINVAL;
	w[5] >>= 12;
	return linux_mmap2(k, w);
}

int32_t linux_munmap(struct kernel *k, const uint32_t *a)
{
	uint32_t addr = a[0], len = a[1];
	if ((addr & PAGE_MASK) || len == 0 || (uint64_t)addr + len > USER_TOP)
		return -EINVAL;
	if ((uint64_t)addr + len > USER_STACK_LOW && addr < USER_STACK_TOP)
		return -EINVAL; /* the stack is not the program's to unmap here */
	unmap_user_range(k, k->cur->pgdir, addr, len);
	return 0;
}

int32_t linux_mprotect(struct kernel *k, const uint32_t *a)
{
	uint32_t addr = a[0], len = a[1];
	if ((addr & PAGE_MASK) || (uint64_t)addr + len > USER_TOP)
		return -EINVAL;
	if (len == 0)
		return 0;
	return protect_user_range(k, k->cur->pgdir, addr, len, a[2] & PROT_WRITE);
}

int32_t linux_madvise(struct kernel *k, const uint32_t *a)
{
	(void)k;
	return (a[0] & PAGE_MASK) ? -EINVAL : 0;
}

/* mincore(addr, len, vec): a byte per page, 1 for resident, which every
 * mapped page is here (nothing is swapped out). Linux's order
 * (mm/mincore.c): an address not page-aligned -EINVAL, a range past user
 * space -ENOMEM, a vector past it -EFAULT, a page not mapped -ENOMEM. */
int32_t linux_mincore(struct kernel *k, const uint32_t *a)
{
	uint32_t addr = a[0], len = a[1];
	if (addr & PAGE_MASK)
		return -EINVAL;
	if ((uint64_t)addr + len > USER_TOP)
		return -ENOMEM;
	uint32_t pages = (uint32_t)(((uint64_t)len + PAGE_MASK) >> PAGE_SHIFT);
	if ((uint64_t)a[2] + pages > USER_TOP)
		return -EFAULT;
	for (uint32_t i = 0; i < pages; i++)
		if (!user_page_present(k, k->cur->pgdir, addr + i * PAGE_SIZE))
			return -ENOMEM;
	uint8_t ones[256];
	memset(ones, 1, sizeof(ones));
	for (uint32_t done = 0; done < pages;) {
		uint32_t n = pages - done < sizeof(ones) ? pages - done : (uint32_t)sizeof(ones);
		if (copyout(k, a[2] + done, ones, n) < 0)
			return -EFAULT;
		done += n;
	}
	return 0;
}

/* mremap(old, oldlen, newlen, flags): shrinking in place, or growing by a
 * fresh mapping the old bytes are copied into (MREMAP_MAYMOVE, 1). */
int32_t linux_mremap(struct kernel *k, const uint32_t *a)
{
	uint32_t old = a[0], olen = (a[1] + PAGE_MASK) & ~PAGE_MASK;
	uint32_t nlen = (a[2] + PAGE_MASK) & ~PAGE_MASK;
	/* Linux's checks, in its order: flags it knows (MREMAP_MAYMOVE 1;
	 * MREMAP_FIXED 2 and MREMAP_DONTUNMAP 4 are not supported here), an
	 * aligned start, then an old range that is mapped (-EFAULT). */
	if (a[3] & ~1u)
		return -EINVAL;
	if ((old & PAGE_MASK) || nlen == 0 || (uint64_t)old + olen > USER_TOP)
		return -EINVAL;
	if (olen == 0) /* a duplicate of a shared mapping: there are none */
		return -EINVAL;
	if (user_range_ok(k, old, olen, false) < 0)
		return -EFAULT;
	if (nlen <= olen) {
		unmap_user_range(k, k->cur->pgdir, old + nlen, olen - nlen);
		return (int32_t)old;
	}
	if (!(a[3] & 1))
		return -ENOMEM;
	uint32_t m[6] = {0, nlen, 3, MAP_PRIVATE | MAP_ANONYMOUS, 0, 0};
	int32_t na = linux_mmap2(k, m);
	if (na < 0 && na > -4096)
		return na;
	for (uint32_t off = 0; off < olen; off += IO_CHUNK) {
		uint32_t n = olen - off < IO_CHUNK ? olen - off : IO_CHUNK;
		if (copyin(k, k->iobuf, old + off, n) < 0 ||
		    copyout(k, (uint32_t)na + off, k->iobuf, n) < 0)
			return -EFAULT;
	}
	unmap_user_range(k, k->cur->pgdir, old, olen);
	return na;
}
