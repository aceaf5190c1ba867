/*
 * fuzz_pasted: libFuzzer target for what a user pastes or types into
 * `ucjob add`: the pasted ssh command or job line (pasted.h), -o
 * KEY=VALUE and -L LOCAL[:REMOTE] (entry.h), and the validators every
 * value passes (validate.h).  The input is split at NUL bytes into words.
 *
 * Whatever is accepted must be safe to write on an ssh_config line: no
 * whitespace control, '#', quote, backslash or newline in any value
 * (spaces only where the writer quotes them), a valid host, a port in
 * 1-65535.  abort() otherwise, which libFuzzer reports as a crash.
 *
 * Never linked into ucjob; built by tests/fuzz/run.sh (make fuzz).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entry.h"
#include "pasted.h"
#include "validate.h"

#define MAX_WORDS	16
#define OPTION_LEN	1024

static void
broken(const char *what, const char *value)
{
	fprintf(stderr, "fuzz_pasted: invariant broken: %s: '%s'\n", what,
	    value);
	abort();
}

/* No byte ssh_config or a shell would read as structure. */
static void
plain(const char *what, const char *s, int allow_space)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '#' || *p == '"' ||
		    *p == '\'' || *p == '\\' || (*p == ' ' && !allow_space))
			broken(what, s);
}

static void
check_target(const struct target *t)
{
	if (t->host[0] == '\0' || !host_valid(t->host))
		broken("accepted paste with a bad host", t->host);
	plain("accepted host", t->host, 0);
	if (t->port < 1 || t->port > 65535)
		broken("accepted paste with a bad port", t->host);
	if (t->user[0] != '\0') {
		if (!user_valid(t->user))
			broken("accepted paste with a bad user", t->user);
		plain("accepted user", t->user, 0);
	}
	if (t->identity[0] != '\0') {
		if (!value_valid(t->identity, 0))
			broken("accepted paste with a bad identity",
			    t->identity);
		plain("accepted identity", t->identity, 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy, *words[MAX_WORDS], out[OPTION_LEN], why[512], *p;
	struct target t;
	struct forward f;
	int n = 0, port;

	if ((copy = malloc(size + 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	/* Words at NUL bytes (the last one ends at the copy's end). */
	for (p = copy; n < MAX_WORDS && p <= copy + size; p += strlen(p) + 1)
		words[n++] = p;

	(void)pasted_looks_like(n, words);
	if (pasted_parse(n, words, &t, why, sizeof(why)) == 0)
		check_target(&t);
	if (memchr(why, '\0', sizeof(why)) == NULL)
		broken("reason not terminated", "");

	if (option_parse(words[0], out, sizeof(out), why, sizeof(why)) == 0) {
		char kw[64];
		size_t k = strcspn(out, " ");

		if (k == 0 || k >= sizeof(kw) || out[k] != ' ')
			broken("accepted option is not 'Keyword value'", out);
		memcpy(kw, out, k);
		kw[k] = '\0';
		if (!ssh_keyword_known(kw) || ssh_keyword_managed(kw))
			broken("accepted option with a bad keyword", out);
		plain("accepted option", out, 1);
	}
	if (forward_parse(words[0], &f) == 0 &&
	    (f.local < 1 || f.local > 65535 || f.remote < 1 ||
	    f.remote > 65535))
		broken("accepted forward out of range", words[0]);
	if (port_parse(words[0], &port) == 0 && (port < 1 || port > 65535))
		broken("accepted port out of range", words[0]);

	if (alias_valid(words[0]))
		plain("accepted alias", words[0], 0);
	if (alias_valid(words[0]) && words[0][0] == '-')
		broken("accepted alias starting with -", words[0]);
	if (host_valid(words[0]))
		plain("accepted host", words[0], 0);
	if (user_valid(words[0]))
		plain("accepted user", words[0], 0);
	if (job_valid(words[0]))
		plain("accepted job id", words[0], 0);
	if (value_valid(words[0], 0))
		plain("accepted value", words[0], 0);
	if (value_valid(words[0], 1))
		plain("accepted value with spaces", words[0], 1);
	free(copy);
	return 0;
}
