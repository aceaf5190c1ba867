/*
 * sync: plan and build the block that matches the account's jobs (see
 * sync.h).  Pure: the caller reads the config and the jobs, renders new
 * entries and writes the result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sync.h"
#include "validate.h"
#include "xmalloc.h"

#define WEEK_MS		(7LL * 24 * 3600 * 1000)

struct patch {
	struct span	 at;
	char		 text[SYNC_ALIAS_MAX];
};

static long	job_find(const struct sync_job *, size_t, const char *,
		    size_t);
static int	endpoint_same(const struct config_doc *,
		    const struct entry_view *, const struct sync_job *,
		    const struct sync_rules *);
static int	span_is_text(const struct config_doc *, struct span,
		    const char *);
static int	alias_taken(const struct config_doc *, const struct sync_plan *,
		    const char *);
static void	alias_choose(const struct config_doc *, const struct sync_plan *,
		    const struct sync_job *, const struct sync_rules *, char *,
		    size_t);
static void	plan_push(struct sync_plan *, enum sync_action, long, long,
		    const char *);
static void	update_entry(const struct config_doc *,
		    const struct entry_view *, const struct sync_job *,
		    const struct sync_rules *, const char *, struct buf *);

static long
job_find(const struct sync_job *jobs, size_t n, const char *id, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(jobs[i].id) == len &&
		    memcmp(jobs[i].id, id, len) == 0)
			return (long)i;
	return -1;
}

static int
span_is_text(const struct config_doc *doc, struct span s, const char *text)
{
	return s.len == strlen(text) &&
	    memcmp(doc->text + s.off, text, s.len) == 0;
}

/* Whether the entry already points where the job's endpoint is. */
static int
endpoint_same(const struct config_doc *doc, const struct entry_view *e,
    const struct sync_job *job, const struct sync_rules *rules)
{
	char port[16];

	(void)snprintf(port, sizeof(port), "%d", job->at.port);
	return span_is_text(doc, e->hostname, job->at.host) &&
	    span_is_text(doc, e->port, port) &&
	    span_is_text(doc, e->user, job->at.user[0] != '\0' ?
	    job->at.user : rules->default_user);
}

/* Whether alias names an entry that stays, or a planned add.  ssh reads
 * Host patterns ignoring case, so two aliases that differ only in case
 * would be one. */
static int
alias_taken(const struct config_doc *doc, const struct sync_plan *plan,
    const char *alias)
{
	const struct entry_view *e;
	size_t i, j, n = strlen(alias);

	for (i = 0; i < doc->nentries; i++) {
		e = &doc->entries[i];
		if (e->alias.len != n ||
		    strncasecmp(doc->text + e->alias.off, alias, n) != 0)
			continue;
		for (j = 0; j < plan->n; j++)
			if (plan->v[j].entry == (long)i &&
			    plan->v[j].action == SYNC_REMOVE)
				break;
		if (j == plan->n)
			return 1;
	}
	for (j = 0; j < plan->n; j++)
		if (plan->v[j].action == SYNC_ADD &&
		    strcasecmp(plan->v[j].alias, alias) == 0)
			return 1;
	return 0;
}

/* The alias a new entry for job gets: the job's name or prefix + id,
 * then "-ID", "-2", "-3", ... until it is unique. */
static void
alias_choose(const struct config_doc *doc, const struct sync_plan *plan,
    const struct sync_job *job, const struct sync_rules *rules, char *out,
    size_t outlen)
{
	char base[SYNC_ALIAS_MAX];
	int k;

	base[0] = '\0';
	if (rules->alias_by_name && job->name != NULL)
		sync_alias_from_name(job->name, base, sizeof(base));
	if (base[0] == '\0')
		(void)snprintf(base, sizeof(base), "%s%s", rules->alias_prefix,
		    job->id);
	(void)snprintf(out, outlen, "%s", base);
	if (alias_valid(out) && !alias_taken(doc, plan, out))
		return;
	(void)snprintf(out, outlen, "%s-%s", base, job->id);
	for (k = 2; !alias_valid(out) || alias_taken(doc, plan, out); k++)
		(void)snprintf(out, outlen, "%s-%s-%d", base, job->id, k);
}

static void
plan_push(struct sync_plan *plan, enum sync_action action, long entry,
    long job, const char *alias)
{
	struct sync_change *ch;

	plan->v = xreallocarray(plan->v, plan->n + 1, sizeof(*plan->v));
	ch = &plan->v[plan->n++];
	ch->action = action;
	ch->entry = entry;
	ch->job = job;
	(void)snprintf(ch->alias, sizeof(ch->alias), "%s", alias);
	plan->nadd += action == SYNC_ADD;
	plan->nupdate += action == SYNC_UPDATE;
	plan->nremove += action == SYNC_REMOVE;
	plan->nheld += action == SYNC_HELD;
}

void
sync_plan_make(const struct config_doc *doc, const struct sync_job *jobs,
    size_t n, const struct sync_rules *rules, struct sync_plan *plan)
{
	const struct entry_view *e;
	enum sync_action action;
	char alias[SYNC_ALIAS_MAX], *seen;
	size_t i;
	long j;

	memset(plan, 0, sizeof(*plan));
	seen = xcalloc(n + 1, 1);
	for (i = 0; i < doc->nentries; i++) {
		e = &doc->entries[i];
		if (e->job.len == 0)
			continue;	/* made by hand: never touched */
		span_copy(doc, e->alias, alias, sizeof(alias));
		j = job_find(jobs, n, doc->text + e->job.off, e->job.len);
		if (j >= 0)
			seen[j] = 1;
		if (j >= 0 && jobs[j].skip)
			action = SYNC_KEEP;
		else if (j < 0 || !jobs[j].has_endpoint)
			action = rules->allow_remove ? SYNC_REMOVE : SYNC_HELD;
		else if (endpoint_same(doc, e, &jobs[j], rules))
			action = SYNC_KEEP;
		else
			action = SYNC_UPDATE;
		plan_push(plan, action, (long)i, j, alias);
	}
	for (i = 0; i < n; i++) {
		if (seen[i] || jobs[i].skip || !jobs[i].has_endpoint)
			continue;
		alias_choose(doc, plan, &jobs[i], rules, alias, sizeof(alias));
		plan_push(plan, SYNC_ADD, -1, (long)i, alias);
	}
	free(seen);
}

void
sync_plan_free(struct sync_plan *plan)
{
	free(plan->v);
	memset(plan, 0, sizeof(*plan));
}

/* The entry's text with its HostName, Port, User and added= values set
 * to the job's endpoint and now; everything else stays. */
static void
update_entry(const struct config_doc *doc, const struct entry_view *e,
    const struct sync_job *job, const struct sync_rules *rules,
    const char *now, struct buf *out)
{
	struct patch p[4], tmp;
	size_t np = 0, i, k, pos = e->start;

	p[np].at = e->hostname;
	(void)snprintf(p[np++].text, sizeof(p[0].text), "%s", job->at.host);
	p[np].at = e->port;
	(void)snprintf(p[np++].text, sizeof(p[0].text), "%d", job->at.port);
	p[np].at = e->user;
	(void)snprintf(p[np++].text, sizeof(p[0].text), "%s",
	    job->at.user[0] != '\0' ? job->at.user : rules->default_user);
	if (e->added.len > 0) {
		p[np].at = e->added;
		(void)snprintf(p[np++].text, sizeof(p[0].text), "%s", now);
	}
	for (i = 1; i < np; i++)
		for (k = i; k > 0 && p[k].at.off < p[k - 1].at.off; k--) {
			tmp = p[k];
			p[k] = p[k - 1];
			p[k - 1] = tmp;
		}
	for (i = 0; i < np; i++) {
		buf_add(out, doc->text + pos, p[i].at.off - pos);
		buf_adds(out, p[i].text);
		pos = p[i].at.off + p[i].at.len;
	}
	buf_add(out, doc->text + pos, e->end - pos);
}

void
sync_plan_apply(const struct config_doc *doc, const struct sync_plan *plan,
    const struct sync_job *jobs, const struct sync_rules *rules,
    const char *now, sync_render_fn render, void *arg, struct buf *out)
{
	const struct entry_view *e;
	const struct sync_change *ch;
	struct buf adds = { 0 };
	long *change_of;
	char *all;
	size_t i, pos = 0, left;

	change_of = xcalloc(doc->nentries + 1, sizeof(*change_of));
	for (i = 0; i < doc->nentries; i++)
		change_of[i] = -1;
	for (i = 0; i < plan->n; i++) {
		if (plan->v[i].action == SYNC_ADD)
			render(&jobs[plan->v[i].job], plan->v[i].alias, doc->eol,
			    arg, &adds);
		else
			change_of[plan->v[i].entry] = (long)i;
	}
	left = doc->nentries;
	for (i = 0; i < plan->n; i++)
		left -= plan->v[i].action == SYNC_REMOVE;
	if (!doc->has_block || (left == 0 && adds.len == 0)) {
		/* No block yet (so nothing to update or remove), or nothing
		 * left in it: the sshconfig primitives place or drop it. */
		if (adds.len > 0)
			config_upsert(doc, "", adds.data, adds.len, out);
		else if (doc->has_block) {
			all = xmalloc(doc->nentries + 1);
			memset(all, 1, doc->nentries + 1);
			config_remove(doc, all, out);
			free(all);
		} else
			buf_add(out, doc->text, doc->len);
		goto done;
	}
	buf_reserve(out, doc->len + adds.len);
	for (i = 0; i < doc->nentries; i++) {
		e = &doc->entries[i];
		ch = change_of[i] >= 0 ? &plan->v[change_of[i]] : NULL;
		buf_add(out, doc->text + pos, e->start - pos);
		pos = e->end;
		if (ch != NULL && ch->action == SYNC_REMOVE)
			continue;
		if (ch != NULL && ch->action == SYNC_UPDATE)
			update_entry(doc, e, &jobs[ch->job], rules, now, out);
		else
			buf_add(out, doc->text + e->start, e->end - e->start);
	}
	buf_add(out, doc->text + pos, doc->body_end - pos);
	buf_add(out, adds.data, adds.len);
	buf_add(out, doc->text + doc->body_end, doc->len - doc->body_end);
done:
	free(change_of);
	buf_free(&adds);
}

void
sync_alias_from_name(const char *name, char *out, size_t outlen)
{
	size_t i, n = 0, max = outlen - 1;
	unsigned char ch;

	if (max > SYNC_NAME_MAX)
		max = SYNC_NAME_MAX;
	for (i = 0; name[i] != '\0' && n < max; i++) {
		ch = (unsigned char)name[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
		    ch == '-'))
			ch = '-';
		if (ch == '-' && (n == 0 || out[n - 1] == '-'))
			continue;
		if (ch == '.' && n == 0)
			continue;
		out[n++] = (char)ch;
	}
	while (n > 0 && out[n - 1] == '-')
		n--;
	out[n] = '\0';
	if (strspn(out, "0123456789") == n)
		out[0] = '\0';
}

int
sync_duration_parse(const char *s, long long *ms)
{
	long long v = 0, unit = 1000;
	size_t i;

	for (i = 0; s[i] >= '0' && s[i] <= '9'; i++) {
		v = v * 10 + (s[i] - '0');
		if (v > WEEK_MS)
			return -1;
	}
	if (i == 0)
		return -1;
	if (s[i] == 'm')
		unit = 60 * 1000;
	else if (s[i] == 'h')
		unit = 3600 * 1000;
	else if (s[i] != 's' && s[i] != '\0')
		return -1;
	if (s[i] != '\0' && s[i + 1] != '\0')
		return -1;
	if (v == 0 || v * unit > WEEK_MS)
		return -1;
	*ms = v * unit;
	return 0;
}

long
sync_backoff_next(long cur, long min, long max)
{
	long next = cur < min ? min : cur + cur / 2;

	return next > max ? max : next;
}
