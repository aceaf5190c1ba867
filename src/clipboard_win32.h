/*
 * clipboard_win32: the Windows clipboard through its own programs:
 * clip.exe to copy, PowerShell's Get-Clipboard to paste (SPEC.md
 * section 5).  Text is UTF-8 on ucjob's side; clip_exe.h has the
 * encoding rules.  Only in the Windows build, for `ucjob key --copy` and
 * `add --from-clipboard` (the clipboard module of the keys work is to
 * call it, or to apply clip_exe.h itself, which WSL needs too).
 */
#ifndef UCJOB_CLIPBOARD_WIN32_H
#define UCJOB_CLIPBOARD_WIN32_H

#include <stddef.h>

/*
 * Copy text with program (the clipboard setting's "clip", or a path):
 * its stdin gets clip_exe_encode(text) (UTF-16LE), its output goes to
 * the null device, and it must exit 0 within a few seconds.  Returns 0, or -1
 * with a one-line reason in why.
 */
int	clipboard_win32_copy(const char *program, const char *text,
	    size_t len, char *why, size_t whylen);

/*
 * The clipboard's text, UTF-8, from PowerShell's Get-Clipboard (made to
 * print UTF-8 by CLIP_EXE_PASTE_COMMAND), without a trailing line break.  Returns a malloc'ed
 * string, or NULL with a one-line reason in why.
 */
char	*clipboard_win32_paste(char *why, size_t whylen);

#endif
