/* The tracer's output in its two formats (text, JSON lines). */
#ifndef FRONT_TRACE_OUT_H
#define FRONT_TRACE_OUT_H

#include "trace.h"

/* A line built field by field (the register-change line). */
struct tout {
	struct tracer *t;
	bool any;
	char buf[512];
	size_t len;
};

void tout_begin(struct tout *o, struct tracer *t, const char *ev);
void tout_reg(struct tout *o, const char *name, uint32_t val, int digits);
/* Prints the line if a field was added. */
void tout_end_if_any(struct tout *o);
void tout_mem(struct tracer *t, uint32_t lin, unsigned size, uint32_t val);
void tout_insn(struct tracer *t, struct cpu *c, const struct insn *i, uint32_t lin,
	       const char *text);

/* A JSON string of any bytes, always valid UTF-8 JSON (RFC 8259). */
void json_str(FILE *f, const char *s);

#endif
