/*
 * sshkeys_api: upload a public key to the UCloud account unless it is
 * there already (see sshkeys_api.h).  No printing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api.h"
#include "http.h"
#include "sshkeys_api.h"

#define PER_PAGE	250
#define KEY_LINE_MAX	16384

struct key_search {
	const char	*line;
	int		 found;
};

/* The types UCloud's key check takes (core2/pkg/orchestrator/ssh.go). */
static const char *const key_types[] = {
	"ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256",
	"ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
	"sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
	NULL
};

static size_t	key_part(const char *);
static int	match_key(json_t *, void *, char *, size_t);

int
sshkey_title_valid(const char *title)
{
	const char *p;
	int blank = 1;

	if (strlen(title) >= SSHKEY_TITLE_MAX)
		return 0;
	for (p = title; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
		if (*p != ' ')
			blank = 0;
	}
	return !blank;
}

/* The length of "type base64" at the start of line, or 0. */
static size_t
key_part(const char *line)
{
	size_t type, blob;

	type = strcspn(line, " \t\r\n");
	if (type == 0 || (line[type] != ' ' && line[type] != '\t'))
		return 0;
	blob = strspn(line + type + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/=");
	if (blob == 0)
		return 0;
	return type + 1 + blob;
}

int
sshkey_line_check(const char *line, char *why, size_t whylen)
{
	size_t i, n, type;
	const char *end;

	if ((n = strlen(line)) == 0 || n >= KEY_LINE_MAX) {
		(void)snprintf(why, whylen, "the public key is empty or too "
		    "long");
		return -1;
	}
	for (end = line; *end != '\0'; end++)
		if ((unsigned char)*end < 0x20 && *end != '\t') {
			(void)snprintf(why, whylen, "the public key is not "
			    "one line");
			return -1;
		}
	type = strcspn(line, " \t");
	for (i = 0; key_types[i] != NULL; i++)
		if (strlen(key_types[i]) == type &&
		    strncmp(line, key_types[i], type) == 0)
			break;
	if (key_types[i] == NULL) {
		(void)snprintf(why, whylen, "UCloud takes no key of type "
		    "'%.*s' (ed25519, rsa, ecdsa, or their -sk forms)",
		    (int)(type < 64 ? type : 64), line);
		return -1;
	}
	n = key_part(line);
	if (n == 0 || (line[n] != '\0' && line[n] != ' ' && line[n] != '\t')) {
		(void)snprintf(why, whylen, "the public key has no base64 "
		    "part");
		return -1;
	}
	return 0;
}

int
sshkey_same(const char *a, const char *b)
{
	size_t na = key_part(a), nb = key_part(b);

	/* The separator may be a tab in one and a space in the other. */
	if (na == 0 || na != nb)
		return 0;
	na = strcspn(a, " \t");
	return na == strcspn(b, " \t") && memcmp(a, b, na) == 0 &&
	    memcmp(a + na + 1, b + na + 1, nb - na - 1) == 0;
}

static int
match_key(json_t *item, void *state, char *why, size_t whylen)
{
	struct key_search *ks = state;
	const char *key;

	(void)why;
	(void)whylen;
	key = api_string(api_path(item, "specification"), "key");
	if (key != NULL && sshkey_same(key, ks->line))
		ks->found = 1;
	return 0;
}

int
sshkey_upload(const struct http_client *cl, const char *line,
    const char *title, int *uploaded, char *id, size_t idlen, char *why,
    size_t whylen)
{
	struct key_search ks;
	json_t *body, *answer = NULL, *first;
	const char *newid;
	int rc;

	*uploaded = 0;
	id[0] = '\0';
	if (sshkey_line_check(line, why, whylen) != 0)
		return -1;
	if (!sshkey_title_valid(title)) {
		(void)snprintf(why, whylen, "the title must be one non-blank "
		    "line");
		return -1;
	}
	ks.line = line;
	ks.found = 0;
	if (api_browse(cl, "/api/ssh/browse", "", PER_PAGE, match_key, &ks,
	    why, whylen) != 0)
		return -1;
	if (ks.found)
		return 0;
	body = json_pack("{s:[{s:s, s:s}]}", "items", "title", title, "key",
	    line);
	if (body == NULL) {
		(void)snprintf(why, whylen, "the key or title is not UTF-8");
		return -1;
	}
	rc = api_call(cl, HTTP_POST, "/api/ssh", body, &answer, why, whylen);
	json_decref(body);
	if (rc != 0)
		return -1;
	*uploaded = 1;
	first = json_array_get(json_object_get(answer, "responses"), 0);
	if ((newid = api_string(first, "id")) != NULL)
		http_sanitize(newid, strlen(newid), id, idlen);
	json_decref(answer);
	return 0;
}
