/*
 * clipboard_win32: copy with clip.exe, paste with PowerShell, with the
 * encodings of clip_exe.h at the boundary (UTF-8 inside ucjob, UTF-16LE
 * for clip.exe, UTF-8 forced on PowerShell's output); spawn.h runs the
 * programs.  It never touches the clipboard through the Windows API
 * itself, so what it does is what the user could do by hand.
 */
#include <windows.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clip_exe.h"
#include "clipboard_win32.h"
#include "spawn.h"

#define CLIP_TIMEOUT_MS		10000
#define PASTE_TIMEOUT_MS	20000	/* PowerShell starts slowly */

int
clipboard_win32_copy(const char *program, const char *text, size_t len,
    char *why, size_t whylen)
{
	const char *argv[] = { program, NULL };
	struct spawn_opts opts;
	struct spawn_result res;
	char how[128], *data;
	size_t n;
	int rc = 0;

	if ((data = clip_exe_encode(text, len, &n)) == NULL) {
		snprintf(why, whylen, "cannot copy: the text is not UTF-8");
		return -1;
	}
	memset(&opts, 0, sizeof(opts));
	opts.input = data;
	opts.input_len = n;
	opts.stdout_mode = SPAWN_NULL;
	opts.stderr_mode = SPAWN_CAPTURE;
	opts.timeout_ms = CLIP_TIMEOUT_MS;
	if (spawn_run(argv, &opts, &res) != 0) {
		if (!res.started)
			snprintf(why, whylen, "cannot copy: %s %s; %s", program,
			    spawn_describe(&res, how, sizeof(how)),
			    spawn_install_hint(program));
		else
			snprintf(why, whylen, "cannot copy: %s %s%s%.200s",
			    program, spawn_describe(&res, how, sizeof(how)),
			    res.err_len > 0 ? ": " : "",
			    res.err != NULL ? res.err : "");
		rc = -1;
	}
	spawn_result_free(&res);
	free(data);
	return rc;
}

char *
clipboard_win32_paste(char *why, size_t whylen)
{
	const char *argv[] = { "powershell", "-NoProfile", "-NonInteractive",
	    "-Command", CLIP_EXE_PASTE_COMMAND, NULL };
	struct spawn_opts opts;
	struct spawn_result res;
	char how[128], *text;
	size_t n, skip = 0;

	memset(&opts, 0, sizeof(opts));
	opts.stdin_mode = SPAWN_NULL;
	opts.stdout_mode = SPAWN_CAPTURE;
	opts.stderr_mode = SPAWN_CAPTURE;
	opts.timeout_ms = PASTE_TIMEOUT_MS;
	if (spawn_run(argv, &opts, &res) != 0) {
		if (!res.started)
			snprintf(why, whylen, "cannot paste: powershell %s; %s",
			    spawn_describe(&res, how, sizeof(how)),
			    spawn_install_hint("powershell"));
		else
			snprintf(why, whylen, "cannot paste: powershell %s",
			    spawn_describe(&res, how, sizeof(how)));
		spawn_result_free(&res);
		return NULL;
	}
	n = res.out_len;
	if (n >= 3 && memcmp(res.out, "\xef\xbb\xbf", 3) == 0)
		skip = 3;
	while (n > skip && (res.out[n - 1] == '\n' || res.out[n - 1] == '\r'))
		n--;
	if ((text = malloc(n - skip + 1)) != NULL) {
		memcpy(text, res.out + skip, n - skip);
		text[n - skip] = '\0';
	} else
		snprintf(why, whylen, "cannot paste: out of memory");
	spawn_result_free(&res);
	return text;
}
