/*
 * fuzz_parse_ssh: libFuzzer target for the parsers of OpenSSH's output
 * (parse_ssh.h): `ssh -G`, `ssh -V`, the outcome of a batch connection
 * and the first error line.  Whatever the bytes, they must not crash,
 * read or write out of bounds (ASan), and what they fill in must be
 * NUL-terminated within its buffer; an error line is one line.  abort()
 * otherwise, which libFuzzer reports as a crash.
 * (ssh-keygen's output has its own target, fuzz_parse_keygen.c.)
 *
 * Never linked into ucjob; built by tests/fuzz/run.sh (make fuzz).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse_ssh.h"

static void
broken(const char *what)
{
	fprintf(stderr, "fuzz_parse_ssh: invariant broken: %s\n", what);
	abort();
}

static void
terminated(const char *s, size_t size, const char *what)
{
	if (memchr(s, '\0', size) == NULL)
		broken(what);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ssh_options o;
	struct ssh_version v;
	enum connect_result r;
	char *text, line[512];
	size_t i;

	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	memset(&o, 0x55, sizeof(o));
	if (ssh_g_parse(text, size, &o) == 0) {
		terminated(o.hostname, sizeof(o.hostname), "hostname");
		terminated(o.user, sizeof(o.user), "user");
		terminated(o.hostkeyalias, sizeof(o.hostkeyalias),
		    "hostkeyalias");
		terminated(o.userknownhostsfile, sizeof(o.userknownhostsfile),
		    "userknownhostsfile");
		terminated(o.stricthostkeychecking,
		    sizeof(o.stricthostkeychecking), "stricthostkeychecking");
		if (o.nidentity > SSH_MAX_IDENTITIES)
			broken("too many identities");
		for (i = 0; i < o.nidentity; i++)
			terminated(o.identity[i], sizeof(o.identity[i]),
			    "identity");
	}

	memset(&v, 0x55, sizeof(v));
	if (ssh_version_parse(text, &v) == 0) {
		terminated(v.text, sizeof(v.text), "version text");
		(void)ssh_version_at_least(&v, 9, 2);
	}

	r = ssh_connect_classify(size > 0 ? data[0] : 255,
	    size > 1 && (data[1] & 1), text);
	if (connect_result_name(r) == NULL || connect_result_hint(r) == NULL)
		broken("a result without a name or hint");
	(void)connect_result_gone(r);

	memset(line, 0x55, sizeof(line));
	ssh_error_line(text, line, sizeof(line));
	terminated(line, sizeof(line), "error line");
	if (strchr(line, '\n') != NULL)
		broken("error line holds a newline");
	ssh_error_line(text, line, 1);
	if (line[0] != '\0')
		broken("error line overflows a one-byte buffer");
	free(text);
	return 0;
}
