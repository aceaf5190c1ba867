/*
 * sshconfig: find, insert, replace and remove the managed block of an ssh
 * config held in memory.  One pass over the text, no allocation per line;
 * everything outside the block is copied through untouched.  Past the
 * first Host/Match line, outside the block, only the markers matter: the
 * pass then jumps from '#' to '#' (memchr) instead of reading each line,
 * which is most of the file in a big config.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sshconfig.h"
#include "validate.h"
#include "xmalloc.h"

/* One line of the text: [start, end) without its EOL; next line at next. */
struct line {
	size_t	start;
	size_t	end;
	size_t	next;
};

static int
line_next(const char *t, size_t len, size_t pos, struct line *l)
{
	const char *nl;

	if (pos >= len)
		return 0;
	l->start = pos;
	if ((nl = memchr(t + pos, '\n', len - pos)) != NULL) {
		l->end = (size_t)(nl - t);
		l->next = l->end + 1;
		if (l->end > pos && t[l->end - 1] == '\r')
			l->end--;
	} else {
		l->end = l->next = len;
	}
	return 1;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Skip leading blanks of a line; returns the first other offset. */
static size_t
skip_blanks(const char *t, size_t pos, size_t end)
{
	while (pos < end && is_blank(t[pos]))
		pos++;
	return pos;
}

static int
starts_with(const char *t, size_t p, size_t end, const char *s)
{
	size_t n = strlen(s);

	return end - p >= n && memcmp(t + p, s, n) == 0;
}

static int
is_begin_marker(const char *t, const struct line *l)
{
	size_t p = skip_blanks(t, l->start, l->end);

	if (!starts_with(t, p, l->end, "# BEGIN ucjob"))
		return 0;
	p += strlen("# BEGIN ucjob");
	/* A '\r' counts as a blank, as it does after END: on a last line
	 * without a newline it is not stripped as part of a CRLF. */
	return p == l->end || is_blank(t[p]) || t[p] == '(';
}

static int
is_end_marker(const char *t, const struct line *l)
{
	size_t p = skip_blanks(t, l->start, l->end);

	if (!starts_with(t, p, l->end, "# END ucjob"))
		return 0;
	return skip_blanks(t, p + strlen("# END ucjob"), l->end) == l->end;
}

/* Read "# ucjob: job=ID added=TIME" into the entry. */
static void
entry_read_comment(const char *t, const struct line *l, struct entry_view *e)
{
	size_t p = skip_blanks(t, l->start, l->end), q;

	if (!starts_with(t, p, l->end, "# ucjob:"))
		return;
	p += strlen("# ucjob:");
	while (p < l->end) {
		struct span *dst = NULL;

		p = skip_blanks(t, p, l->end);
		if (starts_with(t, p, l->end, "job=")) {
			dst = &e->job;
			p += 4;
		} else if (starts_with(t, p, l->end, "added=")) {
			dst = &e->added;
			p += 6;
		}
		for (q = p; q < l->end && !is_blank(t[q]); q++)
			;
		if (dst != NULL) {
			dst->off = p;
			dst->len = q - p;
		}
		p = q;
	}
}

/* The keywords the parser looks for. */
enum keyword {
	KW_OTHER, KW_HOST, KW_MATCH, KW_HOSTNAME, KW_PORT, KW_USER,
	KW_IDENTITYFILE
};

static const struct {
	const char	*name;
	size_t		 len;
	enum keyword	 kw;
} keywords[] = {
	{ "host", 4, KW_HOST },
	{ "port", 4, KW_PORT },
	{ "user", 4, KW_USER },
	{ "match", 5, KW_MATCH },
	{ "hostname", 8, KW_HOSTNAME },
	{ "identityfile", 12, KW_IDENTITYFILE },
};

/* Which of those kw is (case-insensitive, as ssh reads keywords). */
static enum keyword
keyword_of(const char *t, struct span kw)
{
	size_t i;
	char c;

	if (kw.len < 4 || kw.len > 12)
		return KW_OTHER;
	c = t[kw.off] | 0x20;
	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (keywords[i].len == kw.len && keywords[i].name[0] == c &&
		    strncasecmp(t + kw.off, keywords[i].name, kw.len) == 0)
			return keywords[i].kw;
	return KW_OTHER;
}

/* A line of an entry: keep the first value of the fields it lists. */
static void
entry_read_value(enum keyword k, struct sshtok *c, struct entry_view *e)
{
	struct span *dst = NULL;

	if (k == KW_HOSTNAME)
		dst = &e->hostname;
	else if (k == KW_PORT)
		dst = &e->port;
	else if (k == KW_USER)
		dst = &e->user;
	else if (k == KW_IDENTITYFILE)
		dst = &e->identity;
	if (dst != NULL && dst->len == 0)
		(void)sshtok_next(c, NULL, 0, dst);
}

static void
entries_push(struct config_doc *doc, size_t *cap, const struct entry_view *e)
{
	if (doc->nentries == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;

		doc->entries = xreallocarray(doc->entries, ncap,
		    sizeof(*doc->entries));
		*cap = ncap;
	}
	doc->entries[doc->nentries++] = *e;
}

/* A reason naming a line, for config_parse's refusals. */
static enum config_status __attribute__((format(printf, 3, 4)))
fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return CONFIG_MARKERS;
}

/*
 * The start of the first line at or after pos (a line start) that may be
 * a marker: its first character other than blanks is the '#' of "# BEGIN
 * ucjob" or "# END ucjob".  len when there is none.  The caller still
 * checks the whole line with is_begin_marker and is_end_marker.
 */
static size_t
next_marker_line(const char *t, size_t len, size_t pos)
{
	const char *hash;
	size_t from = pos, at, start;

	while (pos < len && (hash = memchr(t + pos, '#', len - pos)) != NULL) {
		at = (size_t)(hash - t);
		pos = at + 1;
		if (!starts_with(t, at, len, "# BEGIN ucjob") &&
		    !starts_with(t, at, len, "# END ucjob"))
			continue;
		for (start = at; start > from && is_blank(t[start - 1]); start--)
			;
		if (start == from || t[start - 1] == '\n')
			return start;
	}
	return len;
}

/* Whether an END marker stands on a line at or after pos (a line start). */
static int
end_marker_after(const char *t, size_t len, size_t pos)
{
	struct line l;

	while ((pos = next_marker_line(t, len, pos)) < len) {
		line_next(t, len, pos, &l);
		if (is_end_marker(t, &l))
			return 1;
		pos = l.next;
	}
	return 0;
}

/*
 * Whether the block is not closed: no END marker at or after offset at,
 * where something wrong inside it was found.  Then that, with BEGIN's
 * line, is the real problem (what follows BEGIN is the user's own
 * config), written to why.
 */
static int
block_unclosed(const struct config_doc *doc, size_t at, char *why,
    size_t whylen)
{
	if (end_marker_after(doc->text, doc->len, at))
		return 0;
	(void)fail(why, whylen, "the BEGIN ucjob marker at line %lu has no "
	    "END marker after it; put '" BLOCK_END "' on the line after "
	    "ucjob's last entry", line_number(doc->text, doc->block_start));
	return 1;
}

/* A Host line naming exactly one pattern (a comment may follow): its
 * span goes to alias. */
static int
single_pattern(struct sshtok *c, struct span *alias)
{
	if (sshtok_next(c, NULL, 0, alias) != SSHTOK_WORD || alias->len == 0)
		return 0;
	return sshtok_next(c, NULL, 0, NULL) == SSHTOK_END;
}

/* Whether a line starts as every ssh_config line does: a keyword of
 * letters and digits.  A file that is not an ssh config (/etc/passwd,
 * a key) fails here before anything is written into it. */
static int
keyword_shaped(const char *t, struct span kw)
{
	size_t i;
	unsigned char c;

	if (kw.len == 0)
		return 0;
	for (i = 0; i < kw.len; i++) {
		c = (unsigned char)t[kw.off + i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

/* Whether an alias read back from the block is one ucjob could have
 * written (rule 7): an alias such as "-oProxyCommand=..." must never
 * reach an ssh command line. */
static int
alias_span_valid(const char *t, struct span alias)
{
	char name[256];

	if (alias.len >= sizeof(name))
		return 0;
	memcpy(name, t + alias.off, alias.len);
	name[alias.len] = '\0';
	return alias_valid(name);
}

/*
 * Index of the first entry whose alias an earlier entry has too, or 0
 * when none does (entry 0 cannot be a second one).  One hash table for
 * the whole block, so a block of thousands stays linear.
 */
static size_t
duplicate_entry(const struct config_doc *doc)
{
	size_t *slot, nslots, i, h, k, found = 0;
	const struct entry_view *e;

	if (doc->nentries < 2)
		return 0;
	for (nslots = 16; nslots < doc->nentries * 2; nslots *= 2)
		;
	slot = xcalloc(nslots, sizeof(*slot));
	for (i = 0; i < doc->nentries && !found; i++) {
		e = &doc->entries[i];
		for (h = 2166136261u, k = 0; k < e->alias.len; k++)
			h = (h ^ (unsigned char)doc->text[e->alias.off + k]) *
			    16777619u;
		for (h &= nslots - 1; slot[h] != 0; h = (h + 1) & (nslots - 1)) {
			const struct entry_view *o = &doc->entries[slot[h] - 1];

			if (o->alias.len == e->alias.len && memcmp(doc->text +
			    o->alias.off, doc->text + e->alias.off,
			    e->alias.len) == 0) {
				found = i;
				break;
			}
		}
		slot[h] = i + 1;
	}
	free(slot);
	return found;
}

enum config_status
config_parse(const char *t, size_t len, struct config_doc *doc, char *why,
    size_t whylen)
{
	const unsigned char *u = (const unsigned char *)t;
	struct line l;
	struct sshtok tok;
	struct span kw, alias = { 0, 0 };
	struct entry_view cur;
	enum keyword k;
	size_t pos, p, cap = 0, comment_run = 0;
	int inside = 0, in_entry = 0, prev_comment = 0, bad_host;

	memset(doc, 0, sizeof(*doc));
	doc->text = t;
	doc->len = len;
	doc->eol = "\n";
	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) ||
	    (u[0] == 0xfe && u[1] == 0xff))) {
		snprintf(why, whylen, "the file is UTF-16 encoded, which "
		    "OpenSSH cannot read either; save it as UTF-8 (iconv -f "
		    "UTF-16 -t UTF-8 < FILE > FILE.new, then rename it)");
		return CONFIG_UTF16;
	}
	if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		doc->bom = 3;
	for (pos = 0; pos < len; pos++)
		if (t[pos] == '\n') {
			if (pos > 0 && t[pos - 1] == '\r')
				doc->eol = "\r\n";
			break;
		}
	doc->first_section = doc->insert_at = len;
	for (pos = doc->bom; pos < len; pos = l.next) {
		/* Past the first section, outside the block, nothing but a
		 * marker can change the result. */
		if (!inside && doc->first_section < len &&
		    (pos = next_marker_line(t, len, pos)) >= len)
			break;
		line_next(t, len, pos, &l);
		p = skip_blanks(t, l.start, l.end);
		if (p == l.end) {
			/* A blank line (inside the block it changes nothing). */
			if (!inside)
				prev_comment = 0;
			continue;
		}
		if (t[p] == '#') {
			if (is_begin_marker(t, &l)) {
				if (inside || doc->has_block)
					return fail(why, whylen, "a second BEGIN "
					    "ucjob marker at line %lu; keep one "
					    "block and remove the other",
					    line_number(t, l.start));
				inside = 1;
				doc->block_start = l.start;
				doc->body_start = l.next;
				prev_comment = 0;
			} else if (is_end_marker(t, &l)) {
				if (!inside)
					return fail(why, whylen, "an END ucjob "
					    "marker at line %lu has no BEGIN "
					    "marker before it",
					    line_number(t, l.start));
				if (in_entry) {
					cur.end = l.start;
					entries_push(doc, &cap, &cur);
					in_entry = 0;
				}
				inside = 0;
				doc->has_block = 1;
				doc->body_end = l.start;
				doc->block_end = l.next;
			} else if (inside) {
				if (in_entry)
					entry_read_comment(t, &l, &cur);
			} else {
				if (!prev_comment)
					comment_run = l.start;
				prev_comment = 1;
			}
			continue;
		}
		(void)sshtok_line(&tok, t, l.start, l.end, &kw);
		k = keyword_of(t, kw);
		if (inside) {
			bad_host = k == KW_HOST && !single_pattern(&tok,
			    &alias);
			if ((k == KW_MATCH || bad_host) &&
			    block_unclosed(doc, l.start, why, whylen))
				return CONFIG_MARKERS;
			if (k == KW_MATCH)
				return fail(why, whylen, "the managed block "
				    "holds a Match section at line %lu; it may "
				    "hold only ucjob's Host entries: move that "
				    "section out of the block",
				    line_number(t, l.start));
			if (bad_host)
				return fail(why, whylen, "the Host line at line "
				    "%lu in the managed block names no alias or "
				    "several patterns; ucjob writes one alias "
				    "per entry: move that section out of the "
				    "block", line_number(t, l.start));
			if (k == KW_HOST && !alias_span_valid(t, alias))
				return fail(why, whylen, "the Host line at line "
				    "%lu in the managed block names an alias "
				    "ucjob does not write (letters, digits, '.', "
				    "'_' and '-', not starting with '-'): move "
				    "that section out of the block",
				    line_number(t, l.start));
			if (k == KW_HOST || k == KW_MATCH) {
				if (in_entry) {
					cur.end = l.start;
					entries_push(doc, &cap, &cur);
				}
				memset(&cur, 0, sizeof(cur));
				cur.start = l.start;
				cur.alias = alias;
				in_entry = 1;
			} else if (in_entry)
				entry_read_value(k, &tok, &cur);
			continue;
		}
		if (doc->first_section == len && (k == KW_HOST ||
		    k == KW_MATCH)) {
			doc->first_section = l.start;
			doc->insert_at = prev_comment ? comment_run : l.start;
		}
		prev_comment = 0;
	}
	if (inside && block_unclosed(doc, len, why, whylen))
		return CONFIG_MARKERS;
	if ((p = duplicate_entry(doc)) != 0)
		return fail(why, whylen, "a second entry for the same alias at "
		    "line %lu of the managed block; ssh uses only the first: "
		    "remove one of them",
		    line_number(t, doc->entries[p].start));
	return CONFIG_OK;
}

enum config_status
config_check_entries(const struct config_doc *doc, char *why, size_t whylen)
{
	size_t i;

	for (i = 0; i < doc->nentries; i++)
		if (doc->entries[i].port.len == 0)
			return fail(why, whylen, "line %lu: a Host ucjob did "
			    "not write is inside the managed block; move it "
			    "below the '" BLOCK_END "' line",
			    line_number(doc->text, doc->entries[i].start));
	return CONFIG_OK;
}

void
config_doc_free(struct config_doc *doc)
{
	free(doc->entries);
	doc->entries = NULL;
	doc->nentries = 0;
}

const struct entry_view *
config_find(const struct config_doc *doc, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < doc->nentries; i++) {
		const struct entry_view *e = &doc->entries[i];

		if (e->alias.len == n &&
		    memcmp(doc->text + e->alias.off, name, n) == 0)
			return e;
	}
	return NULL;
}

/* Whether span s of the text is the string want. */
static int
span_is(const struct config_doc *doc, struct span s, const char *want)
{
	return s.len == strlen(want) && memcmp(doc->text + s.off, want,
	    s.len) == 0;
}

size_t
config_find_port(const struct config_doc *doc, int port, const char *host,
    const char *skip, size_t *idx, size_t max)
{
	char want[8];
	size_t i, n = 0;

	snprintf(want, sizeof(want), "%d", port);
	for (i = 0; i < doc->nentries; i++) {
		const struct entry_view *e = &doc->entries[i];

		if (!span_is(doc, e->port, want) || span_is(doc, e->alias,
		    skip) || (host != NULL && !span_is(doc, e->hostname, host)))
			continue;
		if (n < max)
			idx[n] = i;
		n++;
	}
	return n;
}

/*
 * Insert chunk (whole lines, each ending in doc->eol) at offset at.  At
 * the end of a file without a final newline, the chunk goes after a new
 * EOL and loses its own last one, so the file still ends the way it did.
 */
static void
insert_chunk(const struct config_doc *doc, size_t at, const char *chunk,
    size_t n, struct buf *out)
{
	const char *t = doc->text;
	size_t eollen = strlen(doc->eol);

	buf_reserve(out, doc->len + n + eollen);
	if (at == doc->len && doc->len > doc->bom && t[doc->len - 1] != '\n') {
		buf_add(out, t, doc->len);
		buf_adds(out, doc->eol);
		buf_add(out, chunk, n - eollen);
		return;
	}
	buf_add(out, t, at);
	buf_add(out, chunk, n);
	buf_add(out, t + at, doc->len - at);
}

void
config_upsert(const struct config_doc *doc, const char *alias,
    const char *entry, size_t n, struct buf *out)
{
	const struct entry_view *old = config_find(doc, alias, strlen(alias));
	const char *t = doc->text;
	struct buf chunk = { 0 };

	if (old != NULL || doc->has_block) {
		size_t from = old ? old->start : doc->body_end;
		size_t to = old ? old->end : doc->body_end;

		buf_reserve(out, doc->len + n);
		buf_add(out, t, from);
		buf_add(out, entry, n);
		buf_add(out, t + to, doc->len - to);
		return;
	}
	buf_adds(&chunk, BLOCK_BEGIN);
	buf_adds(&chunk, doc->eol);
	buf_add(&chunk, entry, n);
	buf_adds(&chunk, BLOCK_END);
	buf_adds(&chunk, doc->eol);
	insert_chunk(doc, doc->insert_at, chunk.data, chunk.len, out);
	buf_free(&chunk);
}

void
config_remove(const struct config_doc *doc, const char *remove,
    struct buf *out)
{
	const char *t = doc->text;
	size_t i, left = 0, pos = 0;

	for (i = 0; i < doc->nentries; i++)
		if (!remove[i])
			left++;
	buf_reserve(out, doc->len);
	if (left == 0 && doc->has_block) {
		size_t from = doc->block_start, to = doc->block_end;

		/* A block that ends the file without a final newline was
		 * added after an EOL of its own: take that back too. */
		if (to == doc->len && t[to - 1] != '\n' && from > doc->bom &&
		    t[from - 1] == '\n') {
			/* That EOL is the one the BEGIN line ends with. */
			size_t eol = doc->body_start >= 2 &&
			    t[doc->body_start - 2] == '\r' ? 2 : 1;

			if (eol == 2 && (from < doc->bom + 2 ||
			    t[from - 2] != '\r'))
				eol = 1;
			/* ucjob adds that EOL only after a last line that
			 * lacked one: after an empty line, or at the start
			 * of the file, the EOL is the user's. */
			if (from - eol > doc->bom && t[from - eol - 1] != '\n')
				from -= eol;
		}
		buf_add(out, t, from);
		buf_add(out, t + to, doc->len - to);
		return;
	}
	for (i = 0; i < doc->nentries; i++) {
		if (!remove[i])
			continue;
		buf_add(out, t + pos, doc->entries[i].start - pos);
		pos = doc->entries[i].end;
	}
	buf_add(out, t + pos, doc->len - pos);
}

int
config_include_find(const struct config_doc *doc,
    int (*covers)(const char *, void *), void *arg)
{
	const char *t = doc->text;
	char word[4096];
	struct line l;
	struct sshtok tok;
	struct span kw;
	size_t pos;

	for (pos = doc->bom; pos < doc->first_section &&
	    line_next(t, doc->len, pos, &l); pos = l.next) {
		if (doc->has_block && l.start >= doc->block_start &&
		    l.start < doc->block_end)
			continue;
		if (!sshtok_line(&tok, t, l.start, l.end, &kw) ||
		    !sshtok_is(t, kw, "include"))
			continue;
		while (sshtok_next(&tok, word, sizeof(word), NULL) ==
		    SSHTOK_WORD)
			if (covers(word, arg))
				return 1;
	}
	return 0;
}

struct name_list {
	const char *const *names;
	size_t		   n;
};

static int
names_cover(const char *word, void *arg)
{
	const struct name_list *nl = arg;
	size_t i;

	for (i = 0; i < nl->n; i++)
		if (strcmp(word, nl->names[i]) == 0)
			return 1;
	return 0;
}

int
config_has_include(const struct config_doc *doc, const char *const *names,
    size_t nnames)
{
	struct name_list nl = { names, nnames };

	return config_include_find(doc, names_cover, &nl);
}

unsigned long
config_foreign_line(const struct config_doc *doc)
{
	const char *t = doc->text;
	struct line l;
	struct sshtok tok;
	struct span kw;
	unsigned long n = 0;
	size_t pos, p;

	for (pos = doc->bom; pos < doc->first_section &&
	    line_next(t, doc->len, pos, &l); pos = l.next) {
		n++;
		p = skip_blanks(t, l.start, l.end);
		if (p == l.end || t[p] == '#' || (doc->has_block &&
		    l.start >= doc->block_start && l.start < doc->block_end))
			continue;
		(void)sshtok_line(&tok, t, l.start, l.end, &kw);
		if (!keyword_shaped(t, kw))
			return n;
	}
	return 0;
}

void
config_add_include(const struct config_doc *doc, const char *path,
    struct buf *out)
{
	struct buf line = { 0 };
	size_t at = doc->bom;

	/* Line 1 (rule 10): OpenSSH keeps the first value it obtains, so
	 * the included entries then win over top-level options too. */
	buf_adds(&line, "Include ");
	sshtok_put(&line, path);
	buf_adds(&line, doc->eol);
	insert_chunk(doc, at, line.data, line.len, out);
	buf_free(&line);
}

void
span_copy(const struct config_doc *doc, struct span s, char *out,
    size_t outlen)
{
	size_t n = s.len < outlen - 1 ? s.len : outlen - 1;

	memcpy(out, doc->text + s.off, n);
	out[n] = '\0';
}
