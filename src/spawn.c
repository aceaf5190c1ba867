/*
 * spawn.c: what spawn.h's implementations share: the install hint for a
 * missing program, the one-line account of a finished run, the captured
 * output handed over and freed, which arguments a run accepts, and the
 * trace hook.  The hint texts are the platform's; the lookup and the
 * wording are written once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spawn.h"

#define GENERIC_HINT	"check that it is installed and on PATH"
#if defined(_WIN32)
#define PKG_HINT(pkg)	GENERIC_HINT
#define SSH_HINT	"install the OpenSSH Client: Settings > System > " \
			"Optional features > OpenSSH Client"
#define SSHD_HINT	GENERIC_HINT
#define CODE_HINT	"install Visual Studio Code (it puts 'code' on PATH)"
#define CLIP_HINT	"clip.exe ships with Windows: check that " \
			"C:\\Windows\\System32 is on PATH"
#define POWERSHELL_HINT	"PowerShell ships with Windows: check that it is " \
			"on PATH"
#else
#define CODE_HINT	"install Visual Studio Code and run " \
			"'Shell Command: Install code command in PATH'"
#define CLIP_HINT	GENERIC_HINT
#define POWERSHELL_HINT	GENERIC_HINT
#if defined(__APPLE__)
#define PKG_HINT(pkg)	GENERIC_HINT
#define SSH_HINT	"OpenSSH ships with macOS: check that /usr/bin " \
			"is on PATH"
#define SSHD_HINT	"OpenSSH ships with macOS: check that /usr/sbin " \
			"is on PATH"
#elif defined(__linux__)
#define PKG_HINT(pkg)	"install it with: sudo apt-get install " pkg
#define SSH_HINT	PKG_HINT("openssh-client")
#define SSHD_HINT	PKG_HINT("openssh-server")
#else
#define PKG_HINT(pkg)	GENERIC_HINT
#define SSH_HINT	GENERIC_HINT
#define SSHD_HINT	GENERIC_HINT
#endif
#endif

static const struct {
	const char	*program;
	const char	*hint;
} install_hints[] = {
	{ "ssh", SSH_HINT },		{ "ssh-add", SSH_HINT },
	{ "ssh-agent", SSH_HINT },	{ "ssh-keygen", SSH_HINT },
	{ "ssh-keyscan", SSH_HINT },	{ "sshd", SSHD_HINT },
	{ "xclip", PKG_HINT("xclip") },	{ "xsel", PKG_HINT("xsel") },
	{ "wl-copy", PKG_HINT("wl-clipboard") },
	{ "wl-paste", PKG_HINT("wl-clipboard") },
	{ "clip", CLIP_HINT },		{ "powershell", POWERSHELL_HINT },
	{ "code", CODE_HINT },
};

const char *
spawn_install_hint(const char *program)
{
	char	 name[64];
	size_t	 i;

	if (program == NULL ||
	    spawn_program_name(program, name, sizeof(name)) == -1)
		return GENERIC_HINT;
	for (i = 0; i < sizeof(install_hints) / sizeof(install_hints[0]); i++)
		if (strcmp(name, install_hints[i].program) == 0)
			return install_hints[i].hint;
	return GENERIC_HINT;
}

const char *
spawn_describe(const struct spawn_result *res, char *buf, size_t len)
{
	if (buf == NULL || len == 0)
		return "";
	if (!res->started && spawn_start_error(res->start_errno) == NULL)
		(void)snprintf(buf, len, "not found");
	else if (!res->started)
		(void)snprintf(buf, len, "could not be started: %s",
		    spawn_start_error(res->start_errno));
	else if (res->timed_out)
		(void)snprintf(buf, len, "timed out");
	else if (res->signal != 0)
		(void)snprintf(buf, len, "killed by signal %d", res->signal);
	else if (((unsigned int)res->exit_status & 0xC0000000u) ==
	    0xC0000000u)
		(void)snprintf(buf, len, "ended by exception 0x%08X",
		    (unsigned int)res->exit_status);
	else
		(void)snprintf(buf, len, "exited with status %d",
		    res->exit_status);
	return buf;
}

void
spawn_take_output(struct spawn_result *res, char *out, size_t out_len,
    char *err, size_t err_len)
{
	if (out != NULL)
		out[out_len] = '\0';
	if (err != NULL)
		err[err_len] = '\0';
	res->out = out;
	res->out_len = out_len;
	res->err = err;
	res->err_len = err_len;
}

int
spawn_args_ok(const char *const argv[], const struct spawn_opts *opts)
{
	return argv != NULL && argv[0] != NULL && opts != NULL &&
	    !(opts->input == NULL && opts->stdin_mode == SPAWN_CAPTURE) &&
	    opts->stdin_mode != SPAWN_STDERR &&
	    opts->stderr_mode != SPAWN_STDERR;
}

size_t
spawn_capture_max(const struct spawn_opts *opts)
{
	return opts->capture_max != 0 ? opts->capture_max : SPAWN_CAPTURE_MAX;
}

void
spawn_result_free(struct spawn_result *res)
{
	free(res->out);
	free(res->err);
	memset(res, 0, sizeof(*res));
}

void (*spawn_trace_hook)(const char *line);

void
spawn_trace(const char *fmt, ...)
{
	char line[8192];
	va_list ap;

	if (spawn_trace_hook == NULL)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	spawn_trace_hook(line);
}
