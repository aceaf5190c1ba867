/*
 * buf: a growable byte buffer, the one way ucjob builds new file contents
 * and output.  Allocation failure is fatal (err(3)): ucjob has nothing
 * sensible to do without memory, and it holds no lock at that point that
 * the kernel would not drop.
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
