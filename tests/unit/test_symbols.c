/* ELF symbol tables (front/symbols.c) on real and malformed files, and the
 * tracer's paging events through the embedding API (front/trace.c). */
#include "../../front/symbols.h"
#include "../../front/trace.h"
#include "unit.h"

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t *read_file(const char *name, size_t *len)
{
	const char *dir = getenv("IA32EMU_PROGRAMS");
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "build/programs", name);
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	static uint8_t buf[1 << 20];
	*len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	uint8_t *copy = malloc(*len);
	ck_assert(copy != NULL);
	memcpy(copy, buf, *len);
	return copy;
}

START_TEST(symbols_of_a_real_program)
{
	size_t len;
	uint8_t *d = read_file("readdemo", &len);
	struct symtab st;
	char err[128];
	ck_assert_int_eq(symtab_parse(&st, d, len, err, sizeof(err)), 0);
	Elf32_Ehdr eh;
	memcpy(&eh, d, sizeof(eh));
	/* _start is the entry point (the linker's -e _start). */
	const struct symbol *s = symtab_find(&st, "_start");
	ck_assert(s != NULL);
	ck_assert_uint_eq(s->addr, eh.e_entry);
	uint32_t off = 99;
	ck_assert_ptr_eq(symtab_lookup(&st, eh.e_entry + 3, &off), s);
	ck_assert_uint_eq(off, 3);
	char buf[64];
	ck_assert_str_eq(symtab_format(&st, eh.e_entry + 0x12, buf, sizeof(buf)), "_start+0x12");
	ck_assert_str_eq(symtab_format(&st, 0x100, buf, sizeof(buf)), "");
	ck_assert_ptr_eq(symtab_find(&st, "no_such_symbol"), NULL);
	symtab_free(&st);
	free(d);
}
END_TEST

START_TEST(sized_symbols_end_at_their_size)
{
	struct symtab st = {0};
	ck_assert_int_eq(symtab_add(&st, "b", 0x2000, 0, false), 0);
	ck_assert_int_eq(symtab_add(&st, "a", 0x1000, 0x10, true), 0);
	ck_assert_int_eq(symtab_add(&st, "a_label", 0x1000, 0, false), 0);
	uint32_t off;
	ck_assert_str_eq(symtab_lookup(&st, 0x100f, &off)->name, "a"); /* function first */
	ck_assert_ptr_eq(symtab_lookup(&st, 0x1010, &off), NULL);      /* past a's size */
	ck_assert_str_eq(symtab_lookup(&st, 0x2fff, &off)->name, "b");
	ck_assert_ptr_eq(symtab_lookup(&st, 0xfff, &off), NULL);
	symtab_free(&st);
}
END_TEST

START_TEST(malformed_files_are_refused_not_crashed)
{
	size_t len;
	uint8_t *orig = read_file("readdemo", &len);
	uint8_t *d = malloc(len);
	ck_assert(d != NULL);
	struct symtab st;
	char err[128];
	/* Not ELF, truncated headers. */
	ck_assert_int_eq(symtab_parse(&st, (const uint8_t *)"hello", 5, err, sizeof(err)), -1);
	for (size_t cut = 0; cut < len; cut += 97) {
		memcpy(d, orig, cut);
		if (symtab_parse(&st, d, cut, err, sizeof(err)) == 0)
			symtab_free(&st);
	}
	/* Section headers pointing outside the file. */
	Elf32_Ehdr eh;
	memcpy(&eh, orig, sizeof(eh));
	memcpy(d, orig, len);
	((Elf32_Ehdr *)d)->e_shoff = 0xfffffff0u;
	ck_assert_int_eq(symtab_parse(&st, d, len, err, sizeof(err)), -1);
	/* Every byte of every section header flipped in turn (ASan watches). */
	for (size_t k = 0; k < (size_t)eh.e_shnum * sizeof(Elf32_Shdr); k++) {
		memcpy(d, orig, len);
		d[eh.e_shoff + k] ^= 0xff;
		if (symtab_parse(&st, d, len, err, sizeof(err)) == 0)
			symtab_free(&st);
	}
	/* Pseudo-random corruption of the whole file. */
	uint32_t x = 12345;
	for (int round = 0; round < 200; round++) {
		memcpy(d, orig, len);
		for (int j = 0; j < 16; j++) {
			x = x * 1103515245u + 12345u;
			d[(x >> 8) % len] = (uint8_t)(x >> 24);
		}
		if (symtab_parse(&st, d, len, err, sizeof(err)) == 0)
			symtab_free(&st);
	}
	free(d);
	free(orig);
}
END_TEST

START_TEST(tracer_reports_paging_changes)
{
	struct machine_config cfg;
	char err[256];
	machine_config_default(&cfg);
	cfg.mem_bytes = 4u << 20;
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	char *text = NULL;
	size_t tlen = 0;
	FILE *out = open_memstream(&text, &tlen);
	struct tracer tr;
	unsigned what;
	ck_assert_int_eq(trace_parse_what("paging", &what, err, sizeof(err)), 0);
	tracer_init(&tr, out, what, TF_TEXT, NULL);
	tracer_subscribe(&tr, m);
	struct cpu *c = machine_cpu(m);
	cpu_set_cr(c, 3, cpu_get_cr(c, 3));
	tr.fmt = TF_JSONL;
	cpu_set_cr(c, 4, 0x10);
	fclose(out);
	char want[128];
	snprintf(want, sizeof(want),
		 "paging cr3 = 0x%08x\n{\"ev\":\"paging\",\"what\":\"cr4\",\"value\":16}\n",
		 cpu_get_cr(c, 3));
	ck_assert_str_eq(text, want);
	free(text);
	machine_destroy(m);
}
END_TEST

/* Tracing off, or a selection without per-instruction events, leaves the
 * interpreter's hook flag clear: the hot loop calls nothing. */
START_TEST(tracer_hooks_only_what_it_needs)
{
	struct machine_config cfg;
	char err[256];
	machine_config_default(&cfg);
	cfg.mem_bytes = 4u << 20;
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	struct tracer tr;
	tracer_init(&tr, stderr, TR_SYSCALL | TR_INT | TR_CPL | TR_PAGING, TF_TEXT, NULL);
	tracer_subscribe(&tr, m);
	ck_assert_uint_eq(machine_cpu(m)->hooks, 0);
	tracer_init(&tr, stderr, TR_REGS, TF_TEXT, NULL);
	tracer_subscribe(&tr, m);
	ck_assert_uint_eq(machine_cpu(m)->hooks, CPU_HOOK_INSN);
	machine_subscribe(m, NULL);
	ck_assert_uint_eq(machine_cpu(m)->hooks, 0);
	machine_destroy(m);
}
END_TEST

START_TEST(trace_selection_words)
{
	unsigned w;
	char err[256], buf[128];
	ck_assert_int_eq(trace_parse_what("insn,regs", &w, err, sizeof(err)), 0);
	ck_assert_uint_eq(w, TR_INSN | TR_REGS);
	ck_assert_int_eq(trace_parse_what("all", &w, err, sizeof(err)), 0);
	trace_what_string(w, buf, sizeof(buf));
	ck_assert_str_eq(buf, "insn,regs,mem,int,cpl,syscall,paging,sched,uaccess,map,frame");
	ck_assert_int_eq(trace_parse_what("insn,,bogus", &w, err, sizeof(err)), -1);
	ck_assert_int_eq(trace_parse_what("", &w, err, sizeof(err)), -1);
}
END_TEST

Suite *symbols_suite(void)
{
	Suite *s = suite_create("symbols");
	TCase *tc = tcase_create("symbols");
	tcase_add_test(tc, symbols_of_a_real_program);
	tcase_add_test(tc, sized_symbols_end_at_their_size);
	tcase_add_test(tc, malformed_files_are_refused_not_crashed);
	tcase_add_test(tc, tracer_reports_paging_changes);
	tcase_add_test(tc, tracer_hooks_only_what_it_needs);
	tcase_add_test(tc, trace_selection_words);
	suite_add_tcase(s, tc);
	return s;
}
