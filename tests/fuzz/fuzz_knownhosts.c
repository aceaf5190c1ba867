/*
 * fuzz_knownhosts: libFuzzer target for the in-process reading of
 * known-hosts files (knownhosts.h known_hosts_may_name) and the strict
 * base64 decoder under it (base64.h).  The input is a length byte N, N
 * bytes of a name, and the text of a known-hosts file, handed over
 * without a NUL after it so that ASan sees any read past the end.
 *
 *   - a line "NAME KEY" added after the text, in the clear, in another
 *     ASCII case, or hashed as |1|SALT|HMAC-SHA1(SALT, NAME) with a salt
 *     from the input, must be found (else ucjob would skip the
 *     ssh-keygen -R that forgets a job's key);
 *   - what base64_decode accepts is canonical: encoding the bytes again
 *     gives back exactly the text, and they fit the bounds it promises.
 *
 * abort() otherwise, which libFuzzer reports as a crash.  Never linked
 * into ucjob; built by tests/fuzz/run.sh (make fuzz).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "knownhosts.h"
#include "sha1.h"
#include "validate.h"

#define KEY	"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
broken(const char *what, const char *name)
{
	fprintf(stderr, "fuzz_knownhosts: invariant broken: %s (name '%s')\n",
	    what, name);
	abort();
}

/* Standard padded base64 of n bytes into out (4 * ceil(n / 3) + 1). */
static size_t
encode(const unsigned char *in, size_t n, char *out)
{
	size_t i, o = 0;
	unsigned long v;

	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned long)in[i] << 16 | in[i + 1] << 8 | in[i + 2];
		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = alphabet[v >> 6 & 63];
		out[o++] = alphabet[v & 63];
	}
	if (n - i == 1) {
		v = (unsigned long)in[i] << 16;
		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = '=';
		out[o++] = '=';
	} else if (n - i == 2) {
		v = (unsigned long)in[i] << 16 | in[i + 1] << 8;
		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = alphabet[v >> 6 & 63];
		out[o++] = '=';
	}
	out[o] = '\0';
	return o;
}

/* Whether text followed by line (exact bytes, no NUL) names name. */
static int
found_after(const char *text, size_t len, const char *line, const char *name)
{
	size_t n = strlen(line);
	char *all;
	int r;

	if ((all = malloc(len + 1 + n)) == NULL)
		abort();
	memcpy(all, text, len);
	all[len] = '\n';
	memcpy(all + len + 1, line, n);
	r = known_hosts_may_name(all, len + 1 + n, name);
	free(all);
	return r;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char salt[SHA1_DIGEST_LEN], mac[SHA1_DIGEST_LEN], *dec;
	char name[64], upper[64], line[512], s64[64], m64[64], *text, *again;
	size_t n, len, i;
	long got;

	if (size == 0)
		return 0;
	n = data[0] % 32;
	if (size < 1 + n)
		return 0;
	memcpy(name, data + 1, n);
	name[n] = '\0';
	len = size - 1 - n;
	if ((text = malloc(len > 0 ? len : 1)) == NULL)
		return 0;
	memcpy(text, data + 1 + n, len);

	(void)known_hosts_may_name(text, len, name);
	if (alias_valid(name)) {
		snprintf(line, sizeof(line), "%s %s\n", name, KEY);
		if (found_after(text, len, line, name) != 1)
			broken("a clear line naming it is not found", name);
		for (i = 0; name[i] != '\0'; i++)
			upper[i] = name[i] >= 'a' && name[i] <= 'z' ?
			    name[i] - 'a' + 'A' : name[i];
		upper[i] = '\0';
		snprintf(line, sizeof(line), "%s %s", upper, KEY);
		if (found_after(text, len, line, name) != 1)
			broken("a line naming it in capitals is not found", name);
		for (i = 0; i < sizeof(salt); i++)
			salt[i] = (unsigned char)(len > 0 ? text[i % len] : i);
		hmac_sha1(salt, sizeof(salt), name, strlen(name), mac);
		encode(salt, sizeof(salt), s64);
		encode(mac, sizeof(mac), m64);
		snprintf(line, sizeof(line), "|1|%s|%s %s\n", s64, m64, KEY);
		if (found_after(text, len, line, name) != 1)
			broken("a hashed line naming it is not found", name);
	}

	/* The decoder on the same bytes. */
	if ((dec = malloc(BASE64_DECODED_MAX(len) + 1)) == NULL)
		abort();
	got = base64_decode(text, len, dec, BASE64_DECODED_MAX(len) + 1);
	if (got >= 0) {
		if ((size_t)got > BASE64_DECODED_MAX(len))
			broken("decoded more than BASE64_DECODED_MAX", "");
		if ((again = malloc((size_t)got / 3 * 4 + 8)) == NULL)
			abort();
		if (encode(dec, (size_t)got, again) != len ||
		    memcmp(again, text, len) != 0)
			broken("accepted base64 that is not canonical", "");
		free(again);
	}
	free(dec);
	free(text);
	return 0;
}
