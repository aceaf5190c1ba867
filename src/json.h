/*
 * json: the one JSON string writer (list --json, check --json).
 */
#ifndef UCJOB_JSON_H
#define UCJOB_JSON_H

#include <stddef.h>

#include "buf.h"

/* Append s[0, n) as a JSON string, or null when s is NULL: '"' and '\'
 * escaped, control characters as \u00XX, other bytes as they are. */
void	json_quote(struct buf *out, const char *s, size_t n);

#endif
