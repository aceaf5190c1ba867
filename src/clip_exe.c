/*
 * clip_exe: UTF-8 to UTF-16LE for clip.exe, by hand so that a Linux
 * build (WSL) can do it too.  Strict: only shortest-form UTF-8 of
 * scalar values passes.
 */
#include <errno.h>
#include <stdlib.h>

#include "clip_exe.h"
#include "xmalloc.h"

/* The scalar value at s[*i] (advancing *i), or -1 when not UTF-8. */
static long
decode(const unsigned char *s, size_t len, size_t *i)
{
	unsigned char c = s[*i];
	long v, min;
	size_t n, k;

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 1;
		v = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 2;
		v = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 3;
		v = c & 0x07;
		min = 0x10000;
	} else
		return -1;
	if (len - *i <= n)
		return -1;
	for (k = 1; k <= n; k++) {
		if ((s[*i + k] & 0xc0) != 0x80)
			return -1;
		v = v << 6 | (s[*i + k] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return -1;
	*i += n + 1;
	return v;
}

static void
put16(unsigned char *out, size_t *o, long u)
{
	out[(*o)++] = (unsigned char)(u & 0xff);
	out[(*o)++] = (unsigned char)(u >> 8);
}

char *
clip_exe_encode(const char *text, size_t len, size_t *outlen)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned char *out;
	size_t i, o = 0;
	long v;

	*outlen = 0;
	/* At most two UTF-16 bytes per UTF-8 byte (4 bytes give 4). */
	if (len > ((size_t)-1) / 2 - 1) {
		errno = ENOMEM;
		return NULL;
	}
	out = xmalloc(len * 2 + 1);
	for (i = 0; i < len; ) {
		if (s[i] == '\0' || (v = decode(s, len, &i)) < 0) {
			free(out);
			errno = EILSEQ;
			return NULL;
		}
		if (v >= 0x10000) {
			v -= 0x10000;
			put16(out, &o, 0xd800 | (v >> 10));
			put16(out, &o, 0xdc00 | (v & 0x3ff));
		} else
			put16(out, &o, v);
	}
	*outlen = o;
	return (char *)out;
}
