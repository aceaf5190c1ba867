/*
 * parse_keygen: read what ssh-keygen prints about a key: the fingerprint
 * line of `ssh-keygen -l` and the public key line of a .pub file or of
 * `ssh-keygen -y`.  Pure functions on text: no I/O, no allocation; the
 * results point into or are copied from the caller's text.
 */
#ifndef UCJOB_PARSE_KEYGEN_H
#define UCJOB_PARSE_KEYGEN_H

#include <stddef.h>

struct key_fingerprint {
	int		 bits;			/* 256 */
	char		 fingerprint[128];	/* "SHA256:..." or "MD5:aa:..." */
	char		 hash[16];		/* "SHA256", "MD5" */
	char		 type[32];		/* "ED25519", "RSA" */
	const char	*comment;		/* into the parsed text */
	size_t		 comment_len;		/* 0: none was printed */
};

/*
 * Parse the output of `ssh-keygen -l [-E HASH] -f FILE` for one key:
 * "BITS HASH:FINGERPRINT COMMENT (TYPE)" and a newline.  The comment may
 * hold spaces and parentheses; ssh-keygen prints "no comment" when there
 * is none, and that is what the comment then says.  Returns 0, or -1
 * with a one-line reason in why.
 */
int	keygen_fingerprint_parse(const char *text, size_t len,
	    struct key_fingerprint *fp, char *why, size_t whylen);

/*
 * Check a public key file's text: one line "TYPE BASE64[ COMMENT]",
 * optionally ended by LF or CRLF, no other control characters.  Sets
 * *linelen to the length of the line without its end.  Returns 0, or -1
 * with a one-line reason in why.
 */
int	pubkey_line_parse(const char *text, size_t len, size_t *linelen,
	    char *why, size_t whylen);

#endif
