/*
 * sshconfig: the managed block in an ssh config, as pure functions over a
 * byte buffer (SPEC.md section 3).  It finds the block and its entries,
 * chooses where a new block goes, and builds the new file text for an add
 * or a remove.  It never does I/O, and it never changes a byte outside
 * the block except to insert the block itself (and, for the main config,
 * one Include line).
 */
#ifndef UCJOB_SSHCONFIG_H
#define UCJOB_SSHCONFIG_H

#include <stddef.h>

#include "buf.h"
#include "sshtok.h"

#define BLOCK_BEGIN	"# BEGIN ucjob (managed by ucjob; edit with `ucjob add/rm`)"
#define BLOCK_END	"# END ucjob"

/* One Host entry inside the block, as spans into the text. */
struct entry_view {
	size_t		start;		/* the Host line */
	size_t		end;		/* start of the next entry or END */
	struct span	alias;		/* first pattern of the Host line */
	struct span	hostname;
	struct span	port;
	struct span	user;
	struct span	identity;	/* unquoted */
	struct span	job;		/* from "# ucjob: job=... added=..." */
	struct span	added;
};

struct config_doc {
	const char	*text;
	size_t		 len;
	size_t		 bom;		/* 3 after a UTF-8 byte order mark */
	const char	*eol;		/* "\n" or "\r\n": the file's first */
	int		 has_block;
	size_t		 block_start;	/* the BEGIN line */
	size_t		 body_start;	/* the line after BEGIN */
	size_t		 body_end;	/* the END line */
	size_t		 block_end;	/* after the END line and its EOL */
	size_t		 first_section;	/* first Host/Match line outside the
					   block, or len when there is none */
	size_t		 insert_at;	/* where a new block would go */
	struct entry_view *entries;
	size_t		 nentries;
};

enum config_status {
	CONFIG_OK = 0,
	CONFIG_UTF16,		/* UTF-16 byte order mark (rule 9) */
	CONFIG_MARKERS		/* broken BEGIN/END markers (rule 3) */
};

/*
 * Parse text (not copied: it must outlive doc).  On failure a one-line
 * reason, naming the line, is written to why.  Call config_doc_free
 * whatever it returns: a failure found late leaves entries allocated.
 */
enum config_status config_parse(const char *text, size_t len,
	    struct config_doc *doc, char *why, size_t whylen);

/*
 * Whether every entry of a parsed block is one ucjob wrote: each has a
 * Port.  One without is a Host of the user's own put inside the block,
 * which list and doctor would misread; CONFIG_MARKERS then, naming its
 * line in why.
 */
enum config_status config_check_entries(const struct config_doc *doc,
	    char *why, size_t whylen);

void	config_doc_free(struct config_doc *doc);

/* The entry whose alias is name (length n), or NULL. */
const struct entry_view *config_find(const struct config_doc *doc,
	    const char *name, size_t n);

/*
 * The entries other than the one named skip whose Port is port and, when
 * host is not NULL, whose HostName is host: up to max indexes into idx.
 * Returns how many there are (possibly more than max).
 */
size_t	config_find_port(const struct config_doc *doc, int port,
	    const char *host, const char *skip, size_t *idx, size_t max);

/*
 * New text with entry_text (a whole Host entry, lines ending in doc->eol)
 * in place of the entry named alias, or appended to the block, or in a
 * new block at doc->insert_at.
 */
void	config_upsert(const struct config_doc *doc, const char *alias,
	    const char *entry_text, size_t entry_len, struct buf *out);

/*
 * New text without the entries whose indexes are set in remove[] (one
 * flag per doc->nentries); the block is dropped when no entry is left,
 * giving back the bytes the file had before the block was added.
 */
void	config_remove(const struct config_doc *doc, const char *remove,
	    struct buf *out);

/*
 * Whether an Include line naming one of the given spellings stands at the
 * top level before the first Host/Match line.
 */
int	config_has_include(const struct config_doc *doc,
	    const char *const *names, size_t nnames);

/* The number of the first line before the first Host/Match that does
 * not start with a keyword of letters and digits, as every ssh_config
 * line does (in /etc/passwd, a key, a script...), or 0. */
unsigned long config_foreign_line(const struct config_doc *doc);

/* Whether covers(WORD, arg) holds for a word of such an Include line. */
int	config_include_find(const struct config_doc *doc,
	    int (*covers)(const char *, void *), void *arg);

/* New text with "Include path" inserted on the first line (after a
 * byte order mark). */
void	config_add_include(const struct config_doc *doc, const char *path,
	    struct buf *out);

/* Copy a span out as a NUL-terminated string (truncated to outlen-1). */
void	span_copy(const struct config_doc *doc, struct span s, char *out,
	    size_t outlen);

#endif
