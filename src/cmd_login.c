/*
 * cmd_login: `ucjob login` and `ucjob logout`.  login reads a token
 * (without echo from a terminal, else from stdin), tells its kind by
 * form, checks it with one call, stores it in the credentials file and
 * says whom and which workspace it covers.  logout forgets it, ending a
 * browser session on the server too.  The token is never printed, never
 * put in an argv and never written anywhere but the credentials file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <termios.h>
#endif

#include "account.h"
#include "credentials.h"
#include "interrupt.h"
#include "msg.h"
#include "secret.h"
#include "ucjob.h"
#include "ucloud.h"

#define INPUT_MAX	4096
#define REVOKE_HINT	"revoke it in UCloud: Resources \342\206\222 API tokens"

static const struct option login_longopts[] = {
	GLOBAL_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static void	echo_restore(void);
static int	echo_off(int);
static int	no_dry_run(struct ctx *);
static int	read_token(char *, size_t, int *);
static int	say_identity(struct account *, const struct ucloud_identity *);

/* login and logout talk to the server and keep or forget a token at
 * once: there is no change to show first, so -n is refused. */
static int
no_dry_run(struct ctx *c)
{
	return usage_error(c->cmd, "has no --dry-run (-n): it stores or "
	    "forgets a token at once; nothing was read, sent or written");
}

#ifdef _WIN32
static DWORD		saved_mode;
#else
static struct termios	saved_mode;
#endif

/* Put back the terminal settings echo_off(1) found; signal-safe. */
static void
echo_restore(void)
{
#ifdef _WIN32
	(void)SetConsoleMode(GetStdHandle(STD_INPUT_HANDLE), saved_mode);
#else
	(void)tcsetattr(STDIN_FILENO, TCSANOW, &saved_mode);
#endif
}

/* Turn the terminal's echo off (on: 1) or back as it was (0), also
 * should a signal end ucjob meanwhile.  0 or -1. */
static int
echo_off(int off)
{
#ifdef _WIN32
	HANDLE h = GetStdHandle(STD_INPUT_HANDLE);
	DWORD mode;

	if (!off) {
		interrupt_restore(NULL);
		return SetConsoleMode(h, saved_mode) ? 0 : -1;
	}
	if (!GetConsoleMode(h, &mode))
		return -1;
	saved_mode = mode;
	interrupt_restore(echo_restore);
	return SetConsoleMode(h, mode & ~(DWORD)ENABLE_ECHO_INPUT) ? 0 : -1;
#else
	struct termios t;

	if (!off) {
		interrupt_restore(NULL);
		return tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_mode);
	}
	if (tcgetattr(STDIN_FILENO, &t) == -1)
		return -1;
	saved_mode = t;
	interrupt_restore(echo_restore);
	t.c_lflag &= ~(tcflag_t)ECHO;
	return tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
#endif
}

/*
 * The token: one line from the terminal without echo, or all of stdin
 * when it is not a terminal; blanks around it are dropped.  Returns 0,
 * or -1 when nothing could be read (*empty when the input was blank).
 */
static int
read_token(char *out, size_t outlen, int *empty)
{
	char buf[INPUT_MAX];
	size_t got = 0, start, end;
	ssize_t n;
	int tty = isatty(STDIN_FILENO);

	*empty = 0;
	if (tty) {
		fputs("UCloud token (Resources \342\206\222 API tokens): ",
		    stderr);
		fflush(stderr);
		if (echo_off(1) != 0)
			tty = 0;
	}
	while (got < sizeof(buf)) {
		if ((n = read(STDIN_FILENO, buf + got, sizeof(buf) - got)) ==
		    -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
		if (tty && memchr(buf, '\n', got) != NULL)
			break;
	}
	if (tty) {
		(void)echo_off(0);
		fputc('\n', stderr);
	}
	if (got == sizeof(buf)) {
		secret_wipe(buf, sizeof(buf));
		return -1;
	}
	for (start = 0; start < got && strchr(" \t\r\n", buf[start]); start++)
		continue;
	for (end = got; end > start && strchr(" \t\r\n", buf[end - 1]); end--)
		continue;
	if (end == start) {
		*empty = 1;
		return -1;
	}
	if (end - start >= outlen) {
		secret_wipe(buf, sizeof(buf));
		return -1;
	}
	memcpy(out, buf + start, end - start);
	out[end - start] = '\0';
	secret_wipe(buf, sizeof(buf));
	return 0;
}

static int
say_identity(struct account *a, const struct ucloud_identity *id)
{
	char title[UCLOUD_NAME_MAX + 16], why[512], when[64];

	if (!id->identified) {
		info("the token works on %s, but it is not among the "
		    "account's API tokens: whom it covers is unknown", a->host);
		return 0;
	}
	if (id->project[0] == '\0')
		(void)snprintf(title, sizeof(title), "My workspace");
	else if (ucloud_project_title(&a->http, id->project, title,
	    sizeof(title), why, sizeof(why)) != 0)
		(void)snprintf(title, sizeof(title), "project %s",
		    id->project);
	info("logged in to %s as %s, workspace: %s", a->host, id->user, title);
	if (id->expires >= 0) {
		account_time(id->expires, when, sizeof(when));
		info("the %s expires %s", a->kind == TOKEN_API ?
		    "API token" : "access token", when);
	}
	return 0;
}

int
cmd_login(struct ctx *c, int argc, char **argv)
{
	struct account a;
	struct ucloud_identity id;
	char token[CRED_TOKEN_MAX], why[1024], **pos;
	int npos, rc, empty, changed;
	long long expires = -1;

	rc = parse_args(c, argc, argv, GLOBAL_SHORTOPTS, login_longopts, NULL,
	    NULL, &pos, &npos, NULL);
	if (rc == 0 && npos > 0)
		rc = usage_error(c->cmd, "takes no arguments: the token is "
		    "read from the terminal or stdin, never the command line");
	if (rc == 0 && c->dry_run)
		rc = no_dry_run(c);
	free(pos);
	if (rc != 0 || (rc = account_setup(c, &a)) != 0)
		return rc;
	if (read_token(token, sizeof(token), &empty) != 0)
		return usage_error(c->cmd, empty ? "no token given" :
		    "the token is too long");
	a.kind = token_kind(token);
	if (a.kind == TOKEN_BAD) {
		secret_wipe(token, sizeof(token));
		return usage_error(c->cmd, "that is not a UCloud token: "
		    "expected an API token (uc...-...) or a browser refresh "
		    "token (64 hex digits)");
	}
	(void)snprintf(a.token, sizeof(a.token), "%s", token);
	secret_wipe(token, sizeof(token));
	a.http.token = a.token;
	if (a.kind == TOKEN_REFRESH) {
		debug("a refresh token: exchanging it at /auth/refresh");
		if (ucloud_refresh(&a.http, a.bearer, sizeof(a.bearer), why,
		    sizeof(why)) != 0) {
			account_close(&a);
			return account_fail(why);
		}
		a.http.token = a.bearer;
		if (ucloud_check(&a.http, why, sizeof(why)) != 0) {
			account_close(&a);
			return account_fail(why);
		}
	} else
		(void)snprintf(a.bearer, sizeof(a.bearer), "%s", a.token);
	a.http.token = a.bearer;
	if ((rc = account_identity(&a, &id)) != 0) {
		account_close(&a);
		return rc;
	}
	if (a.kind == TOKEN_API)
		expires = id.expires;
	if (credentials_store(a.cred_path, a.site, a.token, expires, &changed,
	    why, sizeof(why)) != 0) {
		account_close(&a);
		error_line("cannot store the token: %s", why);
		return EXIT_FAIL;
	}
	debug("token stored in %s", a.cred_path);
	rc = say_identity(&a, &id);
	if (getenv("UCJOB_TOKEN") != NULL && *getenv("UCJOB_TOKEN") != '\0')
		notice("UCJOB_TOKEN is set and overrides the stored token");
	account_close(&a);
	return rc;
}

int
cmd_logout(struct ctx *c, int argc, char **argv)
{
	struct account a;
	char why[1024], **pos;
	int npos, rc, changed, over = 0;

	rc = parse_args(c, argc, argv, GLOBAL_SHORTOPTS, login_longopts, NULL,
	    NULL, &pos, &npos, NULL);
	if (rc == 0 && npos > 0)
		rc = usage_error(c->cmd, "unexpected '%s'", pos[0]);
	if (rc == 0 && c->dry_run)
		rc = no_dry_run(c);
	free(pos);
	if (rc != 0 || (rc = account_setup(c, &a)) != 0)
		return rc;
	rc = credentials_read(a.cred_path, a.site, a.token, sizeof(a.token),
	    &a.expires, why, sizeof(why));
	if (rc < 0)
		return account_fail(why);
	if (rc == 0) {
		info("no token is stored%s%s", c->site ? " for site " : "",
		    c->site ? c->site : "");
		return 0;
	}
	a.kind = token_kind(a.token);
	if (a.kind == TOKEN_REFRESH) {
		a.http.token = a.token;
		over = ucloud_logout(&a.http, why, sizeof(why));
		if (over < 0) {
			account_close(&a);
			error_line("%s", why);
			error_line("the token is kept; try again, or delete "
			    "its line in %s", a.cred_path);
			return EXIT_FAIL;
		}
	}
	if (credentials_store(a.cred_path, a.site, NULL, -1, &changed, why,
	    sizeof(why)) != 0) {
		account_close(&a);
		error_line("cannot forget the token: %s", why);
		return EXIT_FAIL;
	}
	if (over)
		info("logged out: the browser session had ended already "
		    "(%s refused its token); the token is forgotten", a.host);
	else if (a.kind == TOKEN_REFRESH)
		info("logged out: the browser session has ended");
	else
		info("the API token is forgotten here; it works until it "
		    "expires: %s", REVOKE_HINT);
	if (getenv("UCJOB_TOKEN") != NULL && *getenv("UCJOB_TOKEN") != '\0')
		notice("UCJOB_TOKEN is still set and is used instead");
	account_close(&a);
	return 0;
}
