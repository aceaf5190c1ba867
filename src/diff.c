/*
 * diff: unified diff with three lines of context around one hunk.
 */
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "xmalloc.h"

#define CONTEXT	3

struct lines {
	const char	*text;
	size_t		*off;	/* n + 1 offsets: line i is [off[i], off[i+1]) */
	size_t		 n;
};

static void
lines_split(const char *t, size_t len, struct lines *l)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (t[i] == '\n')
			n++;
	if (len > 0 && t[len - 1] != '\n')
		n++;
	l->off = xreallocarray(NULL, n + 1, sizeof(size_t));
	l->text = t;
	l->n = 0;
	l->off[0] = 0;
	for (i = 0; i < len; i++)
		if (t[i] == '\n')
			l->off[++l->n] = i + 1;
	if (len > 0 && t[len - 1] != '\n')
		l->off[++l->n] = len;
}

static int
line_eq(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	size_t na = a->off[i + 1] - a->off[i], nb = b->off[j + 1] - b->off[j];

	return na == nb && memcmp(a->text + a->off[i], b->text + b->off[j],
	    na) == 0;
}

static void
put_line(struct buf *out, char mark, const struct lines *l, size_t i)
{
	size_t n = l->off[i + 1] - l->off[i];

	buf_add(out, &mark, 1);
	buf_add(out, l->text + l->off[i], n);
	if (n == 0 || l->text[l->off[i] + n - 1] != '\n')
		buf_adds(out, "\n\\ No newline at end of file\n");
}

/* Unified diff ranges: "start,count", start one-based, or the line
 * before when count is 0. */
static void
put_range(struct buf *out, size_t start, size_t count)
{
	if (count == 1)
		buf_printf(out, "%zu", start + 1);
	else
		buf_printf(out, "%zu,%zu", count ? start + 1 : start, count);
}

int
diff_unified(const char *at, size_t alen, const char *bt, size_t blen,
    const char *label, struct buf *out)
{
	struct lines a, b;
	size_t pre = 0, suf = 0, from, ato, bto, i;

	lines_split(at, alen, &a);
	lines_split(bt, blen, &b);
	while (pre < a.n && pre < b.n && line_eq(&a, pre, &b, pre))
		pre++;
	while (suf < a.n - pre && suf < b.n - pre &&
	    line_eq(&a, a.n - 1 - suf, &b, b.n - 1 - suf))
		suf++;
	if (pre == a.n && pre == b.n) {
		free(a.off);
		free(b.off);
		return 0;
	}
	from = pre > CONTEXT ? pre - CONTEXT : 0;
	ato = a.n - suf + (suf > CONTEXT ? CONTEXT : suf);
	bto = b.n - suf + (suf > CONTEXT ? CONTEXT : suf);
	while (*label == '/')
		label++;
	buf_printf(out, "--- a/%s\n+++ b/%s\n@@ -", label, label);
	put_range(out, from, ato - from);
	buf_adds(out, " +");
	put_range(out, from, bto - from);
	buf_adds(out, " @@\n");
	for (i = from; i < pre; i++)
		put_line(out, ' ', &a, i);
	for (i = pre; i < a.n - suf; i++)
		put_line(out, '-', &a, i);
	for (i = pre; i < b.n - suf; i++)
		put_line(out, '+', &b, i);
	for (i = a.n - suf; i < ato; i++)
		put_line(out, ' ', &a, i);
	free(a.off);
	free(b.off);
	return 1;
}
