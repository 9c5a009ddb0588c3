/*
 * String processing over a fixed text: word splitting and counting,
 * reversing words, palindromes, case mapping, searching and number parsing,
 * through most of string.h, ctype.h and the strto* functions.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char text[] =
    "A man a plan a canal Panama. Was it a car or a cat I saw? No lemon, no melon.\n"
    "The quick brown fox jumps over the lazy dog; the dog sleeps, the fox runs.\n"
    "Madam Arora teaches malayalam, and a level radar sees a racecar at noon.\n"
    "Step on no pets! Never odd or even. Eva, can I see bees in a cave?\n";

#define MAX_WORDS 128

struct count {
	char *word;
	int n;
};

/* Splits s in place at every character in seps; returns the number of words. */
static int split(char *s, const char *seps, char **words, int max)
{
	int n = 0;

	while (*s && n < max) {
		while (*s && strchr(seps, *s))
			s++;
		if (!*s)
			break;
		words[n++] = s;
		while (*s && !strchr(seps, *s))
			s++;
		if (*s)
			*s++ = 0;
	}
	return n;
}

static void reverse(char *s, int n)
{
	for (int i = 0, j = n - 1; i < j; i++, j--) {
		char t = s[i];

		s[i] = s[j];
		s[j] = t;
	}
}

/* A palindrome ignoring case and everything but letters and digits. */
static int is_palindrome(const char *s, int n)
{
	int i = 0, j = n - 1, letters = 0;

	while (i < j) {
		if (!isalnum(s[i])) {
			i++;
		} else if (!isalnum(s[j])) {
			j--;
		} else {
			if (tolower(s[i]) != tolower(s[j]))
				return 0;
			letters++;
			i++;
			j--;
		}
	}
	return letters >= 2;
}

static int by_count(const void *a, const void *b)
{
	const struct count *x = a, *y = b;

	if (x->n != y->n)
		return y->n - x->n;
	return strcmp(x->word, y->word);
}

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower(*s);
}

int main(void)
{
	char *copy = strdup(text), *lines[16], *words[MAX_WORDS];
	struct count counts[MAX_WORDS];
	int nlines, nwords, ncounts = 0, letters = 0, digits = 0, spaces = 0, punct = 0;
	char buf[256];

	for (const char *p = text; *p; p++) {
		letters += isalpha(*p) != 0;
		digits += isdigit(*p) != 0;
		spaces += isspace(*p) != 0;
		punct += ispunct(*p) != 0;
	}
	printf("chars %d letters %d digits %d spaces %d punct %d\n", (int)strlen(text), letters,
	       digits, spaces, punct);

	/* Sentences that are palindromes, then every line with its words reversed. */
	nlines = split(copy, "\n", lines, 16);
	for (int i = 0; i < nlines; i++) {
		char *sentences[16];
		int n;

		strcpy(buf, lines[i]);
		n = split(buf, ".?!;", sentences, 16);
		for (int k = 0; k < n; k++) {
			char *s = sentences[k];

			while (*s == ' ')
				s++;
			printf("%-12s \"%s\"\n", is_palindrome(s, strlen(s)) ? "palindrome" : "not",
			       s);
		}
	}
	for (int i = 0; i < nlines; i++) {
		char *w[32], out[256] = "";
		int n;

		strncpy(buf, lines[i], sizeof(buf) - 1);
		buf[sizeof(buf) - 1] = 0;
		n = split(buf, " ", w, 32);
		for (int k = n - 1; k >= 0; k--) {
			strcat(out, w[k]);
			if (k)
				strcat(out, " ");
		}
		printf("reversed: %s\n", out);
	}

	/* Word frequencies, most frequent first. */
	free(copy);
	copy = strdup(text);
	lower(copy);
	nwords = split(copy, " \n.,;?!", words, MAX_WORDS);
	for (int i = 0; i < nwords; i++) {
		int k;

		for (k = 0; k < ncounts && strcmp(counts[k].word, words[i]); k++)
			;
		if (k == ncounts) {
			counts[ncounts].word = words[i];
			counts[ncounts++].n = 0;
		}
		counts[k].n++;
	}
	qsort(counts, ncounts, sizeof(counts[0]), by_count);
	printf("%d words, %d distinct; top:", nwords, ncounts);
	for (int i = 0; i < 8; i++)
		printf(" %s=%d", counts[i].word, counts[i].n);
	printf("\n");
	for (int i = 0; i < nwords; i++) {
		int n = strlen(words[i]);

		if (n >= 5 && is_palindrome(words[i], n))
			printf("palindromic word: %s\n", words[i]);
	}

	/* Words reversed in place, each letter-palindrome checked against its reverse. */
	strcpy(buf, "stressed desserts drawer reward deliver reviled");
	nwords = split(buf, " ", words, MAX_WORDS);
	for (int i = 0; i < nwords; i += 2) {
		char *r = strdup(words[i]);

		reverse(r, strlen(r));
		printf("%s reversed is %s: %s\n", words[i], r,
		       strcmp(r, words[i + 1]) ? "no match" : "matches");
		free(r);
	}

	/* Searching. */
	{
		int the = 0;

		for (const char *p = text; (p = strstr(p, "the")); p++)
			the++;
		printf("strstr fox: %d, 'the' %d times, strrchr o: %d, memchr ';': %d\n",
		       (int)(strstr(text, "fox") - text), the, (int)(strrchr(text, 'o') - text),
		       (int)((char *)memchr(text, ';', sizeof(text)) - text));
	}
	printf("strncmp %d %d %d, strcmp sign %d %d\n", strncmp("abcdef", "abcxyz", 3),
	       strncmp("abc", "abd", 3) < 0, strncmp("", "", 5), strcmp("b", "a") > 0,
	       strcmp("a", "ab") < 0);
	printf("strstr(\"%s\") %s\n", "zebra", strstr(text, "zebra") ? "found" : "absent");

	/* Number parsing. */
	{
		static const char *nums[] = {"42",	   "  -17 apples", "0x1fF",
					     "0755",	   "+8",	   "junk",
					     "2147483647", "-2147483648",  "99999999999"};

		for (unsigned i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
			char *end;
			long v = strtol(nums[i], &end, 0);

			printf("strtol(\"%s\") = %ld, rest \"%s\", atoi %d\n", nums[i], v, end,
			       atoi(nums[i]));
		}
		printf("strtoul(\"ffffffff\", 16) = %lu, base 2 \"101101\" = %lu, base 36 \"zz\" = "
		       "%lu\n",
		       strtoul("ffffffff", NULL, 16), strtoul("101101", NULL, 2),
		       strtoul("zz", NULL, 36));
	}

	/* Building strings. */
	{
		char line[64];
		int n = 0;

		for (int i = 1; i <= 10; i++)
			n += snprintf(line + n, sizeof(line) - n, "%d%s", i * i, i < 10 ? "," : "");
		printf("squares: %s (%d chars)\n", line, n);
		for (int i = 0; line[i]; i++)
			line[i] = (char)toupper(line[i] == ',' ? ';' : line[i]);
		memmove(line + 2, line, strlen(line) + 1);
		memset(line, '#', 2);
		printf("shifted: %s\n", line);
	}
	free(copy);
	return 0;
}
