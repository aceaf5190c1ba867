/*
 * buf: a growable byte buffer, the one way ucjob builds new file contents
 * and output.  Allocation failure is fatal, as everywhere (xmalloc.h).
 */
#ifndef UCJOB_BUF_H
#define UCJOB_BUF_H

#include <stddef.h>

struct buf {
	char	*data;	/* always NUL-terminated when non-NULL */
	size_t	 len;
	size_t	 cap;
};

void	buf_reserve(struct buf *b, size_t extra);
void	buf_add(struct buf *b, const void *p, size_t n);
void	buf_adds(struct buf *b, const char *s);
void	buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	buf_free(struct buf *b);

#endif
