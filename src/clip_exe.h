/*
 * clip_exe: what Windows' own clipboard programs need, for every build
 * that runs them (Windows, and Linux under WSL): clip.exe must be fed
 * UTF-16LE, and PowerShell's Get-Clipboard must be told to print UTF-8.
 * Pure functions and constants; no I/O.
 */
#ifndef UCJOB_CLIP_EXE_H
#define UCJOB_CLIP_EXE_H

#include <stddef.h>

/*
 * The PowerShell -Command that prints the clipboard's text in UTF-8 (by
 * default PowerShell writes to a pipe in the console's code page), with
 * nothing added: run it as
 *   powershell -NoProfile -NonInteractive -Command CLIP_EXE_PASTE_COMMAND
 */
#define CLIP_EXE_PASTE_COMMAND \
	"[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding " \
	"$false; Get-Clipboard -Raw"

/*
 * What clip.exe must read to put text (UTF-8) on the clipboard intact:
 * the text in UTF-16LE, without a byte order mark.  clip.exe guesses the
 * encoding of its input with IsTextUnicode(): narrow text may be taken
 * for UTF-16 (short ASCII strings are), non-ASCII bytes are read in the
 * console's code page, and a byte order mark would be copied too;
 * UTF-16LE of any text is recognized.  Returns a malloc'ed buffer of
 * *outlen bytes, or NULL with errno EILSEQ (not UTF-8: a bad sequence,
 * an overlong form, a surrogate, beyond U+10FFFF, or a NUL) or ENOMEM.
 */
char	*clip_exe_encode(const char *text, size_t len, size_t *outlen);

#endif
