/*
 * clipboard: copying to and pasting from the system clipboard.
 *
 * It owns the choice of clipboard programs, their argv, how their
 * success is judged (exit status only: xclip and wl-copy fork a server
 * that keeps inherited descriptors open, so they get /dev/null, never a
 * pipe to wait on) and the OSC 52 escape sequence.  It must never run a
 * shell, print anything or write OSC 52 anywhere but the terminal
 * (/dev/tty).
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clip_exe.h"
#include "clipboard.h"
#include "spawn.h"

#define CLIP_TIMEOUT_MS	10000

#ifdef _WIN32
#define CLIP_PROGRAM		"clip"
#define POWERSHELL_PROGRAM	"powershell"
#else
#define CLIP_PROGRAM		"clip.exe"
#define POWERSHELL_PROGRAM	"powershell.exe"
#endif

static const char *const copy_argv[][4] = {
	[CLIP_PBCOPY] =		{ "pbcopy", NULL },
	[CLIP_CLIP] =		{ CLIP_PROGRAM, NULL },
	[CLIP_WL_COPY] =	{ "wl-copy", NULL },
	[CLIP_XCLIP] =		{ "xclip", "-selection", "clipboard", NULL },
	[CLIP_XSEL] =		{ "xsel", "--clipboard", "--input", NULL },
	[CLIP_OSC52] =		{ NULL },
};

static const char *const paste_argv[][6] = {
	[CLIP_PBCOPY] =		{ "pbpaste", NULL },
	[CLIP_CLIP] =		{ POWERSHELL_PROGRAM, "-NoProfile",
				    "-NonInteractive", "-Command",
				    CLIP_EXE_PASTE_COMMAND, NULL },
	[CLIP_WL_COPY] =	{ "wl-paste", "--no-newline", NULL },
	[CLIP_XCLIP] =		{ "xclip", "-o", "-selection", "clipboard",
				    NULL },
	[CLIP_XSEL] =		{ "xsel", "--clipboard", "--output", NULL },
	[CLIP_OSC52] =		{ NULL },
};

/* The settings' names, in enum order. */
static const char *const setting_names[] = {
	[CLIP_PBCOPY] = "pbcopy",
	[CLIP_CLIP] = "clip",
	[CLIP_WL_COPY] = "wl-copy",
	[CLIP_XCLIP] = "xclip",
	[CLIP_XSEL] = "xsel",
	[CLIP_OSC52] = "osc52",
};
#define NMETHODS	(sizeof(setting_names) / sizeof(setting_names[0]))

static int
env_set(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && v[0] != '\0';
}

void
clip_env_read(struct clip_env *env)
{
	memset(env, 0, sizeof(*env));
#if defined(__APPLE__)
	env->macos = 1;
#endif
#if defined(_WIN32)
	env->windows = 1;
#endif
	env->wsl = env_set("WSL_DISTRO_NAME") || env_set("WSL_INTEROP");
	env->wayland = env_set("WAYLAND_DISPLAY");
	env->x11 = env_set("DISPLAY");
	env->tmux = env_set("TMUX");
	env->stdout_tty = isatty(STDOUT_FILENO);
	env->ssh = env_set("SSH_CONNECTION") || env_set("SSH_TTY");
}

int
clip_local_desktop(const struct clip_env *env)
{
	return (env->wayland || env->x11) && !env->ssh && !env->wsl &&
	    !env->windows && !env->macos;
}

enum clip_method
clip_desktop_method(const struct clip_env *env)
{
	return env->wayland ? CLIP_WL_COPY : CLIP_XCLIP;
}

size_t
clip_methods(const char *setting, const struct clip_env *env, int paste,
    enum clip_method out[CLIP_MAX_METHODS])
{
	size_t i, n = 0;

	if (strcmp(setting, "auto") != 0) {
		for (i = 0; i < NMETHODS; i++)
			if (strcmp(setting, setting_names[i]) == 0 &&
			    !(paste && i == CLIP_OSC52))
				out[n++] = (enum clip_method)i;
		return n;	/* "none", or a single method */
	}
	/* WSLg also sets DISPLAY and WAYLAND_DISPLAY: WSL comes first. */
	if (env->windows || env->wsl)
		out[n++] = CLIP_CLIP;
	if (env->macos)
		out[n++] = CLIP_PBCOPY;
	if (env->wayland)
		out[n++] = CLIP_WL_COPY;
	if (env->x11) {
		out[n++] = CLIP_XCLIP;
		out[n++] = CLIP_XSEL;
	}
	if (!paste && env->stdout_tty)
		out[n++] = CLIP_OSC52;
	return n;
}

const char *
clip_method_name(enum clip_method m)
{
	if (m == CLIP_OSC52)
		return "OSC 52";
	return copy_argv[m][0];
}

static void
base64_add(struct buf *out, const unsigned char *p, size_t len)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char quad[4];
	unsigned long v;
	size_t i;

	for (i = 0; i + 2 < len; i += 3) {
		v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8 |
		    p[i + 2];
		quad[0] = alphabet[v >> 18 & 63];
		quad[1] = alphabet[v >> 12 & 63];
		quad[2] = alphabet[v >> 6 & 63];
		quad[3] = alphabet[v & 63];
		buf_add(out, quad, 4);
	}
	if (i == len)
		return;
	v = (unsigned long)p[i] << 16;
	if (i + 1 < len)
		v |= (unsigned long)p[i + 1] << 8;
	quad[0] = alphabet[v >> 18 & 63];
	quad[1] = alphabet[v >> 12 & 63];
	quad[2] = i + 1 < len ? alphabet[v >> 6 & 63] : '=';
	quad[3] = '=';
	buf_add(out, quad, 4);
}

int
osc52_build(const char *data, size_t len, int tmux, struct buf *out)
{
	if (len > OSC52_MAX_BYTES)
		return -1;
	if (tmux) {
		/* The inner ESC is doubled; BEL needs no escaping. */
		buf_adds(out, "\033Ptmux;\033\033]52;c;");
		base64_add(out, (const unsigned char *)data, len);
		buf_adds(out, "\a\033\\");
	}
	buf_adds(out, "\033]52;c;");
	base64_add(out, (const unsigned char *)data, len);
	buf_adds(out, "\a");
	return 0;
}

/* Append "; " and a formatted note to why. */
static void __attribute__((format(printf, 3, 4)))
note(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;
	size_t used = strlen(why);

	if (used + 2 >= whylen)
		return;
	if (used > 0) {
		memcpy(why + used, "; ", 3);
		used += 2;
	}
	va_start(ap, fmt);
	(void)vsnprintf(why + used, whylen - used, fmt, ap);
	va_end(ap);
}

static void
note_run(char *why, size_t whylen, const char *program,
    const struct spawn_result *res)
{
	char how[64];
	int n;

	if (!res->started && res->start_errno == ENOENT) {
		note(why, whylen, "%s not found (%s)", program,
		    spawn_install_hint(program));
		return;
	}
	(void)spawn_describe(res, how, sizeof(how));
	if (res->err == NULL || res->err_len == 0) {
		note(why, whylen, "%s %s", program, how);
		return;
	}
	/* The first line of what it said, at most 200 bytes of it. */
	n = (int)strcspn(res->err, "\r\n");
	note(why, whylen, "%s %s: %.*s", program, how, n > 200 ? 200 : n,
	    res->err);
}

static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
copy_osc52(const char *data, size_t len, int tmux, char *why, size_t whylen)
{
	struct buf seq = { 0 };
	int fd, rc;

	if (osc52_build(data, len, tmux, &seq) != 0) {
		note(why, whylen, "OSC 52: the text is over %d bytes",
		    OSC52_MAX_BYTES);
		return -1;
	}
	if ((fd = open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC)) == -1) {
		note(why, whylen, "OSC 52: no terminal (/dev/tty: %s)",
		    strerror(errno));
		buf_free(&seq);
		return -1;
	}
	rc = write_all(fd, seq.data, seq.len);
	if (rc != 0)
		note(why, whylen, "OSC 52: cannot write to /dev/tty: %s",
		    strerror(errno));
	(void)close(fd);
	buf_free(&seq);
	return rc;
}

static void
nothing_to_try(const char *setting, int paste, char *why, size_t whylen)
{
	if (strcmp(setting, "none") == 0)
		note(why, whylen, "the clipboard setting is \"none\"");
	else if (paste && strcmp(setting, "osc52") == 0)
		note(why, whylen, "a terminal's clipboard (OSC 52) cannot be "
		    "read");
	else if (paste)
		note(why, whylen, "no clipboard program for this session (no "
		    "WAYLAND_DISPLAY or DISPLAY)");
	else
		note(why, whylen, "no clipboard program for this session (no "
		    "WAYLAND_DISPLAY or DISPLAY) and standard output is not a "
		    "terminal for OSC 52");
}

int
clipboard_copy(const char *setting, const struct clip_env *env,
    const char *data, size_t len, enum clip_method *used, char *why,
    size_t whylen)
{
	enum clip_method m[CLIP_MAX_METHODS];
	struct spawn_opts opts;
	struct spawn_result res;
	char *utf16 = NULL;
	size_t i, n, n16;
	int rc;

	why[0] = '\0';
	if ((n = clip_methods(setting, env, 0, m)) == 0) {
		nothing_to_try(setting, 0, why, whylen);
		return -1;
	}
	memset(&opts, 0, sizeof(opts));
	opts.stdout_mode = SPAWN_NULL;
	opts.stderr_mode = SPAWN_NULL;
	opts.timeout_ms = CLIP_TIMEOUT_MS;
	for (i = 0; i < n; i++) {
		*used = m[i];
		if (m[i] == CLIP_OSC52) {
			if (copy_osc52(data, len, env->tmux, why, whylen) == 0)
				return 0;
			continue;
		}
		opts.input = data;
		opts.input_len = len;
		/* clip.exe guesses narrow text's encoding: give it UTF-16LE. */
		if (m[i] == CLIP_CLIP) {
			if ((utf16 = clip_exe_encode(data, len, &n16)) == NULL) {
				note(why, whylen, "clip: the text is not UTF-8");
				continue;
			}
			opts.input = utf16;
			opts.input_len = n16;
		}
		rc = spawn_run(copy_argv[m[i]], &opts, &res);
		free(utf16);
		utf16 = NULL;
		if (rc == 0) {
			spawn_result_free(&res);
			return 0;
		}
		note_run(why, whylen, copy_argv[m[i]][0], &res);
		spawn_result_free(&res);
	}
	return -1;
}

int
clipboard_paste(const char *setting, const struct clip_env *env,
    char **text, size_t *len, enum clip_method *used, char *why,
    size_t whylen)
{
	enum clip_method m[CLIP_MAX_METHODS];
	struct spawn_opts opts;
	struct spawn_result res;
	size_t i, n;

	why[0] = '\0';
	*text = NULL;
	*len = 0;
	if ((n = clip_methods(setting, env, 1, m)) == 0) {
		nothing_to_try(setting, 1, why, whylen);
		return -1;
	}
	memset(&opts, 0, sizeof(opts));
	opts.stdin_mode = SPAWN_NULL;
	opts.stdout_mode = SPAWN_CAPTURE;
	opts.stderr_mode = SPAWN_CAPTURE;
	opts.timeout_ms = CLIP_TIMEOUT_MS;
	for (i = 0; i < n; i++) {
		*used = m[i];
		if (spawn_run(paste_argv[m[i]], &opts, &res) == 0) {
			*text = res.out;	/* ours now */
			*len = res.out_len;
			res.out = NULL;
			spawn_result_free(&res);
			return 0;
		}
		note_run(why, whylen, paste_argv[m[i]][0], &res);
		spawn_result_free(&res);
	}
	return -1;
}
