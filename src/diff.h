/*
 * diff: a unified diff of two texts, for --dry-run.  Pure: it writes into
 * a buffer.  The changed region is found by trimming the common head and
 * tail, which is exact for ucjob's edits (one insertion, replacement or
 * removal) and still a correct, appliable diff for several.
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
