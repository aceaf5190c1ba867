/*
 * diff: a unified diff of two texts, for --dry-run.  Pure: it writes into
 * a buffer.  Only the lines that changed are shown, in one hunk per
 * group of nearby changes (a line diff, not a whole changed region).
 */
#ifndef UCJOB_DIFF_H
#define UCJOB_DIFF_H

#include <stddef.h>

#include "buf.h"

/* Append the diff of a to b (labelled a/LABEL and b/LABEL) to out; nothing
 * when they are equal.  Returns whether they differ. */
int	diff_unified(const char *a, size_t alen, const char *b, size_t blen,
	    const char *label, struct buf *out);

#endif
