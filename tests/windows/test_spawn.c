/*
 * test_spawn.c: the Windows tests of spawn_win32.c and of clipboard.c's
 * clip.exe and PowerShell method, run under wine by
 * tests/windows/w0100-spawn.sh; TAP on stdout.
 *
 *   test_spawn.exe HELPER SCRATCH      run the tests; HELPER is helper.exe,
 *                                      SCRATCH an empty directory
 *   test_spawn.exe exec PROGRAM ARG... spawn_exec(PROGRAM ARG...)
 *   test_spawn.exe stderr PROGRAM ARG...  spawn_run with its stdout
 *                                      SPAWN_STDERR
 *
 * Every child is tests/windows/helper.c, a real Windows program, so the
 * command line, pipes, exit codes and timeouts go through CreateProcessW
 * and the child's own C runtime.
 */
#include <windows.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clip_exe.h"
#include "clipboard.h"
#include "spawn.h"
#include "../winargv_cases.h"

#define MIB		(1024 * 1024)
#define HANG_BOUND_MS	10000	/* a timeout that did not work */

static const char *helper;
static const char *scratch;
static int tests, failures;

static void
ok(int pass, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (!pass)
		failures++;
	printf("%sok %d - ", pass ? "" : "not ", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void
diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* Bytes shown as C escapes, for a diagnostic. */
static const char *
visible(const char *p, size_t n)
{
	static char buf[1024];
	size_t i, o = 0;

	for (i = 0; i < n && o + 5 < sizeof(buf); i++) {
		unsigned char c = (unsigned char)p[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, sizeof(buf) - o,
			    "\\x%02x", c);
	}
	buf[o] = '\0';
	return buf;
}

static struct spawn_opts
capture_both(void)
{
	struct spawn_opts o;

	memset(&o, 0, sizeof(o));
	o.stdin_mode = SPAWN_NULL;
	o.stdout_mode = SPAWN_CAPTURE;
	o.stderr_mode = SPAWN_CAPTURE;
	return o;
}

static int
is_pattern(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] != (i % 1000) % 251)
			return 0;
	return 1;
}

/* (a) Each tricky argument alone, then all of them at once. */
static void
test_quoting(void)
{
	const char *argv[TRICKY_ARGS + 3];
	struct spawn_opts o = capture_both();
	struct spawn_result r;
	size_t i, off;
	int same;

	for (i = 0; i < TRICKY_ARGS; i++) {
		const char *one[] = { helper, "args", tricky_args[i], NULL };
		size_t n = strlen(tricky_args[i]) + 1;

		spawn_run(one, &o, &r);
		same = r.started && r.exit_status == 0 && r.out_len == n &&
		    memcmp(r.out, tricky_args[i], n) == 0;
		ok(same, "argument %u [%s] comes back exactly", (unsigned)i,
		    visible(tricky_args[i], n - 1));
		if (!same)
			diag("got [%s], started %d, errno %d, exit %d",
			    r.out ? visible(r.out, r.out_len) : "(nothing)",
			    r.started, r.start_errno, r.exit_status);
		spawn_result_free(&r);
	}
	argv[0] = helper;
	argv[1] = "args";
	for (i = 0; i < TRICKY_ARGS; i++)
		argv[i + 2] = tricky_args[i];
	argv[TRICKY_ARGS + 2] = NULL;
	spawn_run(argv, &o, &r);
	same = r.started && r.exit_status == 0;
	for (i = 0, off = 0; same && i < TRICKY_ARGS; i++) {
		size_t n = strlen(tricky_args[i]) + 1;

		same = off + n <= r.out_len &&
		    memcmp(r.out + off, tricky_args[i], n) == 0;
		off += n;
	}
	ok(same && off == r.out_len, "all %u tricky arguments at once come "
	    "back in order", (unsigned)TRICKY_ARGS);
	spawn_result_free(&r);
}

/* A program whose own path has blanks in it. */
static void
test_program_path_with_blanks(void)
{
	char dir[MAX_PATH], copy[MAX_PATH];
	wchar_t *wfrom, *wdir, *wto;
	struct spawn_opts o = capture_both();
	struct spawn_result r;
	const char *argv[] = { copy, "args", "x y", NULL };

	snprintf(dir, sizeof(dir), "%s/dir with blanks", scratch);
	snprintf(copy, sizeof(copy), "%s/helper copy.exe", dir);
	wdir = path_to_wide(dir);
	wfrom = path_to_wide(helper);
	wto = path_to_wide(copy);
	CreateDirectoryW(wdir, NULL);
	CopyFileW(wfrom, wto, FALSE);
	spawn_run(argv, &o, &r);
	ok(r.started && r.exit_status == 0 && r.out_len == 4 &&
	    memcmp(r.out, "x y", 4) == 0, "a program under a path with "
	    "blanks runs and gets its arguments");
	spawn_result_free(&r);
	free(wdir);
	free(wfrom);
	free(wto);
}

/* (b) Both streams at once, far beyond a pipe's buffer. */
static void
test_large_capture(void)
{
	const char *argv[] = { helper, "flood", "8388608", NULL };
	struct spawn_opts o = capture_both();
	struct spawn_result r;
	int rc;

	rc = spawn_run(argv, &o, &r);
	ok(rc == 0 && r.out_len == 8 * MIB && r.err_len == 8 * MIB,
	    "8 MiB on stdout and 8 MiB on stderr, interleaved, are both "
	    "captured (got %lu and %lu)", (unsigned long)r.out_len,
	    (unsigned long)r.err_len);
	ok(r.out != NULL && r.err != NULL && is_pattern(r.out, r.out_len) &&
	    is_pattern(r.err, r.err_len) && r.out[r.out_len] == '\0',
	    "the captured bytes are the ones written, NUL-terminated");
	spawn_result_free(&r);
}

/* The bound on a capture: the rest is read and dropped. */
static void
test_capture_bound(void)
{
	const char *argv[] = { helper, "flood", "1048576", NULL };
	struct spawn_opts o = capture_both();
	struct spawn_result r;
	int rc;

	o.capture_max = 1000;
	rc = spawn_run(argv, &o, &r);
	ok(rc == 0 && r.out_len == 1000 && r.err_len == 1000 && r.truncated &&
	    is_pattern(r.out, r.out_len), "capture_max 1000 keeps the first "
	    "1000 bytes of 1 MiB on each stream (got %lu and %lu)",
	    (unsigned long)r.out_len, (unsigned long)r.err_len);
	spawn_result_free(&r);
}

static void
many_count(size_t i, void *arg)
{
	(void)i;
	(*(size_t *)arg)++;
}

/* Eight runs of 400 ms, four at a time: about two rounds, not eight. */
static void
test_run_many(void)
{
	const char *argv[] = { helper, "sleep", "400", NULL };
	const char *none[] = { "no-such-program-ucjob", NULL };
	struct spawn_job jobs[9];
	struct spawn_opts o = capture_both();
	ULONGLONG t0, took;
	size_t i, done = 0;
	int all = 1, rc;

	memset(jobs, 0, sizeof(jobs));
	for (i = 0; i < 8; i++)
		jobs[i].argv = argv;
	jobs[8].argv = none;
	o.timeout_ms = HANG_BOUND_MS;
	t0 = GetTickCount64();
	rc = spawn_run_many(jobs, 9, &o, 4, many_count, &done);
	took = GetTickCount64() - t0;
	for (i = 0; i < 8; i++) {
		all &= jobs[i].res.started && jobs[i].res.exit_status == 0;
		spawn_result_free(&jobs[i].res);
	}
	ok(rc == -1 && all && !jobs[8].res.started && done == 9,
	    "spawn_run_many runs every job, reports each once, and fails "
	    "for the one that cannot start");
	ok(took < 2400, "eight runs of 400 ms, four at a time, take %lu ms "
	    "(one after another: 3200)", (unsigned long)took);
}

static void
test_input(void)
{
	const char *echo[] = { helper, "echo", NULL };
	const char *quit[] = { helper, "exit", "0", NULL };
	struct spawn_opts o = capture_both();
	struct spawn_result r;
	char *in;
	size_t i, n = 4 * MIB;
	int rc;

	if ((in = malloc(n)) == NULL)
		exit(1);
	for (i = 0; i < n; i++)
		in[i] = (char)(i * 7 % 256);
	o.input = in;
	o.input_len = n;
	rc = spawn_run(echo, &o, &r);
	ok(rc == 0 && r.out_len == n && memcmp(r.out, in, n) == 0 &&
	    strcmp(r.err, "4194304") == 0, "4 MiB fed to stdin come back on "
	    "stdout while stderr is read too");
	spawn_result_free(&r);

	rc = spawn_run(quit, &o, &r);
	ok(rc == 0 && r.exit_status == 0, "a child that reads none of its "
	    "4 MiB of input neither hangs nor fails the run");
	spawn_result_free(&r);

	o.input = "";
	o.input_len = 0;
	rc = spawn_run(echo, &o, &r);
	ok(rc == 0 && r.out_len == 0 && strcmp(r.err, "0") == 0,
	    "empty input is an immediate end of file");
	spawn_result_free(&r);

	o.input = NULL;
	o.stdin_mode = SPAWN_NULL;
	rc = spawn_run(echo, &o, &r);
	ok(rc == 0 && r.out_len == 0 && strcmp(r.err, "0") == 0,
	    "SPAWN_NULL stdin reads as empty");
	spawn_result_free(&r);

	o.stdin_mode = SPAWN_CAPTURE;
	rc = spawn_run(echo, &o, &r);
	ok(rc == -1 && !r.started && r.start_errno == EINVAL,
	    "SPAWN_CAPTURE stdin without input is refused");
	spawn_result_free(&r);
	free(in);
}

/* (b) Exit statuses as the child set them. */
static void
test_exit_codes(void)
{
	static const char *const codes[] = { "0", "1", "2", "255", "256",
	    "0xC0000005" };
	static const int want[] = { 0, 1, 2, 255, 256, (int)0xC0000005u };
	struct spawn_opts o = capture_both();
	struct spawn_result r;
	char how[64];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		const char *argv[] = { helper, "exit", codes[i], NULL };

		rc = spawn_run(argv, &o, &r);
		ok(r.started && r.exit_status == want[i] &&
		    rc == (want[i] == 0 ? 0 : -1) && r.signal == 0 &&
		    !r.timed_out, "exit status %s is reported (got %d, %s)",
		    codes[i], r.exit_status,
		    spawn_describe(&r, how, sizeof(how)));
		spawn_result_free(&r);
	}
	{
		const char *argv[] = { helper, "exit", "0xC0000005", NULL };

		spawn_run(argv, &o, &r);
		ok(strcmp(spawn_describe(&r, how, sizeof(how)),
		    "ended by exception 0xC0000005") == 0,
		    "a crash is described as an exception, not a status "
		    "(%s)", how);
		spawn_result_free(&r);
	}
}

/* (b) The timeout, with and without a grandchild holding the pipes. */
static void
test_timeout(void)
{
	const char *sleeper[] = { helper, "sleep", "60000", NULL };
	const char *tree[] = { helper, "tree", "60000", NULL };
	struct spawn_opts o = capture_both();
	struct spawn_result r;
	ULONGLONG t0, took;
	HANDLE grandchild;
	char how[64];
	int rc;

	o.timeout_ms = 700;
	t0 = GetTickCount64();
	rc = spawn_run(sleeper, &o, &r);
	took = GetTickCount64() - t0;
	ok(rc == -1 && r.started && r.timed_out && took >= 600 &&
	    took < HANG_BOUND_MS, "a child sleeping 60 s is ended by a 700 "
	    "ms timeout (after %lu ms)", (unsigned long)took);
	ok(strcmp(spawn_describe(&r, how, sizeof(how)), "timed out") == 0,
	    "and described as timed out");
	spawn_result_free(&r);

	t0 = GetTickCount64();
	rc = spawn_run(tree, &o, &r);
	took = GetTickCount64() - t0;
	ok(rc == -1 && r.timed_out && took < HANG_BOUND_MS && r.out != NULL &&
	    strncmp(r.out, "started ", 8) == 0, "a timeout with a "
	    "grandchild holding the pipes returns (after %lu ms)",
	    (unsigned long)took);
	grandchild = r.out != NULL && strncmp(r.out, "started ", 8) == 0 ?
	    OpenProcess(SYNCHRONIZE, FALSE, strtoul(r.out + 8, NULL, 10)) :
	    NULL;
	ok(grandchild == NULL || WaitForSingleObject(grandchild,
	    HANG_BOUND_MS) == WAIT_OBJECT_0, "and the grandchild is ended "
	    "too (the job object)");
	if (grandchild != NULL)
		CloseHandle(grandchild);
	spawn_result_free(&r);

	/* No timeout: the child exits, its own child holds the pipes. */
	o.timeout_ms = 0;
	{
		const char *orphan[] = { helper, "orphan", "60000", NULL };

		t0 = GetTickCount64();
		rc = spawn_run(orphan, &o, &r);
		took = GetTickCount64() - t0;
		ok(rc == 0 && !r.timed_out && took < HANG_BOUND_MS &&
		    r.out != NULL && strncmp(r.out, "started ", 8) == 0,
		    "a child that exits while its own child holds the pipes "
		    "is not waited for (after %lu ms)", (unsigned long)took);
		grandchild = r.out != NULL &&
		    strncmp(r.out, "started ", 8) == 0 ?
		    OpenProcess(PROCESS_TERMINATE, FALSE,
		    strtoul(r.out + 8, NULL, 10)) : NULL;
		if (grandchild != NULL) {
			(void)TerminateProcess(grandchild, 1);
			CloseHandle(grandchild);
		}
		spawn_result_free(&r);
	}

	o.timeout_ms = 30000;
	{
		const char *quick[] = { helper, "exit", "4", NULL };

		t0 = GetTickCount64();
		rc = spawn_run(quick, &o, &r);
		took = GetTickCount64() - t0;
		ok(rc == -1 && !r.timed_out && r.exit_status == 4 &&
		    took < HANG_BOUND_MS, "a child that ends before its "
		    "timeout is not kept waiting for it");
		spawn_result_free(&r);
	}
}

static void
test_not_started(void)
{
	const char *missing[] = { "no-such-program-ucjob", NULL };
	struct spawn_opts o = capture_both();
	struct spawn_result r;
	char how[128];
	int rc;

	rc = spawn_run(missing, &o, &r);
	ok(rc == -1 && !r.started && r.start_errno == ENOENT &&
	    strcmp(spawn_describe(&r, how, sizeof(how)), "not found") == 0,
	    "a program not on PATH is reported as not found");
	spawn_result_free(&r);
	ok(strstr(spawn_install_hint("ssh"), "OpenSSH Client") != NULL &&
	    strstr(spawn_install_hint("C:/x/ssh-keygen.exe"),
	    "Optional features") != NULL, "the hint for ssh names the "
	    "OpenSSH Client optional feature");
}

/*
 * A batch file (VS Code's code.cmd) runs under cmd.exe with plain
 * arguments; anything cmd.exe could read as syntax keeps it from running.
 */
static void
test_batch_files(void)
{
	static const char *const bad[] = { "a&b", "%PATH%", "!x!", "a^b",
	    "(x)", "a|b", "a\"b", NULL };
	char bat[MAX_PATH], dir[MAX_PATH], how[256];
	const char *wanted;
	const char *plain[] = { bat, "--remote", "ssh-remote+ucloud-job-2465",
	    "/work/my dir", "", "x\\y", NULL };
	const char *unsafe[] = { bat, "--remote", NULL, NULL };
	const char *by_name[] = { "stand-in-code", "found", NULL };
	wchar_t *w, env[MAX_PATH * 2];
	struct spawn_opts o = capture_both();
	struct spawn_result r;
	FILE *fp;
	char *p;
	size_t i;
	int rc, refused = 1;

	snprintf(dir, sizeof(dir), "%s/batch dir", scratch);
	snprintf(bat, sizeof(bat), "%s/stand-in-code.cmd", dir);
	w = path_to_wide(dir);
	CreateDirectoryW(w, NULL);
	free(w);
	if ((fp = fopen(bat, "wb")) != NULL) {
		fputs("@\"", fp);
		for (p = (char *)helper; *p != '\0'; p++)
			fputc(*p == '/' ? '\\' : *p, fp);
		fputs("\" args %*\r\n", fp);
		fclose(fp);
	}
	rc = spawn_run(plain, &o, &r);
	wanted = "--remote\0ssh-remote+ucloud-job-2465\0/work/my dir\0\0"
	    "x\\y";
	ok(rc == 0 && r.out_len == 54 && memcmp(r.out, wanted, 54) == 0,
	    "a .cmd file runs under cmd.exe and gets plain arguments intact "
	    "(%s)", r.out ? visible(r.out, r.out_len) : "nothing");
	spawn_result_free(&r);

	for (i = 0; bad[i] != NULL; i++) {
		unsafe[2] = bad[i];
		rc = spawn_run(unsafe, &o, &r);
		if (rc != -1 || r.started || r.start_errno != ENOEXEC) {
			refused = 0;
			diag("[%s] was not refused", bad[i]);
		}
		spawn_result_free(&r);
	}
	unsafe[2] = bad[0];
	spawn_run(unsafe, &o, &r);
	ok(refused, "arguments with & %% ! ^ ( | or a quote keep a .cmd "
	    "file from running (%s)", spawn_describe(&r, how, sizeof(how)));
	spawn_result_free(&r);

	w = path_to_wide(dir);
	_snwprintf(env, MAX_PATH * 2, L"PATH=%ls;%ls", w, _wgetenv(L"PATH"));
	_wputenv(env);
	free(w);
	rc = spawn_run(by_name, &o, &r);
	ok(rc == 0 && r.out_len == 6 && memcmp(r.out, "found", 6) == 0,
	    "a name is found on PATH as NAME.cmd, as 'code' is");
	spawn_result_free(&r);
}

/* A name without a directory or extension is found on PATH as .exe. */
static void
test_path_lookup(void)
{
	const char *argv[] = { "helper", "args", "found", NULL };
	wchar_t *old, *dir, *path;
	struct spawn_opts o = capture_both();
	struct spawn_result r;
	char d[MAX_PATH], *slash;
	size_t n;

	snprintf(d, sizeof(d), "%s", helper);
	if ((slash = strrchr(d, '/')) != NULL)
		*slash = '\0';
	dir = path_to_wide(d);
	old = _wgetenv(L"PATH");
	n = wcslen(dir) + (old ? wcslen(old) : 0) + 8;
	path = malloc(n * sizeof(*path));
	_snwprintf(path, n, L"PATH=%ls;%ls", dir, old ? old : L"");
	_wputenv(path);
	spawn_run(argv, &o, &r);
	ok(r.started && r.exit_status == 0 && r.out_len == 6 &&
	    memcmp(r.out, "found", 6) == 0, "'helper' is found on PATH as "
	    "helper.exe");
	spawn_result_free(&r);
	free(dir);
}

/* UTF-16LE of text, without a BOM, is what clip.exe must read. */
static void
test_clip_encoding(void)
{
	static const char key[] = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH "
	    "J\xc3\xb8rgen \xf0\x9f\x94\x91@laptop";
	wchar_t back[128];
	char *enc;
	size_t n;
	int flags, len;

	enc = clip_exe_encode(key, strlen(key), &n);
	len = enc ? MultiByteToWideChar(CP_UTF8, 0, key, -1, back, 128) : 0;
	ok(enc != NULL && n == (size_t)(len - 1) * 2 &&
	    memcmp(enc, back, n) == 0 && (unsigned char)enc[0] == 's' &&
	    enc[1] == '\0', "a key with a non-ASCII comment becomes "
	    "UTF-16LE, no byte order mark");
	flags = IS_TEXT_UNICODE_UNICODE_MASK;
	ok(enc != NULL && IsTextUnicode(enc, (int)n, &flags),
	    "IsTextUnicode, which clip.exe uses, takes it for UTF-16");
	free(enc);

	/* The hand-made encoder against Windows' own converter. */
	{
		wchar_t wide[256];
		size_t i;
		int same = 1, m;

		for (i = 0; i < TRICKY_ARGS; i++) {
			if (tricky_args[i][0] == '\0')
				continue;
			enc = clip_exe_encode(tricky_args[i],
			    strlen(tricky_args[i]), &n);
			m = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS,
			    tricky_args[i], -1, wide, 256);
			if (enc == NULL || m < 1 || n != (size_t)(m - 1) * 2 ||
			    memcmp(enc, wide, n) != 0) {
				same = 0;
				diag("differs for [%s]", visible(tricky_args[i],
				    strlen(tricky_args[i])));
			}
			free(enc);
		}
		ok(same, "clip_exe_encode agrees with MultiByteToWideChar on "
		    "all %u tricky strings", (unsigned)TRICKY_ARGS - 1);
	}

	errno = 0;
	ok(clip_exe_encode("bad \xff utf-8", 10, &n) == NULL &&
	    errno == EILSEQ, "text that is not UTF-8 is refused");
	enc = clip_exe_encode("", 0, &n);
	ok(enc != NULL && n == 0, "empty text encodes as nothing");
	free(enc);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp;
	char *buf;

	*len = 0;
	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	buf = malloc(1 << 20);
	*len = fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	return buf;
}

/*
 * clipboard.c's "clip" method, as `ucjob key --copy` and `add
 * --from-clipboard` use it: clip.exe and powershell.exe are stand-ins on
 * PATH that record what they get.
 */
static void
test_clipboard_stand_ins(void)
{
	static const char key[] = "ssh-ed25519 AAAAC3Nza J\xc3\xb8rgen\n";
	static const char want_args[] = "-NoProfile\0-NonInteractive\0"
	    "-Command\0" CLIP_EXE_PASTE_COMMAND "\0";
	char record[MAX_PATH], bin[MAX_PATH], exe[MAX_PATH], why[512];
	wchar_t *wrecord, *wbin, *wexe, *whelper, env[MAX_PATH * 2];
	struct clip_env ce;
	enum clip_method used;
	char *got, *enc, *text = NULL;
	size_t n, m, len = 0;
	int rc;

	memset(&ce, 0, sizeof(ce));
	ce.windows = 1;
	rc = clipboard_copy("clip", &ce, key, strlen(key), &used, why,
	    sizeof(why));
	ok(rc == -1 && strstr(why, "clip not found") != NULL,
	    "with no clip.exe on PATH, copying says so: %s", why);

	snprintf(record, sizeof(record), "%s/clip.record", scratch);
	snprintf(bin, sizeof(bin), "%s/bin", scratch);
	wrecord = path_to_wide(record);
	wbin = path_to_wide(bin);
	whelper = path_to_wide(helper);
	CreateDirectoryW(wbin, NULL);
	snprintf(exe, sizeof(exe), "%s/clip.exe", bin);
	wexe = path_to_wide(exe);
	CopyFileW(whelper, wexe, FALSE);
	free(wexe);
	snprintf(exe, sizeof(exe), "%s/powershell.exe", bin);
	wexe = path_to_wide(exe);
	CopyFileW(whelper, wexe, FALSE);
	free(wexe);
	_snwprintf(env, MAX_PATH * 2, L"PATH=%ls;%ls", wbin,
	    _wgetenv(L"PATH"));
	_wputenv(env);
	_snwprintf(env, MAX_PATH * 2, L"HELPER_RECORD=%ls", wrecord);
	_wputenv(env);

	rc = clipboard_copy("clip", &ce, key, strlen(key), &used, why,
	    sizeof(why));
	ok(rc == 0 && used == CLIP_CLIP, "copying with the clip method runs "
	    "clip.exe found on PATH (%s)", rc == 0 ? "ok" : why);
	got = slurp(record, &n);
	enc = clip_exe_encode(key, strlen(key), &m);
	ok(got != NULL && enc != NULL && n == m + 1 && got[0] == '\0' &&
	    memcmp(got + 1, enc, m) == 0, "clip.exe read the key as UTF-16LE, "
	    "intact, and no arguments (%lu bytes)", (unsigned long)n);
	free(got);
	free(enc);

	DeleteFileW(wrecord);
	_wputenv(L"HELPER_OUTPUT=ssh ucloud@ssh.cloud.sdu.dk -p 2465 "
	    L"J\u00f8rgen\r\n");
	rc = clipboard_paste("clip", &ce, &text, &len, &used, why,
	    sizeof(why));
	ok(rc == 0 && text != NULL && strcmp(text, "ssh ucloud@ssh.cloud.sdu.dk "
	    "-p 2465 J\xc3\xb8rgen\r\n") == 0, "paste returns PowerShell's "
	    "output as UTF-8 (%s)", text ? visible(text, len) : why);
	got = slurp(record, &n);
	ok(got != NULL && n == sizeof(want_args) &&
	    memcmp(got, want_args, n) == 0, "PowerShell got its -Command "
	    "as one argument");
	free(got);
	free(text);
	_wputenv(L"HELPER_RECORD=");
	_wputenv(L"HELPER_OUTPUT=");
	free(wrecord);
	free(wbin);
	free(whelper);
}

int
main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "stderr") == 0) {
		struct spawn_opts o;
		struct spawn_result r;

		memset(&o, 0, sizeof(o));
		o.stdin_mode = SPAWN_NULL;
		o.stdout_mode = SPAWN_STDERR;
		o.stderr_mode = SPAWN_INHERIT;
		return spawn_run((const char *const *)argv + 2, &o, &r) == 0 ?
		    0 : 1;
	}
	if (argc >= 3 && strcmp(argv[1], "exec") == 0) {
		spawn_exec((const char *const *)argv + 2);
		printf("spawn_exec failed: %s\n", strerror(errno));
		return 125;
	}
	if (argc != 3) {
		fputs("usage: test_spawn.exe HELPER SCRATCH\n", stderr);
		return 2;
	}
	helper = argv[1];
	scratch = argv[2];
	test_quoting();
	test_program_path_with_blanks();
	test_large_capture();
	test_capture_bound();
	test_run_many();
	test_input();
	test_exit_codes();
	test_timeout();
	test_not_started();
	test_batch_files();
	test_path_lookup();
	test_clip_encoding();
	test_clipboard_stand_ins();
	printf("1..%d\n", tests);
	return failures == 0 ? 0 : 1;
}
