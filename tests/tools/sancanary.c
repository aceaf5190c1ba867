/*
 * sancanary: a program that does one wrong thing on purpose, so that
 * tests/run.sh can show, before trusting a `make check SANITIZE=1` run,
 * that AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer
 * really report and that their reports really fail the run.  It is built
 * with the same flags as ucjob and never linked into ucjob.
 *
 *	sancanary overflow|leak|undefined
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Volatile, so the compiler can neither see the error nor warn about it. */
static volatile size_t index_past_end = 8;
static volatile int big = INT_MAX;
static void *volatile kept;

int
main(int argc, char *argv[])
{
	char *p;

	if (argc != 2) {
		fprintf(stderr, "usage: sancanary overflow|leak|undefined\n");
		return 2;
	}
	if (strcmp(argv[1], "overflow") == 0) {
		if ((p = malloc(8)) == NULL)
			return 1;
		p[index_past_end] = 'x';	/* one byte past the block */
		free(p);
	} else if (strcmp(argv[1], "leak") == 0) {
		kept = malloc(64);
		kept = NULL;			/* the only pointer is gone */
	} else if (strcmp(argv[1], "undefined") == 0) {
		printf("%d\n", big + 1);	/* signed overflow */
	} else {
		fprintf(stderr, "sancanary: unknown mode %s\n", argv[1]);
		return 2;
	}
	return 0;
}
