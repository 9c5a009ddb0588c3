/*
 * The classic x86 xv6 ABI, strictly (--abi xv6, docs/xv6.md): the calls
 * 1-21 of mit-pdos/xv6-public 97657d70 through vector 64, their arguments
 * on the user stack where its argint() reads them (esp+4, esp+8, ...), and
 * its rules where they differ from the ia32emu ABI:
 *   - every error is -1 (the kernel's -errno stays in the syscall_event,
 *     so trace and strace still show the reason);
 *   - exit() takes no argument: status 0;
 *   - read() of a directory gives its 16-byte struct dirent records
 *     {ushort inum; char name[DIRSIZ];}, "." and ".." first;
 *   - fstat's ino is that inum too, and a directory's size is 16 bytes a
 *     record, as on xv6's disk;
 *   - MAXARG: exec takes at most 31 arguments (sys_exec's argv[MAXARG]
 *     must hold the terminating NULL too), and they must fit in xv6's one
 *     page of stack; DIRSIZ: names cut to 14 bytes; NOFILE 16;
 *   - the address space of xv6's exec: the image from address 0 (xv6's
 *     Makefile links with -Ttext 0), one page of stack after it, the heap
 *     after the stack, nothing at or above USERTOP (640 KiB).
 */
#define _GNU_SOURCE /* statx */
#include "abi.h"
#include "sysdefs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define XV6_USERTOP 0xA0000u /* param.h */
#define XV6_MAXARG  32	     /* param.h */
#define XV6_DIRSIZ  14	     /* fs.h */
#define XV6_DIRENT  16	     /* sizeof(struct dirent) */
#define XV6_OMODES  (XV6_O_RDONLY | XV6_O_WRONLY | XV6_O_RDWR | XV6_O_CREATE)

/*
 * A directory's entries in the order xv6 would list them: xv6 appends a
 * name to its directory, so its ls shows names in the order they were
 * made (mkfs's order for the image's files). The host's readdir order is
 * a hash's, so the entries are sorted by birth time (statx), then inode
 * number, then name; where the host keeps no birth time the inode number
 * decides. At most LIST_MAX entries (an xv6 directory holds at most 4480).
 */
#define LIST_MAX 65536u

struct xv6_entry {
	int64_t born_s;
	uint32_t born_ns;
	uint64_t ino;
	char name[XV6_DIRSIZ + 1];
};

struct xv6_list {
	uint32_t n;
	struct xv6_entry e[];
};

/*
 * xv6's inode numbers are ushorts. The root is 1 and its names 2, 3, ...
 * in the order they are listed, as mkfs numbers the files of the image;
 * any other host inode gets the next free number the first time the
 * kernel shows it, and keeps it for the run: an open-addressing hash of (dev, ino). After
 * 65534 distinct files the rest share the last number (never 0, which
 * xv6's ls takes for a free slot).
 */
#define INUM_MAX   0xffffu
#define INUM_SLOTS 0x20000u /* a power of two, twice the numbers */

struct xv6_inums {
	uint32_t used;
	struct {
		uint64_t dev, ino;
	} key[INUM_MAX + 1];
	uint16_t slot[INUM_SLOTS]; /* index into key[], 0: empty */
};

static struct xv6_list *list_dir(int host_fd);

static uint16_t inum_lookup(struct xv6_inums *t, uint64_t dev, uint64_t ino)
{
	uint64_t h = (ino * 0x9e3779b97f4a7c15ull) ^ (dev * 0xc2b2ae3d27d4eb4full);
	for (uint32_t i = (uint32_t)(h >> 40) & (INUM_SLOTS - 1);; i = (i + 1) & (INUM_SLOTS - 1)) {
		uint16_t s = t->slot[i];
		if (s && t->key[s].dev == dev && t->key[s].ino == ino)
			return s;
		if (s)
			continue;
		if (t->used == INUM_MAX)
			return INUM_MAX;
		s = (uint16_t)++t->used;
		t->key[s].dev = dev;
		t->key[s].ino = ino;
		t->slot[i] = s;
		return s;
	}
}

/* The xv6 inode number of host inode (dev, ino). */
static uint16_t xv6_inum(struct kernel *k, uint64_t dev, uint64_t ino)
{
	if (!k->xv6_inums) {
		k->xv6_inums = calloc(1, sizeof(*k->xv6_inums));
		if (!k->xv6_inums)
			return INUM_MAX;
		struct stat st;
		if (fstat(k->root_fd, &st) == 0) {
			inum_lookup(k->xv6_inums, st.st_dev, st.st_ino); /* 1 */
			/* Then the root's names in their order, as mkfs numbers
			 * the files it puts in the image. */
			struct xv6_list *l = list_dir(k->root_fd);
			for (uint32_t i = 0; l && i < l->n; i++)
				inum_lookup(k->xv6_inums, st.st_dev, l->e[i].ino);
			free(l);
		}
	}
	return inum_lookup(k->xv6_inums, dev, ino);
}

static struct file *fd_file(struct kernel *k, uint32_t fd)
{
	return fd < NOFILE ? k->cur->ofile[fd] : NULL;
}

static bool is_host_dir(const struct file *f)
{
	return f && f->type == FD_HOST && f->is_dir;
}

/* The next host entry of the directory other than "." and "..", or NULL
 * at its end. */
static struct dirent *next_entry(DIR *d)
{
	struct dirent *e;
	while ((e = readdir(d)) && (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")))
		;
	return e;
}

static void make_record(uint8_t *de, uint16_t inum, const char *name)
{
	memset(de, 0, XV6_DIRENT);
	memcpy(de, &inum, 2);
	/* As xv6: a 14-byte name has no NUL. */
	size_t n = strlen(name);
	memcpy(de + 2, name, n < XV6_DIRSIZ ? n : XV6_DIRSIZ);
}

static int entry_cmp(const void *pa, const void *pb)
{
	const struct xv6_entry *a = pa, *b = pb;
	if (a->born_s != b->born_s)
		return a->born_s < b->born_s ? -1 : 1;
	if (a->born_ns != b->born_ns)
		return a->born_ns < b->born_ns ? -1 : 1;
	if (a->ino != b->ino)
		return a->ino < b->ino ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* The entries of the directory open at host_fd (but "." and ".."),
 * sorted; NULL when out of memory or unreadable. */
static struct xv6_list *list_dir(int host_fd)
{
	int fd = openat(host_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	uint32_t cap = 64;
	struct xv6_list *l = malloc(sizeof(*l) + cap * sizeof(l->e[0]));
	if (!l) {
		closedir(d);
		return NULL;
	}
	l->n = 0;
	struct dirent *e;
	while (l->n < LIST_MAX && (e = next_entry(d))) {
		if (l->n == cap) {
			/* Out of memory: the entries so far. */
			struct xv6_list *m = realloc(l, sizeof(*l) + 2 * cap * sizeof(l->e[0]));
			if (!m)
				break;
			l = m;
			cap *= 2;
		}
		struct xv6_entry *x = &l->e[l->n++];
		memset(x, 0, sizeof(*x));
		x->ino = e->d_ino;
		size_t len = strlen(e->d_name);
		memcpy(x->name, e->d_name, len < XV6_DIRSIZ ? len : XV6_DIRSIZ);
		struct statx sx;
		if (statx(dirfd(d), e->d_name, AT_SYMLINK_NOFOLLOW | AT_STATX_DONT_SYNC,
			  STATX_BTIME, &sx) == 0 &&
		    (sx.stx_mask & STATX_BTIME)) {
			x->born_s = sx.stx_btime.tv_sec;
			x->born_ns = sx.stx_btime.tv_nsec;
		}
	}
	closedir(d);
	qsort(l->e, l->n, sizeof(l->e[0]), entry_cmp);
	return l;
}

/* Record `rec` of directory `f` into de: 1, 0 past the last, or -errno.
 * Records 0 and 1 are "." and ".." (".." of the root is the root); the
 * others are f's entries as list_dir() found them at the first read past
 * "..". */
static int dir_record(struct kernel *k, struct file *f, uint32_t rec, uint8_t *de)
{
	struct stat st, root;
	if (fstat(f->host_fd, &st) < 0)
		return host_errno(errno);
	if (rec < 2) {
		if (rec == 1 && fstat(k->root_fd, &root) == 0 &&
		    !(root.st_dev == st.st_dev && root.st_ino == st.st_ino) &&
		    fstatat(f->host_fd, "..", &st, 0) < 0)
			return host_errno(errno);
		make_record(de, xv6_inum(k, st.st_dev, st.st_ino), rec ? ".." : ".");
		return 1;
	}
	if (!f->xv6_list && !(f->xv6_list = list_dir(f->host_fd)))
		return -EIO;
	const struct xv6_list *l = f->xv6_list;
	if (rec - 2 >= l->n)
		return 0;
	make_record(de, xv6_inum(k, st.st_dev, l->e[rec - 2].ino), l->e[rec - 2].name);
	return 1;
}

/* read(fd, buf, n) of a directory: its records as bytes, from where the
 * last read stopped (the offset is the file's, shared by dup and fork). */
static int32_t dir_read(struct kernel *k, struct file *f, uint32_t ubuf, uint32_t n)
{
	if (n > IO_CHUNK)
		n = IO_CHUNK;
	if (user_range_ok(k, ubuf, n, true) < 0)
		return -EFAULT;
	uint32_t done = 0;
	while (done < n) {
		uint8_t de[XV6_DIRENT];
		uint32_t skip = f->xv6_off % XV6_DIRENT;
		int r = dir_record(k, f, f->xv6_off / XV6_DIRENT, de);
		if (r < 0)
			return done ? (int32_t)done : r;
		if (r == 0)
			break;
		uint32_t m = XV6_DIRENT - skip;
		if (m > n - done)
			m = n - done;
		if (copyout(k, ubuf + done, de + skip, m) < 0)
			return done ? (int32_t)done : -EFAULT;
		done += m;
		f->xv6_off += m;
	}
	return (int32_t)done;
}

bool abi_xv6_fd_is_dir(const struct kernel *k, uint32_t fd)
{
	return k->cur && fd < NOFILE && is_host_dir(k->cur->ofile[fd]);
}

static int32_t xv6_read(struct kernel *k, const uint32_t *a)
{
	struct file *f = fd_file(k, a[0]);
	if (!is_host_dir(f) || !f->readable || (int32_t)a[2] < 0)
		return sys_read(k, a);
	return dir_read(k, f, a[1], a[2]);
}

/* A directory's size on xv6's disk: 16 bytes a record; the root's as
 * xv6's mkfs leaves it, rounded up past the next 512-byte block. */
static uint32_t dir_size(struct kernel *k, int host_fd)
{
	struct xv6_list *l = list_dir(host_fd);
	uint32_t size = (2 + (l ? l->n : 0)) * XV6_DIRENT;
	free(l);
	struct stat st, root;
	if (fstat(host_fd, &st) == 0 && fstat(k->root_fd, &root) == 0 && st.st_dev == root.st_dev &&
	    st.st_ino == root.st_ino)
		size = (size / 512 + 1) * 512;
	return size;
}

/* fstat: the layout is the ia32emu ABI's (sys_fstat); ino is the xv6
 * inum, dev xv6's ROOTDEV (1), a directory's size its records' and its
 * nlink as xv6 counts it. A pipe
 * is no inode: xv6's filestat() fails. */
static int32_t xv6_fstat(struct kernel *k, const uint32_t *a)
{
	struct file *f = fd_file(k, a[0]);
	if (f && f->type == FD_PIPE)
		return -EINVAL;
	int32_t r = sys_fstat(k, a);
	if (r < 0 || !f || f->type != FD_HOST)
		return r;
	struct stat st;
	if (fstat(f->host_fd, &st) < 0)
		return host_errno(errno);
	uint32_t dev = 1, ino = xv6_inum(k, st.st_dev, st.st_ino);
	if (copyout(k, a[1] + 4, &dev, 4) < 0 || copyout(k, a[1] + 8, &ino, 4) < 0)
		return -EFAULT;
	if (f->is_dir) {
		/* xv6's mkdir gives a directory one link, and one more to its
		 * parent for its ".."; the host counts the directory's own "."
		 * too. */
		uint32_t size = dir_size(k, f->host_fd);
		int16_t nlink =
		    (int16_t)(st.st_nlink > 1 && st.st_nlink <= 0x8000 ? st.st_nlink - 1 : 1);
		if (copyout(k, a[1] + 12, &nlink, 2) < 0 || copyout(k, a[1] + 16, &size, 4) < 0)
			return -EFAULT;
	}
	return 0;
}

/* exit(): no argument (xv6's sys_exit), so the status is 0. */
static int32_t xv6_exit(struct kernel *k, const uint32_t *a)
{
	(void)a;
	static const uint32_t zero[1] = {0};
	return sys_exit(k, zero);
}

/* exec(path, argv): xv6's sys_exec copies argv into char *argv[MAXARG]
 * and fails when the NULL does not fit, so 31 arguments at most. */
static int32_t xv6_exec(struct kernel *k, const uint32_t *a)
{
	for (uint32_t i = 0;; i++) {
		if (i >= XV6_MAXARG)
			return -E2BIG;
		uint32_t up;
		if (copyin(k, &up, a[1] + 4 * i, 4) < 0)
			return -EFAULT;
		if (!up)
			break;
	}
	return sys_exec(k, a);
}

/* open(path, omode): only xv6's mode bits mean anything (fcntl.h). */
static int32_t xv6_open(struct kernel *k, const uint32_t *a)
{
	const uint32_t b[2] = {a[0], a[1] & XV6_OMODES};
	return sys_open(k, b);
}

/* sbrk(n): growproc() refuses to grow past USERTOP. */
static int32_t xv6_sbrk(struct kernel *k, const uint32_t *a)
{
	int32_t n = (int32_t)a[0];
	if (n > 0 && (uint64_t)k->cur->brk + (uint32_t)n > XV6_USERTOP)
		return -ENOMEM;
	return sys_sbrk(k, a);
}

static const struct syscall_def table[] = {
    SYSCALL(SYS_fork, "fork", "", sys_fork),
    SYSCALL_F(SYS_exit, "exit", "", xv6_exit, SC_NORETURN),
    SYSCALL(SYS_wait, "wait", "", sys_wait),
    SYSCALL(SYS_pipe, "pipe", "p", sys_pipe),
    SYSCALL(SYS_write, "write", "dpd", sys_write),
    SYSCALL(SYS_read, "read", "dpd", xv6_read),
    SYSCALL(SYS_close, "close", "d", sys_close),
    SYSCALL(SYS_kill, "kill", "d", sys_kill),
    SYSCALL(SYS_exec, "exec", "sp", xv6_exec),
    SYSCALL(SYS_open, "open", "sx", xv6_open),
    SYSCALL(SYS_mknod, "mknod", "sdd", sys_mknod),
    SYSCALL(SYS_unlink, "unlink", "s", sys_unlink),
    SYSCALL(SYS_fstat, "fstat", "dp", xv6_fstat),
    SYSCALL(SYS_link, "link", "ss", sys_link),
    SYSCALL(SYS_mkdir, "mkdir", "s", sys_mkdir),
    SYSCALL(SYS_chdir, "chdir", "s", sys_chdir),
    SYSCALL(SYS_dup, "dup", "d", sys_dup),
    SYSCALL(SYS_getpid, "getpid", "", sys_getpid),
    SYSCALL(SYS_sbrk, "sbrk", "d", xv6_sbrk),
    SYSCALL(SYS_sleep, "sleep", "d", sys_sleep),
    SYSCALL(SYS_uptime, "uptime", "", sys_uptime),
};

static int32_t xv6_error(int32_t neg_errno)
{
	(void)neg_errno;
	return -1;
}

/* xv6's exec (exec.c): the strings from the top of its one page of stack
 * down, each at a 4-byte boundary, then argv[], argc and the fake return
 * address 0xffffffff at esp. 0 when they do not fit in the page (the
 * later xv6 revisions' guard page refuses it too). */
static uint32_t xv6_build_stack(struct kernel *k, uint32_t pgdir, const struct exec_args *a,
				const struct exec_image_info *ii)
{
	uint32_t top = ii->stack_top, low = top - PAGE_SIZE, sp = top;
	uint32_t ustack[3 + XV6_MAXARG + 1];
	int argc = a->argc;
	if (argc >= XV6_MAXARG)
		return 0;
	for (int i = 0; i < argc; i++) {
		uint32_t len = (uint32_t)strlen(a->argv[i]) + 1;
		if (len > sp - low)
			return 0;
		sp = (sp - len) & ~3u;
		if (pgdir_write(k, pgdir, sp, a->argv[i], len) < 0)
			return 0;
		ustack[3 + i] = sp;
	}
	ustack[3 + argc] = 0;
	uint32_t words = 3 + (uint32_t)argc + 1;
	if (4 * words > sp - low)
		return 0;
	ustack[0] = 0xffffffffu;
	ustack[1] = (uint32_t)argc;
	ustack[2] = sp - 4 * ((uint32_t)argc + 1);
	sp -= 4 * words;
	if (pgdir_write(k, pgdir, sp, ustack, 4 * words) < 0)
		return 0;
	return sp;
}

const struct abi abi_xv6 = {
    .name = "xv6",
    .vector = T_SYSCALL,
    .args = ABI_ARGS_STACK,
    .table = table,
    .ncalls = sizeof(table) / sizeof(table[0]),
    .error = xv6_error,
    .build_stack = xv6_build_stack,
    .on_exec = NULL,
    .restart_len = 2,
    .report_unknown = false,
    .user_top = XV6_USERTOP,
    .name_max = XV6_DIRSIZ,
};
