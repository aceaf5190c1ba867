/*
 * paste_input: where a pasted ssh command comes from when it is not on
 * the command line: standard input (`add -`) or the clipboard
 * (`add --from-clipboard`).  One line is parsed as it is (a bare port
 * too); of several lines, the one ssh command among them is used.  Each
 * reader hands the text to pasted_parse (pasted.h) and returns a reason
 * instead of printing.
 */
#ifndef UCJOB_PASTE_INPUT_H
#define UCJOB_PASTE_INPUT_H

#include <stddef.h>
#include <stdio.h>

#include "pasted.h"

#define PASTE_MAX	65536	/* bytes of one pasted line */

enum paste_result {
	PASTE_OK,
	PASTE_BAD,	/* the text is no ssh command: a usage error */
	PASTE_FAIL	/* the source could not be read */
};

/* The text on fp (blank lines ignored), parsed into t. */
enum paste_result paste_from_stream(FILE *fp, struct target *t, char *why,
	    size_t whylen);

/* The clipboard's text (clipboard.h setting), read as paste_from_stream
 * reads its text, parsed into t. */
enum paste_result paste_from_clipboard(const char *setting,
	    struct target *t, char *why, size_t whylen);

#endif
