/*
 * cmd_list: `ucjob list` (table, --json, --names) and `ucjob show`.
 * Read-only: they take no lock, since every write is an atomic rename.
 * `list --names` feeds shell completion on every TAB: one read, one pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "msg.h"
#include "ucjob.h"
#include "validate.h"

enum list_format { LIST_TABLE, LIST_JSON, LIST_NAMES };

static const struct option list_longopts[] = {
	GLOBAL_LONGOPTS,
	{ "json",	no_argument,	NULL, OPT_JSON },
	{ "names",	no_argument,	NULL, OPT_NAMES },
	{ NULL, 0, NULL, 0 }
};

static const struct option show_longopts[] = {
	GLOBAL_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static int
list_option(struct ctx *c, int opt, const char *arg, void *state)
{
	enum list_format *f = state;

	(void)arg;
	if (opt == OPT_JSON)
		*f = LIST_JSON;
	else if (opt == OPT_NAMES)
		*f = LIST_NAMES;
	else
		return usage_error(c->cmd, "unexpected option");
	return 0;
}

static void
put_span(const struct config_doc *doc, struct span s, const char *empty)
{
	if (s.len == 0)
		fputs(empty, stdout);
	else
		put_visible_n(doc->text + s.off, s.len, stdout);
}

static void
put_json_string(const struct config_doc *doc, struct span s)
{
	struct buf b = { 0 };

	json_quote(&b, s.len > 0 ? doc->text + s.off : NULL, s.len);
	fputs(b.data, stdout);
	buf_free(&b);
}

static void
list_json(const struct config_doc *doc)
{
	const struct entry_view *e;
	char port[8];
	size_t i;
	int p;

	putchar('[');
	for (i = 0; i < doc->nentries; i++) {
		e = &doc->entries[i];
		span_copy(doc, e->port, port, sizeof(port));
		printf("%s\n  {\"alias\": ", i ? "," : "");
		put_json_string(doc, e->alias);
		fputs(", \"host\": ", stdout);
		put_json_string(doc, e->hostname);
		/* A port edited by hand into nonsense is null, not a guess. */
		if (e->port.len < sizeof(port) && port_parse(port, &p) == 0)
			printf(", \"port\": %d, \"user\": ", p);
		else
			fputs(", \"port\": null, \"user\": ", stdout);
		put_json_string(doc, e->user);
		fputs(", \"identity_file\": ", stdout);
		put_json_string(doc, e->identity);
		fputs(", \"job\": ", stdout);
		put_json_string(doc, e->job);
		fputs(", \"added\": ", stdout);
		put_json_string(doc, e->added);
		putchar('}');
	}
	fputs(doc->nentries ? "\n]\n" : "]\n", stdout);
}

static void
list_table(const struct config_doc *doc)
{
	const struct entry_view *e;
	size_t i, wa = 5, wt = 6, wj = 3, t;

	for (i = 0; i < doc->nentries; i++) {
		e = &doc->entries[i];
		if (e->alias.len > wa)
			wa = e->alias.len;
		t = e->user.len + 1 + e->hostname.len + 1 + e->port.len;
		if (t > wt)
			wt = t;
		if (e->job.len > wj)
			wj = e->job.len;
	}
	printf("%-*s  %-*s  %-*s  %s\n", (int)wa, "ALIAS", (int)wt, "TARGET",
	    (int)wj, "JOB", "ADDED (UTC)");
	for (i = 0; i < doc->nentries; i++) {
		e = &doc->entries[i];
		put_span(doc, e->alias, "");
		printf("%*s  ", (int)(wa - e->alias.len), "");
		put_span(doc, e->user, "");
		putchar('@');
		put_span(doc, e->hostname, "");
		putchar(':');
		put_span(doc, e->port, "");
		t = e->user.len + 1 + e->hostname.len + 1 + e->port.len;
		printf("%*s  ", (int)(wt - t), "");
		put_span(doc, e->job, "-");
		printf("%*s  ", (int)(wj - (e->job.len ? e->job.len : 1)), "");
		put_span(doc, e->added, "-");
		putchar('\n');
	}
}

int
cmd_list(struct ctx *c, int argc, char **argv)
{
	enum list_format format = LIST_TABLE;
	struct config_doc doc;
	char path[PATH_LEN], **pos, *data;
	size_t len, i;
	int npos, rc, include;

	rc = parse_args(c, argc, argv, GLOBAL_SHORTOPTS, list_longopts,
	    list_option, &format, &pos, &npos, NULL);
	if (rc == 0 && npos > 0)
		rc = usage_error(c->cmd, "unexpected '%s'", pos[0]);
	free(pos);
	if (rc != 0 || (rc = load_settings(c)) != 0 ||
	    (rc = config_path(c, path, sizeof(path), &include)) != 0 ||
	    (rc = read_config(path, &data, &len, &doc)) != 0)
		return rc;
	if (format == LIST_NAMES) {
		for (i = 0; i < doc.nentries; i++) {
			put_span(&doc, doc.entries[i].alias, "");
			putchar('\n');
		}
	} else if (format == LIST_JSON)
		list_json(&doc);
	else if (doc.nentries == 0)
		notice("no jobs registered in %s", path);
	else
		list_table(&doc);
	config_doc_free(&doc);
	free(data);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		error_line("cannot write the list");
		return EXIT_FAIL;
	}
	return 0;
}

int
cmd_show(struct ctx *c, int argc, char **argv)
{
	struct config_doc doc;
	const struct entry_view *e;
	char path[PATH_LEN], **pos, *data;
	size_t len;
	int npos, rc, include, i;
	long k;

	rc = parse_args(c, argc, argv, GLOBAL_SHORTOPTS, show_longopts, NULL,
	    NULL, &pos, &npos, NULL);
	if (rc == 0 && npos == 0)
		rc = usage_error(c->cmd, "name the job to show (ALIAS or PORT)");
	if (rc != 0 || (rc = load_settings(c)) != 0 ||
	    (rc = config_path(c, path, sizeof(path), &include)) != 0 ||
	    (rc = read_config(path, &data, &len, &doc)) != 0) {
		free(pos);
		return rc;
	}
	for (i = 0; i < npos && rc == 0; i++) {
		if ((k = resolve_entry(&doc, pos[i], path)) < 0) {
			rc = EXIT_USAGE;
			break;
		}
		e = &doc.entries[k];
		put_text_visible(doc.text + e->start, e->end - e->start,
		    stdout);
	}
	config_doc_free(&doc);
	free(data);
	free(pos);
	return rc;
}
