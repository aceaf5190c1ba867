/*
 * sshkeys_api: the account's SSH keys on UCloud (POST /api/ssh, GET
 * /api/ssh/browse).  UCloud keeps duplicates and leaves "fingerprint"
 * empty, so keys are compared here by "type base64".  A key is checked
 * before it is sent: a known type, one line, a non-blank title.  It
 * never prints.
 */
#ifndef UCJOB_SSHKEYS_API_H
#define UCJOB_SSHKEYS_API_H

#include <stddef.h>

#include "http.h"

#define SSHKEY_TITLE_MAX	256

/* Whether a title can be sent: not blank, no control characters, under
 * SSHKEY_TITLE_MAX bytes.  Pure. */
int	sshkey_title_valid(const char *title);

/* Whether line is a public key line UCloud takes (its type prefix, one
 * line, a base64 blob).  Returns 0, or -1 with why.  Pure. */
int	sshkey_line_check(const char *line, char *why, size_t whylen);

/* Whether two key lines hold the same key ("type base64"; comments
 * ignored).  Pure. */
int	sshkey_same(const char *a, const char *b);

/*
 * Upload line with title unless the account has the same key already.
 * *uploaded tells which; id gets the new key's id ("" when unknown).
 * Returns 0, or -1 with why.
 */
int	sshkey_upload(const struct http_client *cl, const char *line,
	    const char *title, int *uploaded, char *id, size_t idlen,
	    char *why, size_t whylen);

#endif
