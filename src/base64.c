/*
 * base64: the decoder for the salts and hashes of hashed known_hosts
 * lines.  It accepts exactly the canonical padded form and never looks
 * past len.
 */
#include "base64.h"

/* The 6-bit value of c, or -1 when c is not in the alphabet. */
static int
sextet(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

long
base64_decode(const char *in, size_t len, unsigned char *out, size_t outsize)
{
	unsigned long v;
	size_t i, n = 0;
	int j, s, pad, bytes;

	if (len % 4 != 0)
		return -1;
	for (i = 0; i < len; i += 4) {
		v = 0;
		pad = 0;
		for (j = 0; j < 4; j++) {
			if (in[i + j] == '=') {
				/* Only the last one or two of the text. */
				if (i + 4 != len || j < 2)
					return -1;
				pad++;
				s = 0;
			} else if (pad > 0 || (s = sextet(in[i + j])) < 0)
				return -1;
			v = v << 6 | (unsigned long)s;
		}
		bytes = 3 - pad;
		/* Bits below the last whole byte must be zero. */
		if ((pad == 1 && (v & 0xff) != 0) ||
		    (pad == 2 && (v & 0xffff) != 0))
			return -1;
		if (outsize - n < (size_t)bytes)
			return -1;
		out[n++] = (unsigned char)(v >> 16);
		if (bytes > 1)
			out[n++] = (unsigned char)(v >> 8);
		if (bytes > 2)
			out[n++] = (unsigned char)v;
	}
	return (long)n;
}
