/*
 * The Linux personality's process start: the stack as Linux's
 * create_elf_tables (fs/binfmt_elf.c) leaves it for an i386 program
 * (AT_BASE the interpreter's address when it has one, AT_ENTRY and
 * AT_PHDR the program's), System V i386 ABI "Process Initialization":
 *
 *   USER_STACK_TOP - 4    0 (end marker)
 *                         the program's file name (AT_EXECFN)
 *                         environment strings, argument strings
 *                         "i686" (AT_PLATFORM), 16 random bytes (AT_RANDOM)
 *                         padding so that esp is 16-byte aligned
 *                         auxv: (type, value) pairs ending with AT_NULL
 *                         envp[]: pointers, NULL
 *                         argv[]: pointers, NULL
 *   esp ->                argc
 */
#include "abi_linux.h"

#include <stdlib.h>
#include <string.h>

/* Auxiliary vector types (include/uapi/linux/auxvec.h, elf.h). */
enum {
	AT_NULL = 0,
	AT_PHDR = 3,
	AT_PHENT = 4,
	AT_PHNUM = 5,
	AT_PAGESZ = 6,
	AT_BASE = 7,
	AT_FLAGS = 8,
	AT_ENTRY = 9,
	AT_UID = 11,
	AT_EUID = 12,
	AT_GID = 13,
	AT_EGID = 14,
	AT_PLATFORM = 15,
	AT_HWCAP = 16,
	AT_CLKTCK = 17,
	AT_SECURE = 23,
	AT_RANDOM = 25,
	AT_EXECFN = 31,
};

#define AUXV_MAX 20

/* Writes `len` bytes below *sp; false when the stack is full. */
static bool push_bytes(struct kernel *k, uint32_t pgdir, uint32_t *sp, const void *src,
		       uint32_t len)
{
	if (*sp - USER_STACK_LOW < len + 4096u) /* keep a page for the program */
		return false;
	*sp -= len;
	return pgdir_write(k, pgdir, *sp, src, len) == 0;
}

/* The strings of `v` below *sp, their addresses into out[]. */
static bool push_strings(struct kernel *k, uint32_t pgdir, uint32_t *sp, int n, char **v,
			 uint32_t *out)
{
	for (int i = n - 1; i >= 0; i--) {
		if (!push_bytes(k, pgdir, sp, v[i], (uint32_t)strlen(v[i]) + 1))
			return false;
		out[i] = *sp;
	}
	return true;
}

/* The 16 AT_RANDOM bytes: deterministic from the run's seed and the
 * process (splitmix64), so a run repeats exactly; --seed changes them. */
static void random_bytes(struct kernel *k, uint8_t out[16])
{
	uint64_t x = k->seed ^ (0x632be59bd9b4e019ull * ++k->exec_count);
	for (int i = 0; i < 2; i++) {
		uint64_t z = (x += 0x9e3779b97f4a7c15ull);
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
		z ^= z >> 31;
		memcpy(out + 8 * i, &z, 8);
	}
}

static unsigned auxv_fill(struct kernel *k, const struct exec_image_info *ii, uint32_t random,
			  uint32_t platform, uint32_t execfn, uint32_t *av)
{
	const struct elf_image *img = ii->img;
	unsigned n = 0;
#define AUX(t, v) (av[n++] = (t), av[n++] = (v))
	AUX(AT_HWCAP, linux_hwcap(k));
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_CLKTCK, LINUX_HZ);
	AUX(AT_PHDR, img->phdr_vaddr);
	AUX(AT_PHENT, 32);
	AUX(AT_PHNUM, img->phnum);
	AUX(AT_BASE, ii->interp_base); /* 0: no interpreter */
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, img->entry);
	AUX(AT_UID, LINUX_UID);
	AUX(AT_EUID, LINUX_UID);
	AUX(AT_GID, LINUX_GID);
	AUX(AT_EGID, LINUX_GID);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, random);
	AUX(AT_EXECFN, execfn);
	AUX(AT_PLATFORM, platform);
	AUX(AT_NULL, 0);
#undef AUX
	return n;
}

uint32_t linux_build_stack(struct kernel *k, uint32_t pgdir, const struct exec_args *a,
			   const struct exec_image_info *ii)
{
	uint32_t sp = USER_STACK_TOP - 4; /* the end marker word stays 0 */
	linux_note_exec_path(k, a->path);
	uint32_t nptr = (uint32_t)a->argc + (uint32_t)a->envc + 2;
	uint32_t *ptrs = calloc(nptr, 4);
	if (!ptrs)
		return 0;
	uint32_t *uargv = ptrs, *uenvp = ptrs + a->argc + 1;
	uint32_t execfn = 0, random = 0, platform = 0;
	uint8_t rnd[16];
	random_bytes(k, rnd);
	bool ok = push_bytes(k, pgdir, &sp, a->path, (uint32_t)strlen(a->path) + 1);
	execfn = sp;
	ok = ok && push_strings(k, pgdir, &sp, a->envc, a->envp, uenvp);
	ok = ok && push_strings(k, pgdir, &sp, a->argc, a->argv, uargv);
	ok = ok && push_bytes(k, pgdir, &sp, "i686", 5);
	platform = sp;
	ok = ok && push_bytes(k, pgdir, &sp, rnd, sizeof(rnd));
	random = sp;
	uint32_t av[2 * AUXV_MAX];
	unsigned nav = auxv_fill(k, ii, random, platform, execfn, av);
	/* Linux's STACK_ROUND: esp (at argc) ends 16-byte aligned. */
	uint32_t words = 1 + nptr + nav;
	sp = ((sp - 4 * words) & ~15u) + 4 * words;
	ok = ok && push_bytes(k, pgdir, &sp, av, 4 * nav);
	ok = ok && push_bytes(k, pgdir, &sp, ptrs, 4 * nptr);
	uint32_t argc = (uint32_t)a->argc;
	ok = ok && push_bytes(k, pgdir, &sp, &argc, 4);
	free(ptrs);
	return ok ? sp : 0;
}
