/*
 * suggest: "did you mean" by the optimal string alignment distance.
 */
#include <string.h>

#include "suggest.h"

#define SUGGEST_EDITS	2	/* the most edits a suggestion may be away */

/* The distance of a and b, both shorter than SUGGEST_MAX. */
static size_t
distance(const char *a, const char *b)
{
	static size_t d[SUGGEST_MAX + 1][SUGGEST_MAX + 1];
	size_t i, j, la = strlen(a), lb = strlen(b), best;

	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

const char *
suggest_nearest(const char *word, const char *const names[], size_t n)
{
	const char *best = NULL;
	size_t i, dist, bestdist = SUGGEST_EDITS, len = strlen(word);
	int tie = 0;

	if (len >= SUGGEST_MAX)
		return NULL;
	for (i = 0; i < n; i++) {
		if (strlen(names[i]) >= SUGGEST_MAX ||
		    strcmp(word, names[i]) == 0)
			continue;
		dist = distance(word, names[i]);
		if (dist > bestdist || dist >= len)
			continue;
		if (best != NULL && dist == bestdist) {
			tie = 1;
			continue;
		}
		best = names[i];
		bestdist = dist;
		tie = 0;
	}
	return tie ? NULL : best;
}
