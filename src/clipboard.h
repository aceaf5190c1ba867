/*
 * clipboard: put text on the system clipboard and read it back (SPEC.md
 * section 5), through pbcopy/pbpaste, clip.exe/Get-Clipboard, wl-copy/
 * wl-paste, xclip, xsel, or, for copying only, OSC 52 to the terminal.
 * The choice of methods and the OSC 52 bytes are pure functions; the
 * rest runs the programs through spawn.h.  It never prints: it tells its
 * caller what happened in one line.
 */
#ifndef UCJOB_CLIPBOARD_H
#define UCJOB_CLIPBOARD_H

#include <stddef.h>

#include "buf.h"

enum clip_method {
	CLIP_PBCOPY,	/* pbcopy / pbpaste */
	CLIP_CLIP,	/* clip.exe / PowerShell Get-Clipboard */
	CLIP_WL_COPY,	/* wl-copy / wl-paste */
	CLIP_XCLIP,	/* xclip -selection clipboard [-o] */
	CLIP_XSEL,	/* xsel --clipboard --input / --output */
	CLIP_OSC52	/* the terminal's OSC 52; copying only */
};

#define CLIP_MAX_METHODS	8
#define OSC52_MAX_BYTES		74994	/* raw bytes, before base64 */

/* What the choice in "auto" depends on. */
struct clip_env {
	int	macos;		/* built for macOS */
	int	windows;	/* built for Windows */
	int	wsl;		/* WSL_DISTRO_NAME or WSL_INTEROP is set */
	int	wayland;	/* WAYLAND_DISPLAY is set */
	int	x11;		/* DISPLAY is set */
	int	stdout_tty;	/* standard output is a terminal */
	int	tmux;		/* TMUX is set */
	int	ssh;		/* SSH_CONNECTION or SSH_TTY is set */
};

/* Fill env from the platform, the environment and isatty(stdout). */
void	clip_env_read(struct clip_env *env);

/*
 * The methods to try, in order, for the clipboard setting (auto, pbcopy,
 * clip, wl-copy, xclip, xsel, osc52, none): for "auto" WSL and Windows
 * first (clip.exe), then macOS, Wayland, X11 (xclip, then xsel) and OSC 52
 * when standard output is a terminal.  paste: for reading (never OSC 52).
 * Returns how many were put in out (0: nothing to try).  Pure.
 */
size_t	clip_methods(const char *setting, const struct clip_env *env,
	    int paste, enum clip_method out[CLIP_MAX_METHODS]);

/*
 * Whether env is a local graphical session (a display, not over SSH, not
 * WSL, Windows or macOS), where OSC 52 alone proves nothing: GNOME
 * Terminal and other VTE terminals ignore it, and a clipboard program is
 * the way.  Pure.
 */
int	clip_local_desktop(const struct clip_env *env);

/* The clipboard program such a session wants: wl-copy or xclip.  Pure. */
enum clip_method clip_desktop_method(const struct clip_env *env);

/* "wl-copy", "xclip", ...: the method's copying program (or "OSC 52"). */
const char *clip_method_name(enum clip_method m);

/*
 * The OSC 52 bytes that set the clipboard to data: ESC ] 52 ; c ; BASE64
 * BEL.  With tmux set, first the same wrapped for tmux's passthrough
 * (ESC P tmux; ... ESC \, every inner ESC doubled), which tmux forwards
 * with allow-passthrough on; the plain one reaches tmux's set-clipboard.
 * Returns 0, or -1 when data is over OSC52_MAX_BYTES.  Pure.
 */
int	osc52_build(const char *data, size_t len, int tmux, struct buf *out);

/*
 * Copy data with the first method of clip_methods() that works: a
 * program that starts and exits 0 (with /dev/null for its stdout and
 * stderr, since xclip and wl-copy fork and keep them open), or OSC 52
 * written to /dev/tty.  Returns 0 and sets *used, or -1 with what every
 * attempt gave in why.
 */
int	clipboard_copy(const char *setting, const struct clip_env *env,
	    const char *data, size_t len, enum clip_method *used, char *why,
	    size_t whylen);

/*
 * Read the clipboard's text with the first paste method that works.
 * Returns 0 with *text malloc'ed and NUL-terminated (the caller frees),
 * or -1 with the reason in why.
 */
int	clipboard_paste(const char *setting, const struct clip_env *env,
	    char **text, size_t *len, enum clip_method *used, char *why,
	    size_t whylen);

#endif
