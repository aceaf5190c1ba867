/*
 * clipboard_win32: the Windows clipboard through its own programs:
 * clip.exe to copy, PowerShell's Get-Clipboard to paste (SPEC.md
 * section 5).  Text is UTF-8 on ucjob's side.  Only in the Windows
 * build; `ucjob key --copy` and `add --from-clipboard` are to call it.
 */
#ifndef UCJOB_CLIPBOARD_WIN32_H
#define UCJOB_CLIPBOARD_WIN32_H

#include <stddef.h>

/*
 * What clip.exe must read to put text (UTF-8) on the clipboard intact:
 * the text in UTF-16LE, without a byte order mark.  clip.exe guesses
 * the encoding of its input with IsTextUnicode(): narrow text may be
 * taken for UTF-16 (a short ASCII string is), and a byte order mark
 * would be copied too; UTF-16LE of any text is recognized.  Returns a
 * malloc'ed buffer (*outlen bytes), or NULL with errno EILSEQ (text is
 * not UTF-8, or holds a NUL) or ENOMEM.
 */
char	*clip_exe_encode(const char *text, size_t len, size_t *outlen);

/*
 * Copy text with program (the clipboard setting's "clip", or a path):
 * its stdin gets clip_exe_encode(text), its output goes to the null
 * device, and it must exit 0 within a few seconds.  Returns 0, or -1
 * with a one-line reason in why.
 */
int	clipboard_win32_copy(const char *program, const char *text,
	    size_t len, char *why, size_t whylen);

/*
 * The clipboard's text, UTF-8, from PowerShell's Get-Clipboard (made to
 * print UTF-8), without a trailing line break.  Returns a malloc'ed
 * string, or NULL with a one-line reason in why.
 */
char	*clipboard_win32_paste(char *why, size_t whylen);

#endif
