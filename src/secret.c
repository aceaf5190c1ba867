/*
 * secret: see secret.h.  Writes through a volatile pointer, which
 * compilers must keep, rather than explicit_bzero, which not every libc
 * (mingw's) has.
 */
#include "secret.h"

void
secret_wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n-- > 0)
		*v++ = 0;
}
