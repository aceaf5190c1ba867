/*
 * sshtok: the one reader of ssh_config words, shared by the block editor
 * (sshconfig.h) and the precedence scan (precedence.h).  It splits a
 * line the way OpenSSH's readconf.c does: the keyword ends at a blank or
 * '=' ("Key value", "Key=value", "Key = value"); the arguments follow
 * misc.c's argv_split: double and single quotes group, \" \' \\ and,
 * outside quotes, "\ " are escapes, and a word that starts with '#' ends
 * the line.  It also holds the inverse, a writer that quotes a word only
 * when it needs it, and the line number of an offset.
 */
#ifndef UCJOB_SSHTOK_H
#define UCJOB_SSHTOK_H

#include <stddef.h>

#include "buf.h"

/* A piece of the text: offset and length. */
struct span {
	size_t	off;
	size_t	len;
};

/* A cursor over one line text[pos, end) (without its EOL). */
struct sshtok {
	const char	*text;
	size_t		 pos;
	size_t		 end;
};

enum sshtok_word {
	SSHTOK_END = 0,		/* no more words (or a '#' word) */
	SSHTOK_WORD,		/* a word was read */
	SSHTOK_BADQUOTE		/* a quote is not closed: ssh refuses it */
};

/*
 * Start c on the line text[start, end) and read its keyword into kw,
 * leaving c on the first argument.  Trailing blanks (and the '\r' of a
 * CRLF) are dropped.  Returns 0 for a blank or comment line.
 */
int	sshtok_line(struct sshtok *c, const char *text, size_t start,
	    size_t end, struct span *kw);

/*
 * The next argument, quotes removed and escapes decoded, into out
 * (NUL-terminated, truncated to outlen - 1 bytes; out may be NULL).
 * val gets where the word stands in the text when it is written there
 * without escapes (inside its quotes), else the whole raw word; it may
 * be NULL.
 */
enum sshtok_word sshtok_next(struct sshtok *c, char *out, size_t outlen,
	    struct span *val);

/* Whether keyword kw of text is word (case-insensitive, as ssh reads). */
int	sshtok_is(const char *text, struct span kw, const char *word);

/* Append word so that sshtok_next reads it back: in double quotes, with
 * '"' and '\' escaped, when it is empty or holds a blank, CR, FF, a
 * quote, a backslash or '=', or starts with '#'; else as it is. */
void	sshtok_put(struct buf *out, const char *word);

/* The 1-based number of the line holding offset off of text. */
unsigned long line_number(const char *text, size_t off);

#endif
