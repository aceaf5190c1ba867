/*
 * suggest: the one name of a short list nearest to a mistyped word, for
 * "did you mean ...?" hints (an unknown command, a key file that is not
 * there).  Pure functions; no I/O.
 */
#ifndef UCJOB_SUGGEST_H
#define UCJOB_SUGGEST_H

#include <stddef.h>

#define SUGGEST_MAX	64	/* longer words get no suggestion */

/*
 * The name of names[0..n) within two edits of word (insertions,
 * deletions, substitutions and swaps of two neighbours) and closer than
 * word is long, or NULL when there is none or two are equally near.
 */
const char *suggest_nearest(const char *word, const char *const names[],
	    size_t n);

#endif
