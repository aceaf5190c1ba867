/*
 * fuzz_endpoint: libFuzzer target for the SSH endpoint read from a job's
 * status text (endpoint.h).  The input is split at NUL bytes into
 * updates; an update's first byte picks its state (0 none, 1 IN_QUEUE,
 * 2 RUNNING, 3 SUSPENDED, 4 SUCCESS, 5 FAILURE, 6 EXPIRED, 7 none and no
 * status text, anything else none), the rest is its status text.  The
 * whole input is also read as one line of exactly its length (no NUL
 * after it, so ASan sees a read past the end).  Whatever the bytes:
 *
 *   - an endpoint found has a valid host that occurs in the input, a port
 *     in 1-65535 (22, or digits that occur in the input), a valid user or
 *     none, and nothing ssh_config or a terminal would read as structure;
 *   - no endpoint when the newest update's state is suspended or final;
 *   - nothing found leaves *ep zeroed; a refusal has a reason of
 *     printable ASCII.
 *
 * abort() otherwise, which libFuzzer reports as a crash.  Never linked
 * into ucjob; built by tests/fuzz/run.sh (make fuzz).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "endpoint.h"
#include "validate.h"

#define MAX_UPDATES	64

static const char *states[] = { NULL, "IN_QUEUE", "RUNNING", "SUSPENDED",
    "SUCCESS", "FAILURE", "EXPIRED" };

static void
broken(const char *what, const char *value)
{
	fprintf(stderr, "fuzz_endpoint: invariant broken: %s: '%s'\n", what,
	    value);
	abort();
}

static int
occurs(const uint8_t *data, size_t size, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; n <= size && i <= size - n; i++)
		if (memcmp(data + i, s, n) == 0)
			return 1;
	return 0;
}

static void
plain(const char *what, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '#' || *p == '"' ||
		    *p == '\'' || *p == '\\')
			broken(what, s);
}

static void
check(int rc, const struct endpoint *ep, const char *why,
    const uint8_t *data, size_t size)
{
	static const struct endpoint zero;
	char port[16];
	const unsigned char *p;

	if (rc == 1) {
		if (!host_valid(ep->host) || !occurs(data, size, ep->host))
			broken("bad host", ep->host);
		plain("host", ep->host);
		if (ep->user[0] != '\0') {
			if (!user_valid(ep->user) ||
			    !occurs(data, size, ep->user))
				broken("bad user", ep->user);
			plain("user", ep->user);
		}
		snprintf(port, sizeof(port), "%d", ep->port);
		if (ep->port < 1 || ep->port > 65535 ||
		    (ep->port != 22 && !occurs(data, size, port)))
			broken("bad port", port);
		return;
	}
	if (memcmp(ep, &zero, sizeof(zero)) != 0)
		broken("no endpoint but *ep is not zeroed", ep->host);
	if (rc == 0)
		return;
	if (rc != -1)
		broken("bad return value", "");
	if (memchr(why, '\0', 256) == NULL || why[0] == '\0')
		broken("reason empty or not terminated", "");
	for (p = (const unsigned char *)why; *p != '\0'; p++)
		if (*p < 0x20 || *p >= 0x7f)
			broken("reason with a control or non-ASCII byte", why);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct job_update u[MAX_UPDATES];
	struct endpoint ep;
	char *copy, *p, *line, why[256];
	size_t n = 0;
	int rc;

	/* Exactly size bytes, no terminator. */
	if ((line = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(line, data, size);
	rc = endpoint_from_line(line, size, &ep, why, sizeof(why));
	if (rc == 0 || rc == 1 || rc == -1)
		check(rc, &ep, why, data, size);
	else
		broken("bad return value", "");
	free(line);

	if ((copy = malloc(size + 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (p = copy; n < MAX_UPDATES && p < copy + size; p += strlen(p) + 1) {
		unsigned char k = (unsigned char)p[0];

		u[n].state = k < 7 ? states[k] : NULL;
		u[n].status = k == 7 ? NULL : p + (p[0] != '\0');
		n++;
	}
	rc = endpoint_from_updates(u, n, &ep, why, sizeof(why));
	check(rc, &ep, why, data, size);
	if (n > 0 && endpoint_state_forgets(u[n - 1].state) && rc != 0)
		broken("an endpoint after a suspended or final state", "");
	free(copy);
	return 0;
}
