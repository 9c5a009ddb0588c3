/* The auxiliary vector against what the program finds of itself: AT_PHDR
 * and AT_PHNUM are its program headers as loaded, AT_ENTRY its _start,
 * AT_BASE the dynamic linker's load address (dl_iterate_phdr's entry for
 * it) or 0 in a static program. Only agreements are printed, so native and
 * ia32emu runs compare (addresses differ natively: ASLR). */
#define _GNU_SOURCE
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

extern char _start[];

struct found {
	int n;
	unsigned long self_phdr, self_phnum, interp_addr;
	int has_interp;
};

static int each(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	struct found *f = arg;
	if (f->n++ == 0) {
		f->self_phdr = (unsigned long)info->dlpi_phdr;
		f->self_phnum = info->dlpi_phnum;
	}
	if (info->dlpi_name && strstr(info->dlpi_name, "ld-linux")) {
		f->has_interp = 1;
		f->interp_addr = (unsigned long)info->dlpi_addr;
	}
	return 0;
}

int main(void)
{
	struct found f;
	memset(&f, 0, sizeof(f));
	dl_iterate_phdr(each, &f);
	printf("AT_PHDR: %s\n", getauxval(AT_PHDR) == f.self_phdr ? "the program's headers" : "?");
	printf("AT_PHNUM: %s\n", getauxval(AT_PHNUM) == f.self_phnum ? "their number" : "?");
	printf("AT_PHENT: %lu\n", getauxval(AT_PHENT));
	printf("AT_ENTRY: %s\n", getauxval(AT_ENTRY) == (unsigned long)_start ? "_start" : "?");
	if (f.has_interp)
		printf("AT_BASE: %s\n",
		       getauxval(AT_BASE) == f.interp_addr ? "the interpreter's address" : "?");
	else
		printf("AT_BASE: %lu\n", getauxval(AT_BASE));
	return 0;
}
