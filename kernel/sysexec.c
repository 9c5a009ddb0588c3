/* exec(path, argv): the argument strings are copied into the kernel while
 * the old address space is still there, the file is read from the tree,
 * and exec_image (exec.c) builds the new image. */
#include "sysdefs.h"

#include <stdlib.h>
#include <string.h>

/* Copies the NULL-terminated argv at `uargv` into k->argbuf. argc or
 * -errno (-E2BIG past MAX_ARGS or MAX_ARG_BYTES). */
static int copy_args(struct kernel *k, uint32_t uargv, char **argv)
{
	uint32_t used = 0;
	for (int argc = 0;; argc++) {
		uint32_t up;
		if (copyin(k, &up, uargv + 4 * (uint32_t)argc, 4) < 0)
			return -EFAULT;
		if (!up)
			return argc;
		if (argc == MAX_ARGS)
			return -E2BIG;
		int n = copyinstr(k, k->argbuf + used, up, MAX_ARG_BYTES - used);
		if (n == -ENAMETOOLONG)
			return -E2BIG;
		if (n < 0)
			return n;
		argv[argc] = k->argbuf + used;
		used += (uint32_t)n + 1;
	}
}

int32_t sys_exec(struct kernel *k, const uint32_t *a)
{
	char *argv[MAX_ARGS + 1];
	int argc = copy_args(k, a[1], argv);
	if (argc < 0)
		return argc;
	argv[argc] = NULL;
	uint8_t *data;
	size_t size;
	int32_t r = fs_read_file(k, a[0], &data, &size);
	if (r < 0)
		return r;
	struct exec_args ea = {argc, argv, 0, NULL, argv[0] ? argv[0] : ""};
	r = exec_image(k, data, size, &ea);
	free(data);
	return r;
}
