/*
 * fuzz_credentials: libFuzzer target for the credentials file reader
 * (credentials.h) and the token form check.  The first byte picks the
 * site looked up; the rest is the file.
 *
 * A token found must be of a known form, hold no blank or control
 * character and be NUL-terminated within its buffer; a refusal never
 * returns a token and names no more than a line.  abort() otherwise,
 * which libFuzzer reports as a crash.
 *
 * Never linked into ucjob; built by tests/fuzz/run.sh (make fuzz).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credentials.h"

static const char *const sites[] = { "*", "aau", "lab-1", "x.y_z" };

static void
broken(const char *what)
{
	fprintf(stderr, "fuzz_credentials: invariant broken: %s\n", what);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char token[CRED_TOKEN_MAX], why[256], *copy;
	const char *site;
	long long expires;
	size_t i;
	int rc;

	if (size == 0)
		return 0;
	site = sites[data[0] % (sizeof(sites) / sizeof(sites[0]))];
	/* An exact-size copy, so ASan sees any read past the end. */
	if ((copy = malloc(size - 1 == 0 ? 1 : size - 1)) == NULL)
		return 0;
	memcpy(copy, data + 1, size - 1);
	memset(why, 'X', sizeof(why));
	why[sizeof(why) - 1] = '\0';
	rc = credentials_parse(copy, size - 1, site, token, sizeof(token),
	    &expires, why, sizeof(why));
	if (memchr(token, '\0', sizeof(token)) == NULL)
		broken("token not terminated");
	if (rc == 1) {
		if (token_kind(token) == TOKEN_BAD)
			broken("a token of no known form was returned");
		for (i = 0; token[i] != '\0'; i++)
			if ((unsigned char)token[i] <= 0x20 ||
			    token[i] == 0x7f)
				broken("a blank or control character in a "
				    "token");
		if (expires < -1)
			broken("a negative expiry");
		/* Past 15 digits an expiry is unknown, never wrapped. */
		if (expires >= 1000000000000000LL)
			broken("an expiry past 15 digits");
	} else if (rc == 0) {
		if (token[0] != '\0')
			broken("no token found, but one returned");
	} else if (rc == -1) {
		if (token[0] != '\0')
			broken("a refused file returned a token");
		if (strncmp(why, "line ", 5) != 0)
			broken("a refusal that names no line");
	} else
		broken("an unknown result");
	free(copy);

	/* The form check alone, on the whole input as a string. */
	if ((copy = malloc(size + 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	if (token_kind(copy) != TOKEN_BAD && (strchr(copy, ' ') != NULL ||
	    strchr(copy, '\n') != NULL || strlen(copy) >= CRED_TOKEN_MAX))
		broken("a token form with a blank or too long");
	free(copy);
	return 0;
}
