/*
 * helper.c: a small Windows program that spawn_win32.c and ucjob.exe run
 * in the tests under wine.  It is deliberately independent of ucjob's
 * sources (it uses the C runtime's own argv, as every Windows program
 * does).  Modes, by argv[1]:
 *
 *   args ...        write each further argument, UTF-8, NUL-terminated
 *   flood N         write N pattern bytes to stdout and N to stderr,
 *                   interleaved in small chunks
 *   echo            copy stdin to stdout; its byte count to stderr
 *   exit N          exit with status N
 *   sleep MS        sleep, then exit 0
 *   tree MS         start "helper sleep MS" sharing our streams, print
 *                   "started PID" (the grandchild's), then sleep MS:
 *                   a grandchild that holds the pipes
 *   orphan MS       the same, but exit at once: the grandchild goes on
 *                   holding the pipes, like a clipboard server
 *
 * When the variable HELPER_RECORD names a file, it instead appends its
 * arguments (NUL-terminated, then an empty one) and then all of stdin to
 * that file, writes the variable HELPER_OUTPUT (UTF-8) to stdout, and
 * exits 0: a stand-in for ssh-keygen, clip.exe or powershell.exe.  When
 * HELPER_APPEND names a file too, it first appends a comment line to it
 * (another program changing a config while ucjob works).
 */
#include <windows.h>

#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

int	wmain(int argc, wchar_t **argv);

static void
put_utf8(FILE *fp, const wchar_t *w)
{
	char buf[4096];
	int n;

	n = WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, sizeof(buf), NULL,
	    NULL);
	if (n > 0)
		fwrite(buf, 1, (size_t)n, fp);	/* with its NUL */
}

static int
record(const wchar_t *file, int argc, wchar_t **argv)
{
	const wchar_t *out;
	FILE *fp;
	char buf[65536];
	size_t n;
	int i;

	if ((out = _wgetenv(L"HELPER_APPEND")) != NULL && out[0] != L'\0') {
		if ((fp = _wfopen(out, L"ab")) == NULL)
			return 125;
		fputs("# changed by another program\n", fp);
		fclose(fp);
	}
	if ((fp = _wfopen(file, L"ab")) == NULL)
		return 125;
	for (i = 1; i < argc; i++)
		put_utf8(fp, argv[i]);
	fputc('\0', fp);
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		fwrite(buf, 1, n, fp);
	if (fclose(fp) != 0)
		return 125;
	if ((out = _wgetenv(L"HELPER_OUTPUT")) != NULL &&
	    (n = (size_t)WideCharToMultiByte(CP_UTF8, 0, out, -1, buf,
	    sizeof(buf), NULL, NULL)) > 1)
		fwrite(buf, 1, n - 1, stdout);
	return 0;
}

static int
flood(long n)
{
	char chunk[1000];
	long done = 0, k;
	int i;

	for (i = 0; i < (int)sizeof(chunk); i++)
		chunk[i] = (char)(i % 251);
	while (done < n) {
		k = n - done < (long)sizeof(chunk) ? n - done :
		    (long)sizeof(chunk);
		fwrite(chunk, 1, (size_t)k, stdout);
		fwrite(chunk, 1, (size_t)k, stderr);
		done += k;
	}
	return 0;
}

static int
echo(void)
{
	char buf[65536];
	size_t n, total = 0;

	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0) {
		fwrite(buf, 1, n, stdout);
		total += n;
	}
	fprintf(stderr, "%lu", (unsigned long)total);
	return 0;
}

static int
tree(const wchar_t *ms, int wait)
{
	wchar_t self[MAX_PATH], cmd[MAX_PATH + 64];
	STARTUPINFOW si;
	PROCESS_INFORMATION pi;

	if (GetModuleFileNameW(NULL, self, MAX_PATH) == 0)
		return 125;
	_snwprintf(cmd, sizeof(cmd) / sizeof(cmd[0]), L"\"%ls\" sleep %ls",
	    self, ms);
	memset(&si, 0, sizeof(si));
	si.cb = sizeof(si);
	si.dwFlags = STARTF_USESTDHANDLES;
	si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
	si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
	si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
	if (!CreateProcessW(self, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si,
	    &pi))
		return 125;
	CloseHandle(pi.hThread);
	CloseHandle(pi.hProcess);
	printf("started %lu", (unsigned long)pi.dwProcessId);
	fflush(stdout);
	if (wait)
		Sleep((DWORD)_wtol(ms));
	return 0;
}

int
wmain(int argc, wchar_t **argv)
{
	const wchar_t *rec = _wgetenv(L"HELPER_RECORD");
	int i;

	(void)_setmode(_fileno(stdin), _O_BINARY);
	(void)_setmode(_fileno(stdout), _O_BINARY);
	(void)_setmode(_fileno(stderr), _O_BINARY);
	if (rec != NULL && rec[0] != L'\0')
		return record(rec, argc, argv);
	if (argc < 2)
		return 126;
	if (wcscmp(argv[1], L"args") == 0) {
		for (i = 2; i < argc; i++)
			put_utf8(stdout, argv[i]);
		return 0;
	}
	if (wcscmp(argv[1], L"flood") == 0 && argc == 3)
		return flood(_wtol(argv[2]));
	if (wcscmp(argv[1], L"echo") == 0)
		return echo();
	if (wcscmp(argv[1], L"exit") == 0 && argc == 3)
		return (int)wcstoul(argv[2], NULL, 0);
	if (wcscmp(argv[1], L"sleep") == 0 && argc == 3) {
		Sleep((DWORD)_wtol(argv[2]));
		return 0;
	}
	if (wcscmp(argv[1], L"tree") == 0 && argc == 3)
		return tree(argv[2], 1);
	if (wcscmp(argv[1], L"orphan") == 0 && argc == 3)
		return tree(argv[2], 0);
	return 126;
}
