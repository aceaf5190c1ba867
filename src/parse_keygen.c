/*
 * parse_keygen: the readers of ssh-keygen's fingerprint line and of
 * public key lines.  They only look at the bytes they are given: they
 * never run ssh-keygen, read a file or print.
 */
#include <stdio.h>
#include <string.h>

#include "parse_keygen.h"

#define MAX_BITS	100000	/* well above any key ssh-keygen makes */

static int
reason(char *why, size_t whylen, const char *what)
{
	if (why != NULL && whylen > 0)
		(void)snprintf(why, whylen, "%s", what);
	return -1;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_upper_or_digit(char c)
{
	return (c >= 'A' && c <= 'Z') || is_digit(c);
}

static int
is_base64(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    is_digit(c) || c == '+' || c == '/' || c == '=';
}

/*
 * The one line in text: its length without LF or CRLF.  Returns -1 when
 * anything follows the line end or the line holds a control character
 * other than a tab.
 */
static int
single_line(const char *text, size_t len, size_t *linelen)
{
	size_t i, n;

	for (n = 0; n < len && text[n] != '\n'; n++)
		continue;
	if (n < len && n + 1 != len)
		return -1;	/* a second line */
	if (n > 0 && text[n - 1] == '\r')
		n--;
	for (i = 0; i < n; i++) {
		unsigned char u = (unsigned char)text[i];

		if ((u < 0x20 && u != '\t') || u == 0x7f)
			return -1;
	}
	*linelen = n;
	return 0;
}

int
keygen_fingerprint_parse(const char *text, size_t len,
    struct key_fingerprint *fp, char *why, size_t whylen)
{
	const char *p, *end, *fpr, *colon, *open;
	size_t n, i;

	memset(fp, 0, sizeof(*fp));
	if (single_line(text, len, &n) != 0)
		return reason(why, whylen, "expected one line from "
		    "ssh-keygen -l");
	p = text;
	end = text + n;

	/* BITS */
	if (p == end || !is_digit(*p))
		return reason(why, whylen, "ssh-keygen -l printed no key size");
	for (; p < end && is_digit(*p); p++) {
		fp->bits = fp->bits * 10 + (*p - '0');
		if (fp->bits > MAX_BITS)
			return reason(why, whylen, "ssh-keygen -l printed an "
			    "impossible key size");
	}
	if (p == end || *p != ' ')
		return reason(why, whylen, "ssh-keygen -l printed no "
		    "fingerprint");
	p++;

	/* HASH:FINGERPRINT */
	fpr = p;
	while (p < end && *p != ' ')
		p++;
	if ((colon = memchr(fpr, ':', (size_t)(p - fpr))) == NULL ||
	    colon == fpr || colon + 1 == p)
		return reason(why, whylen, "ssh-keygen -l printed no "
		    "HASH:FINGERPRINT");
	for (i = 0; fpr + i < colon; i++)
		if (!is_upper_or_digit(fpr[i]))
			return reason(why, whylen, "ssh-keygen -l printed a "
			    "bad hash name");
	for (i = 1; colon + i < p; i++)
		if (!is_base64(colon[i]) && colon[i] != ':')
			return reason(why, whylen, "ssh-keygen -l printed a "
			    "bad fingerprint");
	if ((size_t)(p - fpr) >= sizeof(fp->fingerprint) ||
	    (size_t)(colon - fpr) >= sizeof(fp->hash))
		return reason(why, whylen, "ssh-keygen -l printed a "
		    "fingerprint too long");
	memcpy(fp->fingerprint, fpr, (size_t)(p - fpr));
	memcpy(fp->hash, fpr, (size_t)(colon - fpr));
	if (p == end)
		return reason(why, whylen, "ssh-keygen -l printed no key type");

	/* COMMENT (TYPE): the type is the last parenthesis, spaceless. */
	if (end[-1] != ')')
		return reason(why, whylen, "ssh-keygen -l printed no key type");
	for (open = end - 1; open > p && *open != '('; open--)
		if (*open == ' ')
			break;
	if (*open != '(' || open[-1] != ' ' || open + 2 == end)
		return reason(why, whylen, "ssh-keygen -l printed no key type");
	for (i = 1; open + i < end - 1; i++)
		if (!is_upper_or_digit(open[i]) && open[i] != '-')
			return reason(why, whylen, "ssh-keygen -l printed a "
			    "bad key type");
	if ((size_t)(end - open - 2) >= sizeof(fp->type))
		return reason(why, whylen, "ssh-keygen -l printed a key type "
		    "too long");
	memcpy(fp->type, open + 1, (size_t)(end - open - 2));
	/* p is the space after the fingerprint; open - 1 the one before
	 * the type.  When they are the same space there is no comment. */
	if (open - 1 > p) {
		fp->comment = p + 1;
		fp->comment_len = (size_t)(open - 1 - (p + 1));
	}
	return 0;
}

int
pubkey_line_parse(const char *text, size_t len, size_t *linelen,
    char *why, size_t whylen)
{
	const char *p, *end, *type;
	size_t n, blob;

	*linelen = 0;
	if (len == 0)
		return reason(why, whylen, "the public key file is empty");
	if (memchr(text, '\0', len) != NULL)
		return reason(why, whylen, "the public key file holds a "
		    "NUL byte");
	if (single_line(text, len, &n) != 0)
		return reason(why, whylen, "the public key file must hold "
		    "one line without control characters");
	p = text;
	end = text + n;
	type = p;
	while (p < end && *p != ' ' && *p != '\t') {
		if (!((*p >= 'a' && *p <= 'z') || is_digit(*p) ||
		    *p == '-' || *p == '@' || *p == '.'))
			return reason(why, whylen, "the public key line does "
			    "not start with a key type such as ssh-ed25519");
		p++;
	}
	if (p == type || p == end)
		return reason(why, whylen, "the public key line has no key "
		    "after its type");
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	for (blob = 0; p < end && *p != ' ' && *p != '\t'; p++, blob++)
		if (!is_base64(*p))
			return reason(why, whylen, "the public key line's key "
			    "is not base64");
	if (blob < 16)
		return reason(why, whylen, "the public key line's key is too "
		    "short");
	*linelen = n;
	return 0;
}
