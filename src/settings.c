/*
 * settings: ucjob's own settings file (SPEC.md section 4), read with
 * libconfuse and merged over the built-in defaults, then the environment
 * (UCJOB_HOST, ...), then the site chosen with --site.
 *
 * It owns the table of keys (name, default, variable, check), the lookup
 * of the file and all memory in struct settings.  It must never write a
 * file, print anything or exit (save through xmalloc.h when memory runs
 * out), and
 * it must never let through a value that validate.c would refuse: every
 * value here ends up in an ssh config or on a command line.
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <confuse.h>

#include "atomicfile.h"
#include "settings.h"
#include "validate.h"
#include "xmalloc.h"

/* A settings file is a few hundred bytes; anything this big is a mistake. */
#define SETTINGS_MAX_SIZE	(1024 * 1024)
/* Items of an options list (ucjob.conf(5)); -o may add as many again. */
#define SETTINGS_MAX_OPTIONS	32

struct key {
	const char	*name;		/* as written in the file */
	const char	*env;		/* variable that overrides it */
	const char	*def;		/* built-in default */
	size_t		 offset;	/* of its field in settings */
	int		(*valid)(const char *);
	const char	*expected;	/* what valid() accepts */
};

/* Where one settings_load() call reports its first error. */
struct loader {
	const char	*path;		/* the file being read */
	char		*why;
	size_t		 whylen;
	int		 failed;
	char		 warn[512];	/* the file is group-writable */
};

static void	fail(struct loader *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	report_error(cfg_t *, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));
static int	valid_path(const char *);
static int	valid_identity_file(const char *);
static int	valid_key_type(const char *);
static int	valid_clipboard(const char *);
static int	valid_host_key_checking(const char *);
static int	valid_api_url(const char *);
static int	valid_api_timeout(const char *);
static int	valid_sync_alias(const char *);

#define PATH_EXPECTED \
	"a path without quotes, '#', '%', '${', '\\' or control characters"

static const struct key keys[] = {
	{ "host", "UCJOB_HOST", "ssh.cloud.sdu.dk",
	    offsetof(struct settings, host), host_valid,
	    "a host name or an IP address" },
	{ "user", "UCJOB_USER", "ucloud",
	    offsetof(struct settings, user), user_valid,
	    "letters, digits, '.', '_' and '-'" },
	{ "alias-prefix", "UCJOB_ALIAS_PREFIX", "ucloud-job-",
	    offsetof(struct settings, alias_prefix), alias_valid,
	    "letters, digits, '.', '_' and '-', not starting with '-'" },
	{ "identity-file", "UCJOB_IDENTITY_FILE", "",
	    offsetof(struct settings, identity_file), valid_identity_file,
	    "\"\" or " PATH_EXPECTED },
	{ "known-hosts", "UCJOB_KNOWN_HOSTS", "~/.ssh/ucjob_known_hosts",
	    offsetof(struct settings, known_hosts), valid_path,
	    PATH_EXPECTED },
	{ "ssh-config", "UCJOB_SSH_CONFIG", "~/.ssh/config",
	    offsetof(struct settings, ssh_config), valid_path,
	    PATH_EXPECTED },
	{ "key-type", "UCJOB_KEY_TYPE", "ed25519",
	    offsetof(struct settings, key_type), valid_key_type,
	    "ed25519, ecdsa, rsa, ed25519-sk or ecdsa-sk" },
	{ "clipboard", "UCJOB_CLIPBOARD", "auto",
	    offsetof(struct settings, clipboard), valid_clipboard,
	    "auto, pbcopy, clip, wl-copy, xclip, xsel, osc52 or none" },
	{ "host-key-checking", "UCJOB_HOST_KEY_CHECKING", "ask",
	    offsetof(struct settings, host_key_checking),
	    valid_host_key_checking, "ask or accept-new" },
	{ "ssh", "UCJOB_SSH", "ssh",
	    offsetof(struct settings, ssh), valid_path,
	    PATH_EXPECTED },
	{ "ssh-keygen", "UCJOB_SSH_KEYGEN", "ssh-keygen",
	    offsetof(struct settings, ssh_keygen), valid_path,
	    PATH_EXPECTED },
	{ "api-url", "UCJOB_API_URL", "https://cloud.sdu.dk",
	    offsetof(struct settings, api_url), valid_api_url,
	    "https://HOST[:PORT] with no path" },
	{ "api-ca-file", "UCJOB_API_CA_FILE", "",
	    offsetof(struct settings, api_ca_file), valid_identity_file,
	    "\"\" or " PATH_EXPECTED },
	{ "api-timeout", "UCJOB_API_TIMEOUT", "20",
	    offsetof(struct settings, api_timeout), valid_api_timeout,
	    "whole seconds from 1 to 600" },
	{ "sync-alias", "UCJOB_SYNC_ALIAS", "job-id",
	    offsetof(struct settings, sync_alias), valid_sync_alias,
	    "job-id or name" },
};
#define NKEYS	(sizeof(keys) / sizeof(keys[0]))

static const char *const key_types[] = {
	"ed25519", "ecdsa", "rsa", "ed25519-sk", "ecdsa-sk", NULL
};
static const char *const clipboards[] = {
	"auto", "pbcopy", "clip", "wl-copy", "xclip", "xsel", "osc52", "none",
	NULL
};
static const char *const host_key_checkings[] = {
	"ask", "accept-new", NULL
};

/*
 * libconfuse's error callback takes no argument of ours, so the loader
 * being parsed is reachable only from here.  It is set just around
 * cfg_parse_buf() and cleared again, so nothing survives between calls.
 */
static struct loader *active_loader;

static int
word_in(const char *s, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strcmp(s, *words) == 0)
			return 1;
	return 0;
}

static int
valid_path(const char *s)
{
	return path_valid(s);
}

static int
valid_identity_file(const char *s)
{
	return s[0] == '\0' || path_valid(s);
}

static int
valid_key_type(const char *s)
{
	return word_in(s, key_types);
}

static int
valid_clipboard(const char *s)
{
	return word_in(s, clipboards);
}

static int
valid_host_key_checking(const char *s)
{
	return word_in(s, host_key_checkings);
}

/* https://HOST[:PORT], optionally ending in '/', and nothing else. */
static int
valid_api_url(const char *s)
{
	char host[256];
	const char *p;
	size_t n;
	int port;

	if (strncmp(s, "https://", 8) != 0)
		return 0;
	s += 8;
	n = strcspn(s, ":/");
	if (n == 0 || n >= sizeof(host))
		return 0;
	memcpy(host, s, n);
	host[n] = '\0';
	if (!host_valid(host))
		return 0;
	p = s + n;
	if (*p == ':') {
		n = strcspn(++p, "/");
		if (n == 0 || n > 5)
			return 0;
		memcpy(host, p, n);
		host[n] = '\0';
		if (port_parse(host, &port) != 0)
			return 0;
		p += n;
	}
	return p[0] == '\0' || (p[0] == '/' && p[1] == '\0');
}

static int
valid_api_timeout(const char *s)
{
	int n;

	return port_parse(s, &n) == 0 && n <= 600;
}

static int
valid_sync_alias(const char *s)
{
	return strcmp(s, "job-id") == 0 || strcmp(s, "name") == 0;
}

static const struct key *
key_find(const char *name)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static char **
key_field(struct settings *s, const struct key *k)
{
	return (char **)(void *)((char *)s + k->offset);
}

/* Record the first error only, as one printable line. */
static void
fail(struct loader *ld, const char *fmt, ...)
{
	va_list ap;
	char *p;

	if (ld->failed)
		return;
	ld->failed = 1;
	if (ld->why == NULL || ld->whylen == 0)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(ld->why, ld->whylen, fmt, ap);
	va_end(ap);
	for (p = ld->why; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p == 0x7f)
			*p = '?';
}

/* libconfuse's error callback: "FILE:LINE: message". */
static void
report_error(cfg_t *cfg, const char *fmt, va_list ap)
{
	char msg[512];

	if (active_loader == NULL)
		return;
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	if (cfg != NULL && cfg->line > 0)
		fail(active_loader, "%s:%d: %s", active_loader->path,
		    cfg->line, msg);
	else
		fail(active_loader, "%s: %s", active_loader->path, msg);
}

/* "option 'host'", or "option 'host' in site 'aau'" inside a site. */
static void
option_place(cfg_t *cfg, const char *name, char *buf, size_t len)
{
	const char *site;

	if ((site = cfg_title(cfg)) != NULL)
		(void)snprintf(buf, len, "option '%s' in site '%s'", name,
		    site);
	else
		(void)snprintf(buf, len, "option '%s'", name);
}

/* Validation callback for every scalar key, at the top and in sites. */
static int
check_scalar(cfg_t *cfg, cfg_opt_t *opt)
{
	const struct key *k;
	const char *v;
	char place[192];

	if ((k = key_find(cfg_opt_name(opt))) == NULL ||
	    (v = cfg_opt_getnstr(opt, 0)) == NULL || k->valid(v))
		return 0;
	option_place(cfg, k->name, place, sizeof(place));
	cfg_error(cfg, "invalid value for %s: '%s' (expected %s)", place, v,
	    k->expected);
	return -1;
}

/*
 * Check one item of the options list, "Keyword value" with spaces or
 * tabs between.  Returns NULL, or what is wrong with it (in buf).
 */
static const char *
option_item_problem(const char *item, char *buf, size_t len)
{
	char keyword[64];
	const char *value;
	size_t n;

	n = strcspn(item, " \t");
	value = item + n + strspn(item + n, " \t");
	if (n == 0 || *value == '\0') {
		(void)snprintf(buf, len, "'%s' (expected \"Keyword value\")",
		    item);
		return buf;
	}
	if (n >= sizeof(keyword))
		n = sizeof(keyword) - 1;
	memcpy(keyword, item, n);
	keyword[n] = '\0';
	if (!ssh_keyword_known(keyword))
		(void)snprintf(buf, len, "unknown ssh_config keyword '%s'",
		    keyword);
	else if (ssh_keyword_managed(keyword))
		(void)snprintf(buf, len, "keyword '%s' %s", keyword,
		    ssh_keyword_refusal(keyword, NULL, 0));
	else if (!value_valid(value, 1))
		(void)snprintf(buf, len, "invalid value for %s: '%s' "
		    "(expected no quotes, '#', '\\' or control characters)",
		    keyword, value);
	else
		return NULL;
	return buf;
}

/*
 * Validation callback for the options list.  libconfuse runs it as each
 * item is read, with all the items so far: only the new ones are
 * checked, so a long list costs linear time, and past
 * SETTINGS_MAX_OPTIONS items the list is refused.
 */
static int
check_options(cfg_t *cfg, cfg_opt_t *opt)
{
	static const cfg_opt_t *seen;
	static unsigned int checked;
	const char *problem;
	char place[192], buf[384];
	unsigned int i, n = cfg_opt_size(opt);

	/* A list read anew (n back to 1) may lie where the last one did. */
	if (opt != seen || n <= checked) {
		seen = opt;
		checked = 0;
	}
	if (n > SETTINGS_MAX_OPTIONS) {
		option_place(cfg, cfg_opt_name(opt), place, sizeof(place));
		cfg_error(cfg, "too many items in %s: at most %d",
		    place, SETTINGS_MAX_OPTIONS);
		return -1;
	}
	for (i = checked; i < n; i++) {
		problem = option_item_problem(cfg_opt_getnstr(opt, i), buf,
		    sizeof(buf));
		if (problem != NULL) {
			option_place(cfg, cfg_opt_name(opt), place,
			    sizeof(place));
			cfg_error(cfg, "invalid item in %s: %s", place,
			    problem);
			return -1;
		}
	}
	checked = n;
	return 0;
}

/* allow-options: keywords only, each one that options may not set
 * otherwise. */
static int
check_allow_options(cfg_t *cfg, cfg_opt_t *opt)
{
	const char *kw;
	unsigned int i;

	for (i = 0; i < cfg_opt_size(opt); i++) {
		kw = cfg_opt_getnstr(opt, i);
		if (!ssh_keyword_unsafe(kw) || ssh_keyword_managed(kw)) {
			cfg_error(cfg, "invalid item in option 'allow-options': "
			    "'%s' (expected a keyword that options refuses "
			    "otherwise, such as ProxyCommand)", kw);
			return -1;
		}
	}
	return 0;
}

/* The parser: every key at the top level and again in site sections. */
static cfg_t *
parser_new(void)
{
	cfg_opt_t site_opts[NKEYS + 2], root_opts[NKEYS + 4];
	cfg_opt_t list = CFG_STR_LIST("options", NULL, CFGF_NODEFAULT);
	cfg_opt_t site = CFG_SEC("site", site_opts,
	    CFGF_MULTI | CFGF_TITLE | CFGF_NO_TITLE_DUPES);
	cfg_opt_t end = CFG_END();
	char name[64];
	cfg_opt_t allow = CFG_STR_LIST("allow-options", NULL, CFGF_NODEFAULT);
	cfg_t *cfg;
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		cfg_opt_t opt = CFG_STR(keys[i].name, NULL, CFGF_NODEFAULT);

		site_opts[i] = opt;
		root_opts[i] = opt;
	}
	site_opts[NKEYS] = list;
	site_opts[NKEYS + 1] = end;
	root_opts[NKEYS] = list;
	root_opts[NKEYS + 1] = site;
	root_opts[NKEYS + 2] = allow;
	root_opts[NKEYS + 3] = end;

	/* cfg_init fails only when memory runs out. */
	if ((cfg = cfg_init(root_opts, CFGF_NONE)) == NULL)
		errx(1, "out of memory");
	(void)cfg_set_error_function(cfg, report_error);
	for (i = 0; i < NKEYS; i++) {
		(void)cfg_set_validate_func(cfg, keys[i].name, check_scalar);
		(void)snprintf(name, sizeof(name), "site|%s", keys[i].name);
		(void)cfg_set_validate_func(cfg, name, check_scalar);
	}
	(void)cfg_set_validate_func(cfg, "options", check_options);
	(void)cfg_set_validate_func(cfg, "site|options", check_options);
	(void)cfg_set_validate_func(cfg, "allow-options", check_allow_options);
	return cfg;
}

static char *
concat(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *s;

	s = xmalloc(na + nb + 1);
	memcpy(s, a, na);
	memcpy(s + na, b, nb + 1);
	return s;
}

/*
 * The file to read: the -c path, else $UCJOB_CONFIG, else the per-user
 * default.  Sets *required when a missing file is an error.  Returns a
 * malloc'ed path, or NULL when there is nowhere to look.
 */
static char *
settings_path(const char *path, int *required)
{
	const char *dir;

	*required = 1;
	if (path != NULL)
		return xstrdup(path);
	if ((dir = getenv("UCJOB_CONFIG")) != NULL && *dir != '\0')
		return xstrdup(dir);
	*required = 0;
#ifdef _WIN32
	if ((dir = getenv("APPDATA")) != NULL && *dir != '\0')
		return concat(dir, "\\ucjob\\config");
#else
	/* The XDG spec says to ignore a relative XDG_CONFIG_HOME. */
	if ((dir = getenv("XDG_CONFIG_HOME")) != NULL && dir[0] == '/')
		return concat(dir, "/ucjob/config");
	if ((dir = getenv("HOME")) != NULL && *dir != '\0')
		return concat(dir, "/.config/ucjob/config");
#endif
	return NULL;
}

/* Whether fd is a character device (-c /dev/null), which holds no text
 * another user could put there. */
static int
is_device(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISCHR(st.st_mode);
}

/*
 * Read the whole file into *text (NUL-terminated).  Returns 0, 1 when
 * the file does not exist and need not, or -1 after fail().
 */
static int
read_text(struct loader *ld, int required, char **text)
{
	FILE *fp;
	char *buf = NULL, reason[1024];
	size_t len = 0, cap = 0, n;
	int fd, flags, saved;

	*text = NULL;
	fp = NULL;
#ifdef _WIN32
	/* Windows has no FIFOs in the file system to hang on. */
	(void)flags;
	if ((fd = open(ld->path, O_RDONLY)) == -1 ||
	    (fp = fdopen(fd, "r")) == NULL) {
#else
	/* Opened without blocking, so that a FIFO nobody writes to reads
	 * as empty instead of hanging; then reads block again, so a pipe
	 * (-c <(...)) is read to its end. */
	if ((fd = open(ld->path, O_RDONLY | O_NONBLOCK)) == -1 ||
	    (flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1 ||
	    (fp = fdopen(fd, "r")) == NULL) {
#endif
		saved = errno;
		if (fd != -1)
			(void)close(fd);
		if (!required && (saved == ENOENT || saved == ENOTDIR))
			return 1;
		fail(ld, "cannot read %s: %s", ld->path, strerror(saved));
		return -1;
	}
	/* It names the programs ucjob runs: OpenSSH's rule for its own
	 * config, on the file and its directory. */
	if (!is_device(fd) && file_trusted(fd, ld->path, reason,
	    sizeof(reason), ld->warn, sizeof(ld->warn)) != 0) {
		fail(ld, "%s", reason);
		goto bad;
	}
	for (;;) {
		if (cap - len < 2) {
			if (cap >= SETTINGS_MAX_SIZE) {
				fail(ld, "cannot read %s: larger than %d bytes",
				    ld->path, SETTINGS_MAX_SIZE);
				goto bad;
			}
			cap = cap == 0 ? 4096 : cap * 2;
			buf = xreallocarray(buf, cap, 1);
		}
		n = fread(buf + len, 1, cap - len - 1, fp);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		saved = errno;
		fail(ld, "cannot read %s: %s", ld->path, strerror(saved));
		goto bad;
	}
	buf[len] = '\0';
	if (memchr(buf, '\0', len) != NULL) {
		fail(ld, "%s: not a text file (holds a NUL byte)", ld->path);
		goto bad;
	}
	(void)fclose(fp);
	*text = buf;
	return 0;
bad:
	(void)fclose(fp);
	free(buf);
	return -1;
}

/*
 * libconfuse 3.3 miscounts lines after comments, refuses comments
 * inside a list, and takes end of file inside a section, a quoted string
 * or a comment as if it were closed.  So go over the text first with the
 * lexer's rules: blank out every comment (keeping its newlines) and
 * refuse anything left open, naming the line where it was opened.
 */
static int
blank_comments(struct loader *ld, char *p)
{
	int line = 1, start, depth = 0, open_line = 0, closers = 1;
	char quote;

	while (*p != '\0') {
		if (*p == '\n') {
			line++;
			p++;
		} else if (*p == '#' || (p[0] == '/' && p[1] == '/')) {
			while (*p != '\0' && *p != '\n')
				*p++ = ' ';
		} else if (p[0] == '/' && p[1] == '*') {
			start = line;
			*p++ = ' ';
			*p++ = ' ';
			while (*p != '\0' && !(p[0] == '*' && p[1] == '/')) {
				if (*p == '\n')
					line++;
				else
					*p = ' ';
				p++;
			}
			if (*p == '\0') {
				fail(ld, "%s:%d: unterminated comment",
				    ld->path, start);
				return -1;
			}
			*p++ = ' ';
			*p++ = ' ';
		} else if (*p == '"' || *p == '\'') {
			quote = *p++;
			start = line;
			while (*p != '\0' && *p != quote) {
				if (*p == '\\' && p[1] != '\0')
					p++;
				if (*p == '\n')
					line++;
				p++;
			}
			if (*p == '\0') {
				fail(ld, "%s:%d: unterminated string",
				    ld->path, start);
				return -1;
			}
			p++;
		} else if (p[0] == '$' && p[1] == '{' && closers &&
		    (closers = strchr(p, '}') != NULL)) {
			/* ${VARIABLE} is one token; its '}' is no brace. */
			for (; *p != '}'; p++)
				if (*p == '\n')
					line++;
			p++;
		} else {
			if (*p == '{' && depth++ == 0)
				open_line = line;
			else if (*p == '}' && depth > 0)
				depth--;
			p++;
		}
	}
	if (depth > 0) {
		fail(ld, "%s:%d: missing '}' for the '{' on this line",
		    ld->path, open_line);
		return -1;
	}
	return 0;
}

static int
parse_text(struct loader *ld, cfg_t *cfg, char *text)
{
	int rc;

	/* Editors on Windows may start the file with a byte order mark. */
	if (strncmp(text, "\xef\xbb\xbf", 3) == 0)
		memset(text, ' ', 3);
	if (blank_comments(ld, text) < 0)
		return -1;
	active_loader = ld;
	rc = cfg_parse_buf(cfg, text);
	active_loader = NULL;
	if (rc != CFG_SUCCESS) {
		fail(ld, "%s: cannot parse", ld->path);
		return -1;
	}
	return 0;
}

/* Normalize "Keyword   value" (already checked) to "Keyword value". */
static char *
option_item_copy(const char *item)
{
	size_t n;
	const char *value;
	char *s;

	n = strcspn(item, " \t");
	value = item + n + strspn(item + n, " \t");
	s = xmalloc(n + 1 + strlen(value) + 1);
	memcpy(s, item, n);
	s[n] = ' ';
	memcpy(s + n + 1, value, strlen(value) + 1);
	return s;
}

static void
options_free(struct settings *s)
{
	size_t i;

	for (i = 0; i < s->noptions; i++)
		free(s->options[i]);
	free(s->options);
	s->options = NULL;
	s->noptions = 0;
}

/*
 * Take what one level (the top of the file or a site) sets.  A list
 * written as "options = {}" counts as set, so a site can empty it.
 */
static void
apply_level(struct settings *s, cfg_t *cfg)
{
	const struct key *k;
	cfg_opt_t *opt;
	size_t i, n;

	for (k = keys; k < keys + NKEYS; k++) {
		if (cfg_size(cfg, k->name) == 0)
			continue;
		settings_set(key_field(s, k), cfg_getstr(cfg, k->name));
		if (k->offset == offsetof(struct settings, ssh_config))
			s->ssh_config_set = 1;
	}
	opt = cfg_getopt(cfg, "options");
	if (opt == NULL || (cfg_opt_size(opt) == 0 &&
	    (opt->flags & CFGF_MODIFIED) == 0))
		return;
	options_free(s);
	if ((n = cfg_opt_size(opt)) == 0)
		return;
	s->options = xcalloc(n, sizeof(*s->options));
	for (i = 0; i < n; i++)
		s->options[i] = option_item_copy(cfg_opt_getnstr(opt,
		    (unsigned int)i));
	s->noptions = n;
}

/* The top level's allow-options list into s. */
static void
read_allow_options(struct settings *s, cfg_t *cfg)
{
	size_t i, n = cfg_size(cfg, "allow-options");

	if (n == 0)
		return;
	s->allow_options = xcalloc(n, sizeof(char *));
	for (i = 0; i < n; i++)
		s->allow_options[i] = xstrdup(cfg_getnstr(cfg,
		    "allow-options", (unsigned int)i));
	s->nallow_options = n;
}

/*
 * Options that run a program or weaken host keys need allow-options,
 * which may stand anywhere in the file: checked once it is all read.
 */
static int
check_unsafe_options(struct loader *ld, const struct settings *s,
    cfg_t *cfg, const char *site)
{
	const char *item, *why;
	char kw[64];
	size_t i, n = cfg_size(cfg, "options");

	for (i = 0; i < n; i++) {
		item = cfg_getnstr(cfg, "options", (unsigned int)i);
		(void)snprintf(kw, sizeof(kw), "%.*s",
		    (int)strcspn(item, " \t"), item);
		why = ssh_keyword_refusal(kw, (const char *const *)
		    s->allow_options, s->nallow_options);
		if (why != NULL) {
			fail(ld, "%s: invalid item in option 'options'%s%s%s: "
			    "keyword '%s' %s", ld->path, site ? " in site '" : "",
			    site ? site : "", site ? "'" : "", kw, why);
			return -1;
		}
	}
	return 0;
}

static int
apply_environment(struct settings *s, struct loader *ld)
{
	const struct key *k;
	const char *v;

	for (k = keys; k < keys + NKEYS; k++) {
		/* An empty variable counts as unset. */
		if ((v = getenv(k->env)) == NULL || *v == '\0')
			continue;
		if (!k->valid(v)) {
			fail(ld, "%s: invalid value '%s' (expected %s)",
			    k->env, v, k->expected);
			return -1;
		}
		settings_set(key_field(s, k), v);
		if (k->offset == offsetof(struct settings, ssh_config))
			s->ssh_config_set = 1;
	}
	return 0;
}

static void
list_sites(struct settings *s, cfg_t *cfg)
{
	size_t i, n;

	if ((n = cfg_size(cfg, "site")) == 0)
		return;
	s->sites = xcalloc(n, sizeof(*s->sites));
	for (i = 0; i < n; i++)
		s->sites[i] = xstrdup(cfg_title(cfg_getnsec(cfg, "site",
		    (unsigned int)i)));
	s->nsites = n;
}

static void
unknown_site(struct loader *ld, const struct settings *s, const char *site)
{
	char names[256] = "";
	size_t i;

	if (s->nsites == 0) {
		fail(ld, "unknown site '%s' (no sites defined)", site);
		return;
	}
	for (i = 0; i < s->nsites; i++) {
		if (i > 0)
			(void)strlcat(names, ", ", sizeof(names));
		(void)strlcat(names, s->sites[i], sizeof(names));
	}
	fail(ld, "unknown site '%s' (sites in %s: %s)", site, s->path, names);
}

int
settings_load(struct settings *s, const char *path, const char *site,
    char *why, size_t whylen)
{
	struct loader ld;
	const struct key *k;
	cfg_t *cfg, *section;
	char *file, *text = NULL;
	unsigned int i;
	int required, rc;

	memset(s, 0, sizeof(*s));
	memset(&ld, 0, sizeof(ld));
	ld.why = why;
	ld.whylen = whylen;
	if (why != NULL && whylen > 0)
		why[0] = '\0';

	for (k = keys; k < keys + NKEYS; k++)
		*key_field(s, k) = xstrdup(k->def);
	cfg = parser_new();

	if ((file = settings_path(path, &required)) != NULL) {
		ld.path = file;
		rc = read_text(&ld, required, &text);
		if (rc < 0 || (rc == 0 && parse_text(&ld, cfg, text) < 0))
			goto bad;
		if (rc == 0)
			s->path = xstrdup(file);
		if (ld.warn[0] != '\0')
			s->warning = xstrdup(ld.warn);
	}
	read_allow_options(s, cfg);
	if (check_unsafe_options(&ld, s, cfg, NULL) < 0)
		goto bad;
	for (i = 0; i < cfg_size(cfg, "site"); i++) {
		section = cfg_getnsec(cfg, "site", i);
		if (check_unsafe_options(&ld, s, section,
		    cfg_title(section)) < 0)
			goto bad;
	}
	apply_level(s, cfg);
	list_sites(s, cfg);
	if (apply_environment(s, &ld) < 0)
		goto bad;
	if (site != NULL) {
		if ((section = cfg_gettsec(cfg, "site", site)) == NULL) {
			unknown_site(&ld, s, site);
			goto bad;
		}
		apply_level(s, section);
	}
	cfg_free(cfg);
	free(text);
	free(file);
	return 0;
bad:
	cfg_free(cfg);
	free(text);
	free(file);
	settings_free(s);
	return -1;
}

void
settings_set(char **field, const char *value)
{
	char *copy = NULL;

	if (value != NULL)
		copy = xstrdup(value);
	free(*field);
	*field = copy;
}

void
settings_free(struct settings *s)
{
	const struct key *k;
	size_t i;

	for (k = keys; k < keys + NKEYS; k++)
		free(*key_field(s, k));
	options_free(s);
	for (i = 0; i < s->nallow_options; i++)
		free(s->allow_options[i]);
	free(s->allow_options);
	s->allow_options = NULL;
	s->nallow_options = 0;
	free(s->warning);
	s->warning = NULL;
	for (i = 0; i < s->nsites; i++)
		free(s->sites[i]);
	free(s->sites);
	free(s->path);
	memset(s, 0, sizeof(*s));
}
