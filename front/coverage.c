/* Row coverage (coverage.h). */
#include "coverage.h"

#include <stdio.h>
#include <string.h>

/* Row identifiers as written in optable.def, for the report. */
#define OP(id, map, opc, reg, mn, o1, o2, o3, fn, attr) [ROW_##id] = #id,
static const char *const row_id[ROW_COUNT] = {
    [ROW_INVALID] = "(invalid)",
    [ROW_X87] = "(x87)",
    [ROW_SIMD] = "(simd)",
    [ROW_UNSUPPORTED] = "(unsupported)",
#include "../cpu/decode/optable.def"
};
#undef OP

static void on_insn(void *opaque, struct machine *m, const struct insn *i)
{
	struct coverage *cv = opaque;
	if (i->row >= ROW_COUNT)
		return;
	if (machine_cpu(m)->cpl == 3)
		cv->user[i->row]++;
	else
		cv->sys[i->row]++;
}

void coverage_attach(struct coverage *cv, struct machine *m)
{
	memset(cv, 0, sizeof(*cv));
	struct machine_events ev = {.opaque = cv, .insn = on_insn};
	machine_subscribe(m, &ev);
}

int coverage_write(const struct coverage *cv, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	for (unsigned r = 0; r < ROW_COUNT; r++) {
		const struct op_row *o = &op_rows[r];
		fprintf(f, "%s\t", row_id[r]);
		if (r <= ROW_UNSUPPORTED)
			fprintf(f, "-");
		else
			fprintf(f, "%s%02x", o->map ? "0f" : "", o->opcode);
		if (o->reg >= 0)
			fprintf(f, "/%d", o->reg);
		fprintf(f, "\t%llu\t%llu\n", (unsigned long long)cv->user[r],
			(unsigned long long)cv->sys[r]);
	}
	return fclose(f);
}
