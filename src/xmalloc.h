/*
 * xmalloc: allocation that cannot fail.  Running out of memory is fatal
 * in one way everywhere: "ucjob: out of memory" and exit 1.  ucjob holds
 * nothing at that point that the kernel would not release (a lock is a
 * file lock, a temporary is removed by the next run).
 */
#ifndef UCJOB_XMALLOC_H
#define UCJOB_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t size);
void	*xcalloc(size_t nmemb, size_t size);
void	*xreallocarray(void *p, size_t nmemb, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
/* A formatted string in new memory. */
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
