/*
 * secret: clearing a token from memory once it is no longer needed, in
 * a way the compiler cannot drop as a dead store.
 */
#ifndef UCJOB_SECRET_H
#define UCJOB_SECRET_H

#include <stddef.h>

/* Zero n bytes at p (p may be NULL when n is 0). */
void	secret_wipe(void *p, size_t n);

#endif
