/*
 * fuzz_knownhosts: libFuzzer target for the plain reading of known-hosts
 * files (knownhosts.h known_hosts_scan).  The input is a length byte N,
 * N bytes of a name, and the text of a known-hosts file, handed over
 * without a NUL after it so that ASan sees any read past the end.
 *
 *   - a line "NAME KEY" added after the text, in the clear or in
 *     another ASCII case, must be found (KNOWN_LISTED);
 *   - a hashed line added after it must never leave the text
 *     KNOWN_ABSENT (else ucjob would skip the ssh-keygen -R that
 *     forgets a job's key).
 *
 * abort() otherwise, which libFuzzer reports as a crash.  Never linked
 * into ucjob; built by tests/fuzz/run.sh (make fuzz).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "knownhosts.h"
#include "validate.h"

#define KEY	"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"

static void
broken(const char *what, const char *name)
{
	fprintf(stderr, "fuzz_knownhosts: invariant broken: %s (name '%s')\n",
	    what, name);
	abort();
}

/* What the text followed by line (exact bytes, no NUL) says of name. */
static enum known_scan
scan_after(const char *text, size_t len, const char *line, const char *name)
{
	size_t n = strlen(line);
	enum known_scan r;
	char *all;

	if ((all = malloc(len + 1 + n)) == NULL)
		abort();
	memcpy(all, text, len);
	all[len] = '\n';
	memcpy(all + len + 1, line, n);
	r = known_hosts_scan(all, len + 1 + n, name);
	free(all);
	return r;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[64], upper[64], line[512], *text;
	size_t n, len, i;

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

	(void)known_hosts_scan(text, len, name);
	if (alias_valid(name)) {
		snprintf(line, sizeof(line), "%s %s\n", name, KEY);
		if (scan_after(text, len, line, name) != KNOWN_LISTED)
			broken("a clear line naming it is not found", name);
		for (i = 0; name[i] != '\0'; i++)
			upper[i] = name[i] >= 'a' && name[i] <= 'z' ?
			    name[i] - 'a' + 'A' : name[i];
		upper[i] = '\0';
		snprintf(line, sizeof(line), "%s %s", upper, KEY);
		if (scan_after(text, len, line, name) != KNOWN_LISTED)
			broken("a line naming it in capitals is not found", name);
		snprintf(line, sizeof(line), "|1|JX3A9pLbeKtdHh5ZyQ1CThXwrZI="
		    "|gFUgWUOBwAJD3xA2eGJWXAT3W0A= %s\n", KEY);
		if (scan_after(text, len, line, name) == KNOWN_ABSENT)
			broken("a hashed line is passed over", name);
	}
	free(text);
	return 0;
}
