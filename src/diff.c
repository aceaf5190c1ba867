/*
 * diff: unified diff with three lines of context.  The common head and
 * tail are trimmed, then Myers' O(ND) shortest edit script finds the
 * changed lines in between, so that one changed line shows as one line
 * and changes far apart get hunks of their own.
 */
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "xmalloc.h"

#define CONTEXT	3
#define MAX_EDITS	1000	/* beyond: the middle as one change */

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

/*
 * The shortest edit script from a's lines [a0, a1) to b's [b0, b1) into
 * ops ('=' keep, '-' delete, '+' insert, in order); returns its length,
 * or 0 when more than MAX_EDITS edits would be needed.
 */
static size_t
edit_script(const struct lines *a, size_t a0, size_t a1,
    const struct lines *b, size_t b0, size_t b1, char *ops)
{
	long n = (long)(a1 - a0), m = (long)(b1 - b0), d, k, x, y, px;
	long off = MAX_EDITS + 1, *v, **trace;
	size_t len = 0, i, ntrace;
	int down, found = 0;

	v = xreallocarray(NULL, 2 * (size_t)off + 1, sizeof(*v));
	trace = xreallocarray(NULL, MAX_EDITS + 1, sizeof(*trace));
	v[off + 1] = 0;
	for (d = 0; d <= MAX_EDITS && !found; d++) {
		for (k = -d; k <= d; k += 2) {
			if (k == -d || (k != d && v[off + k - 1] <
			    v[off + k + 1]))
				x = v[off + k + 1];
			else
				x = v[off + k - 1] + 1;
			y = x - k;
			while (x < n && y < m && line_eq(a, a0 + (size_t)x, b,
			    b0 + (size_t)y))
				x++, y++;
			v[off + k] = x;
			if (x >= n && y >= m)
				found = 1;
		}
		trace[d] = xreallocarray(NULL, 2 * (size_t)d + 1, sizeof(long));
		memcpy(trace[d], v + off - d, (2 * (size_t)d + 1) *
		    sizeof(long));
	}
	ntrace = (size_t)d;
	if (found) {
		/* Walk back from the end, writing ops in reverse. */
		x = n;
		y = m;
		for (d--; d > 0; d--) {
			const long *pv = trace[d - 1] + (d - 1);	/* pv[k] */

			k = x - y;
			down = k == -d || (k != d && pv[k - 1] < pv[k + 1]);
			px = down ? pv[k + 1] : pv[k - 1];
			k = down ? k + 1 : k - 1;
			while (x > px + (down ? 0 : 1) && y > px - k +
			    (down ? 1 : 0)) {
				ops[len++] = '=';
				x--, y--;
			}
			ops[len++] = down ? '+' : '-';
			if (down)
				y--;
			else
				x--;
		}
		while (x > 0) {
			ops[len++] = '=';
			x--;
		}
		for (i = 0; i < len / 2; i++) {
			char c = ops[i];

			ops[i] = ops[len - 1 - i];
			ops[len - 1 - i] = c;
		}
	}
	for (i = 0; i < ntrace; i++)
		free(trace[i]);
	free(trace);
	free(v);
	return len;
}

/* Print the hunk of ops [from, to), which starts at lines ai and bi. */
static void
put_hunk(struct buf *out, const char *ops, size_t from, size_t to,
    const struct lines *a, size_t ai, const struct lines *b, size_t bi)
{
	size_t i, na = 0, nb = 0;

	for (i = from; i < to; i++) {
		na += ops[i] != '+';
		nb += ops[i] != '-';
	}
	buf_adds(out, "@@ -");
	put_range(out, ai, na);
	buf_adds(out, " +");
	put_range(out, bi, nb);
	buf_adds(out, " @@\n");
	for (i = from; i < to; i++) {
		if (ops[i] == '+')
			put_line(out, '+', b, bi++);
		else {
			put_line(out, ops[i] == '=' ? ' ' : '-', a, ai++);
			bi += ops[i] == '=';
		}
	}
}

int
diff_unified(const char *at, size_t alen, const char *bt, size_t blen,
    const char *label, struct buf *out)
{
	struct lines a, b;
	size_t pre = 0, suf = 0, nops, i, j, end, ai, bi, hai, hbi;
	char *ops;

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
	/* Every line as one op: the common head, the middle, the tail. */
	ops = xmalloc(a.n + b.n + 1);
	memset(ops, '=', pre);
	nops = edit_script(&a, pre, a.n - suf, &b, pre, b.n - suf, ops + pre);
	if (nops == 0) {
		memset(ops + pre, '-', a.n - suf - pre);
		memset(ops + a.n - suf, '+', b.n - suf - pre);
		nops = a.n + b.n - 2 * suf - 2 * pre;
	}
	nops += pre;
	memset(ops + nops, '=', suf);
	nops += suf;
	while (*label == '/')
		label++;
	buf_printf(out, "--- a/%s\n+++ b/%s\n", label, label);
	/* Hunks: each change with CONTEXT lines around it, changes closer
	 * than twice that in one hunk. */
	for (i = ai = bi = 0; i < nops; ) {
		if (ops[i] == '=') {
			i++, ai++, bi++;
			continue;
		}
		j = i;
		for (end = i; end < nops; end++) {
			if (ops[end] != '=') {
				j = end + 1;
				continue;
			}
			if (end - j >= 2 * CONTEXT)
				break;
		}
		end = j + CONTEXT < nops ? j + CONTEXT : nops;
		hai = ai >= CONTEXT ? ai - CONTEXT : 0;
		hbi = bi - (ai - hai);
		put_hunk(out, ops, i - (ai - hai), end, &a, hai, &b, hbi);
		for (; i < end; i++) {
			ai += ops[i] != '+';
			bi += ops[i] != '-';
		}
	}
	free(ops);
	free(a.off);
	free(b.off);
	return 1;
}
