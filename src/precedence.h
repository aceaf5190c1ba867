/*
 * precedence: which line of an ssh config gives an option its value for
 * a host, read the way ssh reads it: the first value obtained wins, Host
 * sections apply when one of their patterns matches the name as typed,
 * Include pulls in files where it stands.  Pure functions over text:
 * files named by Include are read by the caller's callback, so the unit
 * tests need no files.  Match criteria that cannot be judged from the
 * text (exec, user, ...) count as matching: such a section is named as
 * one that may win.
 */
#ifndef UCJOB_PRECEDENCE_H
#define UCJOB_PRECEDENCE_H

#include <stddef.h>

#include "paths.h"

#define PRECEDENCE_MAX_DEPTH	16	/* ssh's own Include nesting limit */

struct precedence_hit {
	char		file[PATH_LEN];	/* filled by the caller */
	unsigned long	line;		/* 1-based */
	char		text[256];	/* the line, trimmed */
};

enum precedence_result {
	PREC_NONE,	/* nothing sets the option */
	PREC_HERE,	/* a line of this text does: hit->line, hit->text */
	PREC_INCLUDED,	/* an included file does: the callback filled hit */
	PREC_STOP	/* reached the file that holds the entry */
};

struct precedence_query;

/*
 * Called for an Include that applies, once per pattern as written (quotes
 * removed).  It expands the pattern, scans each file with precedence_scan
 * at depth + 1, and returns what that found.
 */
typedef enum precedence_result (*precedence_include_fn)(const char *pattern,
	    const struct precedence_query *q, struct precedence_hit *hit);

struct precedence_query {
	const char		*alias;		/* the name as typed */
	const char		*hostname;	/* Match host sees it; or NULL */
	const char		*keyword;	/* case-insensitive */
	precedence_include_fn	 include;	/* NULL: Include is skipped */
	void			*arg;		/* for the callback */
	int			 depth;		/* 0 for the main config */
};

/*
 * Scan text[0, stop) for the first line that sets q->keyword for the host
 * (at the top level, in a matching Host section, or in a Match section
 * that may apply), following Include lines through q->include.
 */
enum precedence_result precedence_scan(const char *text, size_t len,
	    size_t stop, const struct precedence_query *q,
	    struct precedence_hit *hit);

/*
 * The first Include line that stands inside a Host or Match section of
 * text (so it applies only to that section, which is rarely meant):
 * returns 1 and fills hit->line and hit->text, else 0.
 */
int	precedence_nested_include(const char *text, size_t len,
	    struct precedence_hit *hit);

/*
 * The first Host line of text outside [skip_start, skip_end) (the block)
 * that lists alias itself as a pattern, as a hand-written entry of the
 * same name does: returns 1 and fills hit->line and hit->text, else 0.
 */
int	precedence_same_name(const char *text, size_t len, size_t skip_start,
	    size_t skip_end, const char *alias, struct precedence_hit *hit);

/* ssh's pattern match: '*' and '?'; case-insensitive when fold is set. */
int	precedence_match(const char *pattern, size_t plen, const char *s,
	    int fold);

#endif
