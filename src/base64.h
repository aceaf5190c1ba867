/*
 * base64: decoding of the standard alphabet (RFC 4648 section 4), strict
 * as OpenSSH reads known_hosts: padding required, no blanks, and the
 * unused bits of the last quantum zero, so that one byte string has one
 * text.  Pure: no I/O, no allocation.  No encoder: ucjob never writes
 * base64.
 */
#ifndef UCJOB_BASE64_H
#define UCJOB_BASE64_H

#include <stddef.h>

/* The most bytes len characters of base64 can decode to. */
#define BASE64_DECODED_MAX(len)	((len) / 4 * 3)

/*
 * Decode the len characters at in into out (room for outsize bytes).
 * Returns the number of bytes, or -1 when the text is not canonical
 * padded base64 or does not fit.
 */
long	base64_decode(const char *in, size_t len, unsigned char *out,
	    size_t outsize);

#endif
