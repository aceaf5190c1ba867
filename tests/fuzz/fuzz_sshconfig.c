/*
 * fuzz_sshconfig: libFuzzer target for the block editor (sshconfig.h).
 * The input is a few operation bytes and then the bytes of a config:
 *
 *	N (0-7 operations), N operation bytes, config text...
 *
 * An operation adds a new entry, updates an existing one (when its alias
 * is one ucjob add would write), removes one, or adds an Include line.  When the text parses, every step must keep these
 * (abort() otherwise, which libFuzzer reports as a crash):
 *
 *   - the new text parses, with exactly one block after an add;
 *   - the bytes outside the block are unchanged (an add at the end of a
 *     file without a final newline may add that one newline, a remove of
 *     the last entry may take one EOL before such a block back);
 *   - an added entry is found by its alias, and removing a new entry
 *     again gives back the text as it was, byte for byte (unless the
 *     block held no entry before, in which case the whole block goes);
 *   - an added Include is found, and nothing else moves;
 *   - any line of the text without NUL, CR or LF, written with
 *     sshtok_put, reads back as one word with sshtok_next.
 *
 * Never linked into ucjob; built by tests/fuzz/run.sh (make fuzz).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "entry.h"
#include "sshconfig.h"
#include "sshtok.h"
#include "validate.h"

#define MAX_OPS		7
#define INCLUDE_PATH	"~/.ssh/ucjob-fuzz.conf"

static void
broken(const char *what, const char *text, size_t len)
{
	fprintf(stderr, "fuzz_sshconfig: invariant broken: %s (text of %zu "
	    "bytes)\n", what, len);
	fwrite(text, 1, len > 2000 ? 2000 : len, stderr);
	fputc('\n', stderr);
	abort();
}

/* The text without its block: [0, block_start) + [block_end, len). */
static void
outside(const struct config_doc *d, struct buf *out)
{
	out->len = 0;
	if (!d->has_block) {
		buf_add(out, d->text, d->len);
		return;
	}
	buf_add(out, d->text, d->block_start);
	buf_add(out, d->text + d->block_end, d->len - d->block_end);
}

static int
same(const struct buf *a, const char *p, size_t n)
{
	return a->len == n && (n == 0 || memcmp(a->data, p, n) == 0);
}

/* Whether the text ends without a final newline (after any BOM). */
static int
open_ended(const struct config_doc *d)
{
	return d->len > d->bom && d->text[d->len - 1] != '\n';
}

static void
render(const char *alias, int port, const char *eol, struct buf *out)
{
	struct entry e;

	memset(&e, 0, sizeof(e));
	e.alias = alias;
	e.hostname = "ssh.cloud.sdu.dk";
	e.port = port;
	e.user = "ucloud";
	e.identity = "~/.ssh/id_ed25519";
	e.known_hosts = "~/.ssh/ucjob_known_hosts";
	e.job = port % 2 ? "4398201" : NULL;
	e.added = "2026-11-24T12:00:00Z";
	entry_render(&e, eol, out);
}

/* Outside bytes of before and after must match, allowing one EOL that an
 * add at the end of an open-ended file puts before the block. */
static void
check_outside(const struct config_doc *before, const struct config_doc *after,
    const char *what)
{
	struct buf a = { 0 }, b = { 0 };
	size_t eollen = strlen(before->eol);

	outside(before, &a);
	outside(after, &b);
	if (!same(&a, b.data, b.len) &&
	    !(!before->has_block && open_ended(before) &&
	    b.len == a.len + eollen && memcmp(a.data, b.data, a.len) == 0 &&
	    memcmp(b.data + a.len, before->eol, eollen) == 0))
		broken(what, after->text, after->len);
	buf_free(&a);
	buf_free(&b);
}

static void
op_add(const struct config_doc *cur, const char *alias, int port,
    struct buf *out)
{
	struct config_doc next, back;
	struct buf entry = { 0 }, removed = { 0 };
	const struct entry_view *e;
	char why[256], *flags;
	int existed = config_find(cur, alias, strlen(alias)) != NULL;

	render(alias, port, cur->eol, &entry);
	config_upsert(cur, alias, entry.data, entry.len, out);
	if (config_parse(out->data, out->len, &next, why, sizeof(why)) !=
	    CONFIG_OK)
		broken("the text after an add does not parse", out->data,
		    out->len);
	if (!next.has_block)
		broken("no block after an add", out->data, out->len);
	if ((e = config_find(&next, alias, strlen(alias))) == NULL)
		broken("the added entry is not found", out->data, out->len);
	if (e->end - e->start != entry.len ||
	    memcmp(out->data + e->start, entry.data, entry.len) != 0)
		broken("the added entry is not as rendered", out->data,
		    out->len);
	check_outside(cur, &next, "bytes outside the block changed (add)");

	/* Add then remove gives back the bytes, for a new entry in a text
	 * without a block or with a block that keeps an entry. */
	if (!existed && (!cur->has_block || cur->nentries > 0)) {
		if ((flags = calloc(next.nentries, 1)) == NULL)
			abort();
		flags[e - next.entries] = 1;
		config_remove(&next, flags, &removed);
		if (!same(&removed, cur->text, cur->len))
			broken("add then rm does not give back the text",
			    removed.data ? removed.data : "", removed.len);
		if (config_parse(removed.data, removed.len, &back, why,
		    sizeof(why)) != CONFIG_OK)
			broken("the text after add and rm does not parse",
			    removed.data, removed.len);
		config_doc_free(&back);
		free(flags);
	}
	config_doc_free(&next);
	buf_free(&entry);
	buf_free(&removed);
}

static void
op_remove(const struct config_doc *cur, size_t which, struct buf *out)
{
	struct config_doc next;
	struct buf a = { 0 }, b = { 0 };
	char why[256], *flags;

	if ((flags = calloc(cur->nentries, 1)) == NULL)
		abort();
	flags[which] = 1;
	config_remove(cur, flags, out);
	free(flags);
	if (config_parse(out->data ? out->data : "", out->len, &next, why,
	    sizeof(why)) != CONFIG_OK)
		broken("the text after a remove does not parse", out->data,
		    out->len);
	if (cur->nentries > 1) {
		if (!next.has_block || next.nentries != cur->nentries - 1)
			broken("a remove took more than one entry", out->data,
			    out->len);
		check_outside(cur, &next, "bytes outside the block changed "
		    "(rm)");
	} else {
		/* The last entry: the block goes, and with it the EOL that
		 * an add put before a block ending an open-ended file. */
		if (next.has_block)
			broken("the block stayed without entries", out->data,
			    out->len);
		outside(cur, &a);
		buf_add(&b, out->data ? out->data : "", out->len);
		if (!same(&a, b.data, b.len) &&
		    !(cur->block_end == cur->len && open_ended(cur) &&
		    ((a.len == b.len + 1 && a.data[a.len - 1] == '\n') ||
		    (a.len == b.len + 2 && a.data[a.len - 2] == '\r' &&
		    a.data[a.len - 1] == '\n')) &&
		    memcmp(a.data, b.data, b.len) == 0))
			broken("bytes outside the block changed (rm of the "
			    "last entry)", out->data, out->len);
	}
	config_doc_free(&next);
	buf_free(&a);
	buf_free(&b);
}

static void
op_include(const struct config_doc *cur, struct buf *out)
{
	static const char *const names[] = { INCLUDE_PATH };
	struct config_doc next;
	char why[256];

	config_add_include(cur, INCLUDE_PATH, out);
	if (config_parse(out->data, out->len, &next, why, sizeof(why)) !=
	    CONFIG_OK)
		broken("the text after an Include does not parse", out->data,
		    out->len);
	if (!config_has_include(&next, names, 1))
		broken("the added Include is not found", out->data, out->len);
	if (next.has_block != cur->has_block ||
	    next.nentries != cur->nentries)
		broken("an Include changed the block", out->data, out->len);
	if (out->len <= cur->len)
		broken("an Include added no bytes", out->data, out->len);
	config_doc_free(&next);
}

/* The quote writer and the tokenizer agree on the first line of data. */
static void
check_word_round_trip(const uint8_t *data, size_t size)
{
	struct buf line = { 0 };
	struct sshtok c;
	struct span kw;
	char word[256], back[256];
	size_t n = 0;

	while (n < size && n < sizeof(word) - 1 && data[n] != '\0' &&
	    data[n] != '\n' && data[n] != '\r')
		n++;
	memcpy(word, data, n);
	word[n] = '\0';
	buf_adds(&line, "K ");
	sshtok_put(&line, word);
	if (!sshtok_line(&c, line.data, 0, line.len, &kw) ||
	    sshtok_next(&c, back, sizeof(back), NULL) != SSHTOK_WORD ||
	    strcmp(back, word) != 0 ||
	    sshtok_next(&c, NULL, 0, NULL) != SSHTOK_END)
		broken("a word written by sshtok_put reads back otherwise",
		    line.data, line.len);
	buf_free(&line);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config_doc cur;
	struct buf text = { 0 }, out = { 0 };
	char why[256], alias[32];
	size_t nops, i;
	uint8_t op;

	if (size == 0)
		return 0;
	check_word_round_trip(data, size);
	nops = data[0] % (MAX_OPS + 1);
	if (size < 1 + nops)
		return 0;
	buf_add(&text, data + 1 + nops, size - 1 - nops);
	for (i = 0; i < nops; i++) {
		op = data[1 + i];
		if (config_parse(text.data ? text.data : "", text.len, &cur, why,
		    sizeof(why)) != CONFIG_OK) {
			if (i > 0)
				broken("an operation made the text unparsable",
				    text.data, text.len);
			config_doc_free(&cur);
			break;
		}
		out.len = 0;
		switch (op % 4) {
		case 0:		/* a new job or the same one again */
			snprintf(alias, sizeof(alias), "ucloud-job-%d",
			    2400 + op / 4 % 8);
			op_add(&cur, alias, 2400 + op / 4 % 8, &out);
			break;
		case 1:		/* update an entry already there */
			if (cur.nentries == 0 || cur.entries[op / 4 %
			    cur.nentries].alias.len == 0 ||
			    cur.entries[op / 4 % cur.nentries].alias.len >=
			    sizeof(alias)) {
				buf_add(&out, cur.text, cur.len);
				break;
			}
			span_copy(&cur, cur.entries[op / 4 % cur.nentries].alias,
			    alias, sizeof(alias));
			/* As ucjob add: only a valid alias is written. */
			if (!alias_valid(alias) ||
			    config_find(&cur, alias, strlen(alias)) == NULL) {
				buf_add(&out, cur.text, cur.len);
				break;
			}
			op_add(&cur, alias, 1000 + op, &out);
			break;
		case 2:
			if (cur.nentries == 0) {
				buf_add(&out, cur.text, cur.len);
				break;
			}
			op_remove(&cur, op / 4 % cur.nentries, &out);
			break;
		default:
			op_include(&cur, &out);
			break;
		}
		config_doc_free(&cur);
		text.len = 0;
		buf_add(&text, out.data ? out.data : "", out.len);
	}
	if (nops == 0) {
		(void)config_parse(text.data ? text.data : "", text.len, &cur,
		    why, sizeof(why));
		config_doc_free(&cur);
	}
	buf_free(&text);
	buf_free(&out);
	return 0;
}
