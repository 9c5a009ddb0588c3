/*
 * Finding the programs of `ia32emu test` and reading their expectations.
 *
 * A program is a C or assembly source (NAME.c, NAME.S: compiled by
 * ia32emu-cc) or an ELF32 i386 executable (NAME); beside it may lie NAME.in
 * (stdin), NAME.out (expected stdout; --expect-suffix names it otherwise,
 * e.g. NAME.c.expected), NAME.status (expected exit status,
 * default 0), NAME.args (arguments, shell-like quoting) and NAME.root (a
 * directory of files the program finds in its root, see batch_root.c). A directory is
 * searched recursively, in name order; hidden entries are skipped. When a
 * source and an executable share a NAME (a program built beside its
 * source), the source is what is tested.
 */
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH     32
#define MAX_EXPECT_SZ 65536

/* An ELF32, little-endian, ET_EXEC, EM_386 file (System V ABI gABI, ELF
 * header: e_ident[EI_CLASS] = 1, e_ident[EI_DATA] = 1, e_type = 2,
 * e_machine = 3). Object files and other machines' programs are not ours. */
static bool is_guest_elf(const char *path)
{
	unsigned char h[20];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, h, sizeof(h));
	close(fd);
	return n == (ssize_t)sizeof(h) && memcmp(h, "\177ELF", 4) == 0 && h[4] == 1 && h[5] == 1 &&
	       (h[16] | h[17] << 8) == 2 && (h[18] | h[19] << 8) == 3;
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n > m && strcmp(s + n - m, suf) == 0;
}

static bool is_source(const char *path)
{
	return has_suffix(path, ".c") || has_suffix(path, ".S");
}

static struct btest *push(struct btest_list *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct btest *v = realloc(l->v, cap * sizeof(*v));
		if (!v) {
			fputs("ia32emu: test: out of host memory\n", stderr);
			exit(125);
		}
		l->v = v;
		l->cap = cap;
	}
	struct btest *t = &l->v[l->n++];
	memset(t, 0, sizeof(*t));
	return t;
}

/* Adds prog unless a program of the same name is already there (from
 * index `from` on: names only repeat within one directory's search). */
static void add(struct btest_list *l, size_t from, const char *prog, bool source)
{
	size_t len = strlen(prog) - (source ? 2 : 0);
	for (size_t i = from; i < l->n; i++) {
		struct btest *t = &l->v[i];
		if (strlen(t->name) != len || strncmp(t->name, prog, len) != 0)
			continue;
		if (source && !t->source) { /* the source wins over its build */
			free(t->prog);
			t->prog = bt_strdup(prog);
			t->source = true;
		} else if (source) {
			fprintf(stderr, "ia32emu: test: %s ignored: %s has the same name\n", prog,
				t->prog);
		}
		return;
	}
	struct btest *t = push(l);
	t->prog = bt_strdup(prog);
	t->name = bt_strdup(prog);
	t->name[len] = 0;
	t->source = source;
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	if (strcmp(dir, ".") == 0 || strcmp(dir, "./") == 0) /* `test .`: plain names */
		return bt_strdup(name);
	if (n && dir[n - 1] == '/')
		return bt_strf("%s%s", dir, name);
	return bt_strf("%s/%s", dir, name);
}

static int walk(const char *dir, struct btest_list *l, int depth)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "ia32emu: test: cannot read %s: %s\n", dir, strerror(errno));
		return -1;
	}
	size_t from = l->n;
	int rc = 0;
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		char *path = name[0] == '.' ? NULL : join(dir, name);
		struct stat st;
		/* lstat: a symbolic link to a directory is not followed, so a
		 * loop of links cannot make the search endless. */
		if (path && lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			/* NAME.root holds a program's files, not programs. */
			if (!has_suffix(name, ".root") && depth < MAX_DEPTH &&
			    walk(path, l, depth + 1) < 0)
				rc = -1;
		} else if (path && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (is_source(path))
				add(l, from, path, true);
			else if (is_guest_elf(path))
				add(l, from, path, false);
		}
		free(path);
		free(ents[i]);
	}
	free(ents);
	return rc;
}

static void set_error(struct btest *t, char *msg)
{
	if (!t->setup_error)
		t->setup_error = msg;
	else
		free(msg);
}

/* NAME.ext if it exists. Only a regular file will do: reading a FIFO or a
 * device could block the runner or never end. */
static char *expect_file(struct btest *t, const char *ext)
{
	char *p = bt_strf("%s%s", t->name, ext);
	struct stat st;
	int r = stat(p, &st);
	if (r == 0 && S_ISREG(st.st_mode))
		return p;
	if (r == 0)
		set_error(t, bt_strf("%s: not a regular file", p));
	else if (errno != ENOENT)
		set_error(t, bt_strf("%s: %s", p, strerror(errno)));
	free(p);
	return NULL;
}

static void read_status(struct btest *t)
{
	char *p = expect_file(t, ".status");
	if (!p)
		return;
	char *s = bt_read_file(p, MAX_EXPECT_SZ, NULL);
	char *end = NULL;
	long v = s ? strtol(s, &end, 10) : -1;
	while (end && (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
		end++;
	if (!s || end == s || *end || v < 0 || v > 255)
		set_error(t, bt_strf("%s: want an exit status from 0 to 255", p));
	else
		t->want_status = (int)v;
	t->has_status = true;
	free(s);
	free(p);
}

static void read_args(struct btest *t)
{
	char *p = expect_file(t, ".args");
	char **words = NULL;
	int n = 0;
	if (p) {
		char *s = bt_read_file(p, MAX_EXPECT_SZ, NULL);
		n = s ? batch_split_words(s, &words) : -1;
		if (n < 0)
			set_error(t, bt_strf("%s: %s", p, s ? "unterminated quote" : "unreadable"));
		free(s);
		free(p);
	}
	if (n < 0)
		n = 0;
	t->argv = bt_alloc(((size_t)n + 2) * sizeof(char *));
	t->argv[0] = bt_strdup(t->name);
	for (int i = 0; i < n; i++)
		t->argv[i + 1] = words[i];
	free(words);
	t->argc = n + 1;
}

static void read_root(struct btest *t)
{
	char *p = bt_strf("%s.root", t->name);
	struct stat st;
	if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
		t->root_src = p;
	else
		free(p);
}

/* A file beside the program that may be its expected output under another
 * name (NAME.c.expected, NAME.expected, NAME.txt ...): the suffix after
 * NAME of the first, in name order, that is neither the program nor one
 * of the expectation files; NULL when there is none. */
static char *other_expectation(const struct btest *t, const char *out_suffix)
{
	/* NAME.out counts as another name when --expect-suffix chose one. */
	const char *const known[] = {
	    ".c",      ".S",	".in",	strcmp(out_suffix, ".out") ? ".c" : ".out",
	    ".status", ".args", ".root"};
	const char *slash = strrchr(t->name, '/');
	char *dir = slash ? bt_strf("%.*s", (int)(slash - t->name), t->name) : bt_strdup(".");
	const char *base = slash ? slash + 1 : t->name;
	size_t bl = strlen(base);
	struct dirent **ents;
	int n = scandir(*dir ? dir : "/", &ents, NULL, alphasort);
	char *found = NULL;
	for (int i = 0; i < n; i++) {
		const char *e = ents[i]->d_name;
		if (!found && strncmp(e, base, bl) == 0 && e[bl] == '.') {
			bool known_one = false;
			for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
				known_one |= strcmp(e + bl, known[k]) == 0;
			char *path = bt_strf("%s/%s", dir, e);
			struct stat st;
			if (!known_one && strcmp(path, t->prog) != 0 && stat(path, &st) == 0 &&
			    S_ISREG(st.st_mode) && strchr(e + bl, '/') == NULL)
				found = bt_strdup(e + bl);
			free(path);
		}
		free(ents[i]);
	}
	if (n >= 0)
		free(ents);
	free(dir);
	return found;
}

static void read_expectations(struct btest *t, const char *out_suffix)
{
	read_root(t);
	t->in_path = expect_file(t, ".in");
	t->out_path = expect_file(t, out_suffix);
	read_status(t);
	read_args(t);
	/* Passing on exit status 0 alone is rarely what was meant: say so,
	 * since expectations named otherwise would be missed in silence. */
	if (t->out_path || t->has_status || t->setup_error)
		return;
	char *other = other_expectation(t, out_suffix);
	if (other)
		fprintf(stderr,
			"ia32emu: test: warning: %s has no %s%s and no %s.status: only its "
			"exit status (0) is checked; for %s%s, use --expect-suffix %s\n",
			t->name, t->name, out_suffix, t->name, t->name, other, other);
	else
		fprintf(stderr,
			"ia32emu: test: warning: %s has no %s%s and no %s.status: only its "
			"exit status (0) is checked (--expect-suffix names other expected-output "
			"files)\n",
			t->name, t->name, out_suffix, t->name);
	free(other);
}

int batch_find(const char *path, const char *out_suffix, struct btest_list *l)
{
	struct stat st;
	size_t first = l->n;
	if (stat(path, &st) < 0) {
		fprintf(stderr, "ia32emu: test: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (walk(path, l, 0) < 0)
			return -1;
	} else if (S_ISREG(st.st_mode)) {
		/* A file named explicitly is tested whatever it holds: the
		 * loader says why it is not a program. */
		add(l, first, path, is_source(path));
	} else {
		fprintf(stderr, "ia32emu: test: %s: not a directory or a regular file\n", path);
		return -1;
	}
	for (size_t i = first; i < l->n; i++)
		read_expectations(&l->v[i], out_suffix);
	return 0;
}

void batch_free(struct btest_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct btest *t = &l->v[i];
		for (int j = 0; j < t->argc; j++)
			free(t->argv[j]);
		free(t->argv);
		free(t->name);
		free(t->prog);
		free(t->in_path);
		free(t->out_path);
		free(t->root_src);
		free(t->setup_error);
		free(t->detail);
		free(t->rerun);
		free(t->log);
		free(t->output);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* One word of NAME.args: returns the position after it, or NULL on an
 * unterminated quote. The word (unquoted) is written to *out. */
static const char *one_word(const char *s, char **out)
{
	char *w = bt_alloc(strlen(s) + 1), *o = w;
	char q = 0;
	for (; *s; s++) {
		if (q == '\'') {
			if (*s == '\'')
				q = 0;
			else
				*o++ = *s;
		} else if (q == '"') {
			if (*s == '"')
				q = 0;
			else if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
				*o++ = *++s;
			else
				*o++ = *s;
		} else if (*s == '\'' || *s == '"') {
			q = *s;
		} else if (*s == '\\' && s[1]) {
			*o++ = *++s;
		} else if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			break;
		} else {
			*o++ = *s;
		}
	}
	if (q) {
		free(w);
		return NULL;
	}
	*out = w;
	return s;
}

int batch_split_words(const char *s, char ***out)
{
	char **v = bt_alloc(sizeof(char *));
	int n = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		if (!*s)
			break;
		char *w;
		s = one_word(s, &w);
		if (!s) {
			for (int i = 0; i < n; i++)
				free(v[i]);
			free(v);
			return -1;
		}
		char **nv = realloc(v, ((size_t)n + 2) * sizeof(char *));
		if (!nv) {
			fputs("ia32emu: test: out of host memory\n", stderr);
			exit(125);
		}
		v = nv;
		v[n++] = w;
	}
	*out = v;
	return n;
}
