/* The pure parts of `ia32emu test`: NAME.args splitting, escaping for the
 * report, shell quoting for rerun commands, the output comparison. */
#include "unit.h"

#include "../../front/batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void free_words(char **w, int n)
{
	for (int i = 0; i < n; i++)
		free(w[i]);
	free(w);
}

START_TEST(split_words_quoting)
{
	char **w;
	int n = batch_split_words("  a 'b c'  \"d \\\" e\"\tf\\ g h''i\n", &w);
	ck_assert_int_eq(n, 5);
	ck_assert_str_eq(w[0], "a");
	ck_assert_str_eq(w[1], "b c");
	ck_assert_str_eq(w[2], "d \" e");
	ck_assert_str_eq(w[3], "f g");
	ck_assert_str_eq(w[4], "hi");
	free_words(w, n);
	n = batch_split_words(" \n\t ", &w);
	ck_assert_int_eq(n, 0);
	free_words(w, n);
	ck_assert_int_eq(batch_split_words("ok 'unterminated", &w), -1);
	ck_assert_int_eq(batch_split_words("\"also", &w), -1);
}
END_TEST

START_TEST(escape_for_report)
{
	char *e = bt_escape("a\"b\\\n\t\x01\xff", 8, 100);
	ck_assert_str_eq(e, "a\\\"b\\\\\\n\\t\\x01\\xff");
	free(e);
	e = bt_escape("abcdef", 6, 3);
	ck_assert_str_eq(e, "abc...");
	free(e);
	e = bt_escape("a\0b", 3, 10); /* a NUL byte in a line is shown */
	ck_assert_str_eq(e, "a\\x00b");
	free(e);
}
END_TEST

/* Every quoted word reads back as itself through sh(1). */
START_TEST(shquote_round_trip)
{
	const char *words[] = {"plain-word_1.c", "two words", "it's", "$HOME",
			       "a\\b",		 "'",	      "",     "*"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		char *q = bt_shquote(words[i]);
		char *cmd = bt_strf("printf '%%s' %s", q);
		FILE *p = popen(cmd, "r");
		ck_assert_ptr_nonnull(p);
		char buf[64] = "";
		size_t n = fread(buf, 1, sizeof(buf) - 1, p);
		buf[n] = 0;
		pclose(p);
		ck_assert_str_eq(buf, words[i]);
		free(q);
		free(cmd);
	}
	char *q = bt_shquote("plain-word_1.c");
	ck_assert_str_eq(q, "plain-word_1.c"); /* nothing to quote: left alone */
	free(q);
}
END_TEST

static char *tmp_with(const char *text)
{
	char *path = strdup("/tmp/ia32emu-unit-XXXXXX");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	return path;
}

static void expect_diff(const char *want, const char *got, const char *msg)
{
	char *w = tmp_with(want), *g = tmp_with(got);
	char *r = batch_compare(w, g);
	if (msg)
		ck_assert_str_eq(r ? r : "(equal)", msg);
	else
		ck_assert_ptr_null(r);
	free(r);
	unlink(w);
	unlink(g);
	free(w);
	free(g);
}

START_TEST(compare_outputs)
{
	expect_diff("a\nb\n", "a\nb\n", NULL);
	expect_diff("", "", NULL);
	expect_diff("a\nb\nc\n", "a\nx\nc\n", "line 2: expected \"b\", got \"x\"");
	expect_diff("a\n", "a\nmore\n", "line 2: expected end of output, got \"more\"");
	expect_diff("a\nb\n", "a\n", "line 2: expected \"b\", got end of output");
	expect_diff("a\nb\n", "a\nb", "line 2: expected \"b\" with a newline at the end of output");
	expect_diff("a\nb", "a\nb\n",
		    "line 2: expected \"b\" without a newline at the end of output");
	expect_diff("tab\there\n", "tab here\n",
		    "line 1: expected \"tab\\there\", got \"tab here\"");
}
END_TEST

Suite *batch_suite(void)
{
	Suite *s = suite_create("batch");
	TCase *tc = tcase_create("batch");
	tcase_add_test(tc, split_words_quoting);
	tcase_add_test(tc, escape_for_report);
	tcase_add_test(tc, shquote_round_trip);
	tcase_add_test(tc, compare_outputs);
	suite_add_tcase(s, tc);
	return s;
}
