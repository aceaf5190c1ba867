/*
 * spawn_win32.c: the Windows implementation of spawn.h.
 *
 * It owns the command line (winargv.c, the C runtime's quoting rules,
 * for the program that program_win32.c finds), CreateProcessW with
 * exactly the child's three standard handles inheritable, the pipes that
 * feed stdin and collect stdout and stderr, the timeout and the exit
 * code.  Pipes are named pipes whose ends on our side are overlapped, so
 * one thread feeds and drains all three at once without deadlock; once
 * the child has exited, what its own children hold open is not waited
 * for.  The child runs in a job object, so that a timeout also ends what
 * it started (the Windows counterpart of spawn_posix.c's process group);
 * the job does not kill anything when it is closed, so a program that
 * leaves a process running on purpose keeps it.  Windows has no signals:
 * res->signal stays 0.
 *
 * It must never run anything through a shell, except a .bat or .cmd file
 * (VS Code's code.cmd), which only cmd.exe can run: then only plain
 * arguments are passed (winargv_batch), never one that cmd.exe could
 * read as syntax.  It must never print anything itself, leave a handle
 * behind, or return while an overlapped operation could still write into
 * memory.  Captured output is bounded (spawn_opts.capture_max): past the
 * bound it is read into a scratch buffer and dropped.
 */
#include <windows.h>

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spawn.h"
#include "spawn_win32.h"
#include "winargv.h"

#define READ_CHUNK	65536	/* bytes asked of one ReadFile */
#define PIPE_BUFFER	65536
#define CMDLINE_MAX	32767	/* CreateProcessW's limit, in UTF-16 units */

struct stream {
	HANDLE		 h;		/* our end, or INVALID_HANDLE_VALUE */
	OVERLAPPED	 ov;
	int		 pending;	/* an operation is under way */
	DWORD		 asked;		/* bytes of the pending write */
	int		 dropping;	/* the pending read is past the bound */
	char		*data;		/* [1], [2]: what was read */
	size_t		 len;
	size_t		 cap;
};

struct run {
	HANDLE		 process;
	HANDLE		 job;
	struct stream	 s[3];
	const char	*input;
	size_t		 input_left;
	int		 has_deadline;
	ULONGLONG	 deadline;
	int		 timed_out;
	int		 out_of_memory;
	size_t		 capture_max;
	int		 truncated;
};

static void
close_handle(HANDLE *h)
{
	if (*h != INVALID_HANDLE_VALUE && *h != NULL)
		CloseHandle(*h);
	*h = INVALID_HANDLE_VALUE;
}

/*
 * A named pipe for child stream i: our end (overlapped) in r->s[i].h,
 * the child's end (inheritable, synchronous) in *child.
 */
static int
make_pipe(struct run *r, int i, HANDLE *child)
{
	static LONG serial;
	SECURITY_ATTRIBUTES sa;
	wchar_t name[128];
	int inbound = i != 0;	/* we read what the child writes */
	int tries;

	/* A name still held (by a process of the same id that is gone but
	 * whose child keeps the pipe) is skipped. */
	for (tries = 0; tries < 16; tries++) {
		_snwprintf(name, sizeof(name) / sizeof(name[0]),
		    L"\\\\.\\pipe\\ucjob-%lu-%ld-%d", GetCurrentProcessId(),
		    InterlockedIncrement(&serial), i);
		r->s[i].h = CreateNamedPipeW(name, (inbound ?
		    PIPE_ACCESS_INBOUND : PIPE_ACCESS_OUTBOUND) |
		    FILE_FLAG_OVERLAPPED | FILE_FLAG_FIRST_PIPE_INSTANCE,
		    PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT, 1,
		    PIPE_BUFFER, PIPE_BUFFER, 0, NULL);
		if (r->s[i].h != INVALID_HANDLE_VALUE ||
		    (GetLastError() != ERROR_ACCESS_DENIED &&
		    GetLastError() != ERROR_PIPE_BUSY))
			break;
	}
	if (r->s[i].h == INVALID_HANDLE_VALUE)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.nLength = sizeof(sa);
	sa.bInheritHandle = TRUE;
	*child = CreateFileW(name, inbound ? GENERIC_WRITE : GENERIC_READ, 0,
	    &sa, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
	if (*child == INVALID_HANDLE_VALUE) {
		close_handle(&r->s[i].h);
		return -1;
	}
	if ((r->s[i].ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL)) ==
	    NULL) {
		close_handle(child);
		close_handle(&r->s[i].h);
		return -1;
	}
	return 0;
}

/* The null device, inheritable. */
static HANDLE
open_null(void)
{
	SECURITY_ATTRIBUTES sa;

	memset(&sa, 0, sizeof(sa));
	sa.nLength = sizeof(sa);
	sa.bInheritHandle = TRUE;
	return CreateFileW(L"NUL", GENERIC_READ | GENERIC_WRITE,
	    FILE_SHARE_READ | FILE_SHARE_WRITE, &sa, OPEN_EXISTING, 0, NULL);
}

/* An inheritable copy of our own stream i (the null device if none). */
static HANDLE
inherit_own(int i)
{
	static const DWORD which[3] = { STD_INPUT_HANDLE, STD_OUTPUT_HANDLE,
	    STD_ERROR_HANDLE };
	HANDLE own = GetStdHandle(which[i]), copy;

	if (own == NULL || own == INVALID_HANDLE_VALUE)
		return open_null();
	if (!DuplicateHandle(GetCurrentProcess(), own, GetCurrentProcess(),
	    &copy, 0, TRUE, DUPLICATE_SAME_ACCESS))
		return open_null();
	return copy;
}

/*
 * cmd.exe's command line for the batch file found at program, with
 * argv's arguments (winargv_batch: plain ones only).  NULL with errno
 * ENOEXEC when an argument is not plain.
 */
static char *
batch_line(const wchar_t *program, const char *const argv[])
{
	const char **args;
	char *path, *line;
	size_t n;

	for (n = 0; argv[n] != NULL; n++)
		continue;
	if ((path = wide_to_utf8(program)) == NULL)
		return NULL;
	if ((args = calloc(n + 1, sizeof(*args))) == NULL) {
		free(path);
		return NULL;
	}
	memcpy(args, argv, n * sizeof(*args));
	args[0] = path;
	if ((line = winargv_batch(args)) == NULL && errno == EINVAL)
		errno = ENOEXEC;
	free(args);
	free(path);
	return line;
}

/*
 * Start argv with the given streams, suspended, put it in a job, let it
 * run.  A batch file runs under the system's cmd.exe.  Returns 0, or -1
 * with errno set.
 */
static int
start(struct run *r, const char *const argv[], const enum spawn_stream mode[3])
{
	wchar_t program[MAX_PATH * 4], *cmdline = NULL;
	HANDLE child[3] = { INVALID_HANDLE_VALUE, INVALID_HANDLE_VALUE,
	    INVALID_HANDLE_VALUE };
	LPPROC_THREAD_ATTRIBUTE_LIST attrs = NULL;
	STARTUPINFOEXW si;
	PROCESS_INFORMATION pi;
	SIZE_T attrsize = 0;
	char *line;
	DWORD code = 0;
	int i, rc = -1, saved, batch;

	if (program_find(argv[0], program, sizeof(program) /
	    sizeof(program[0]), &batch) == -1)
		return -1;
	line = batch ? batch_line(program, argv) : winargv_quote(argv);
	if (line == NULL)
		return -1;
	cmdline = utf8_to_wide(line);
	free(line);
	if (cmdline == NULL)
		return -1;
	if (batch && (GetSystemDirectoryW(program, MAX_PATH) == 0 ||
	    wcslen(program) + 9 > MAX_PATH || !wcscat(program, L"\\cmd.exe"))) {
		free(cmdline);
		errno = ENOENT;
		return -1;
	}
	if (wcslen(cmdline) >= CMDLINE_MAX) {
		free(cmdline);
		errno = E2BIG;
		return -1;
	}
	for (i = 0; i < 3; i++) {
		if (mode[i] == SPAWN_CAPTURE) {
			if (make_pipe(r, i, &child[i]) == -1)
				goto fail;
		} else if (mode[i] == SPAWN_INHERIT)
			child[i] = inherit_own(i);
		else if (mode[i] == SPAWN_STDERR && i == 1)
			child[i] = inherit_own(2);	/* onto our stderr */
		else
			child[i] = open_null();
		if (child[i] == INVALID_HANDLE_VALUE)
			goto fail;
	}

	memset(&si, 0, sizeof(si));
	si.StartupInfo.cb = sizeof(si);
	si.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
	si.StartupInfo.hStdInput = child[0];
	si.StartupInfo.hStdOutput = child[1];
	si.StartupInfo.hStdError = child[2];
	/* Only these three handles may be inherited, not those of another
	 * thread's child started at the same moment. */
	(void)InitializeProcThreadAttributeList(NULL, 1, 0, &attrsize);
	if ((attrs = malloc(attrsize)) == NULL)
		goto fail;
	if (!InitializeProcThreadAttributeList(attrs, 1, 0, &attrsize)) {
		free(attrs);
		attrs = NULL;
		goto fail;
	}
	if (!UpdateProcThreadAttribute(attrs, 0,
	    PROC_THREAD_ATTRIBUTE_HANDLE_LIST, child, sizeof(child), NULL,
	    NULL))
		goto fail;
	si.lpAttributeList = attrs;

	(void)fflush(stdout);
	(void)fflush(stderr);
	if (!CreateProcessW(program, cmdline, NULL, NULL, TRUE,
	    CREATE_SUSPENDED | CREATE_UNICODE_ENVIRONMENT |
	    EXTENDED_STARTUPINFO_PRESENT, NULL, NULL, &si.StartupInfo, &pi))
		goto fail;
	r->process = pi.hProcess;
	if ((r->job = CreateJobObjectW(NULL, NULL)) != NULL &&
	    !AssignProcessToJobObject(r->job, pi.hProcess))
		close_handle(&r->job);	/* a job we may not nest in */
	(void)ResumeThread(pi.hThread);
	CloseHandle(pi.hThread);
	rc = 0;
fail:
	if (rc == -1)
		code = GetLastError();
	if (attrs != NULL) {
		DeleteProcThreadAttributeList(attrs);
		free(attrs);
	}
	for (i = 0; i < 3; i++) {
		close_handle(&child[i]);
		if (rc == -1) {
			close_handle(&r->s[i].h);
			if (r->s[i].ov.hEvent != NULL)
				CloseHandle(r->s[i].ov.hEvent);
			r->s[i].ov.hEvent = NULL;
		}
	}
	free(cmdline);
	if (rc == -1) {
		saved = errno;
		errno = code != 0 ? win32_errno(code) : saved;
	}
	return rc;
}

/* Milliseconds until the deadline; INFINITE when there is none. */
static DWORD
ms_left(const struct run *r)
{
	ULONGLONG now;

	if (!r->has_deadline)
		return INFINITE;
	now = GetTickCount64();
	return now >= r->deadline ? 0 : (DWORD)(r->deadline - now);
}

/* Close our end of stream i, its event too. */
static void
stream_close(struct stream *s)
{
	close_handle(&s->h);
	if (s->ov.hEvent != NULL) {
		CloseHandle(s->ov.hEvent);
		s->ov.hEvent = NULL;
	}
}

/* Start the next read or write on stream i. */
static void
stream_issue(struct run *r, int i)
{
	static char dropped[READ_CHUNK];
	struct stream *s = &r->s[i];
	char *grown, *into = dropped;
	DWORD code, want = READ_CHUNK;
	BOOL ok;

	if (i == 0) {
		s->asked = (DWORD)(r->input_left > PIPE_BUFFER ? PIPE_BUFFER :
		    r->input_left);
		ok = WriteFile(s->h, r->input, s->asked, NULL, &s->ov);
	} else {
		if (s->len < r->capture_max) {
			if (r->capture_max - s->len < want)
				want = (DWORD)(r->capture_max - s->len);
			if (s->cap - s->len < (size_t)want + 1) {
				if (s->cap > SIZE_MAX / 2 || (grown =
				    realloc(s->data, s->cap * 2)) == NULL) {
					r->out_of_memory = 1;
					stream_close(s);
					return;
				}
				s->data = grown;
				s->cap *= 2;
			}
			into = s->data + s->len;
		}
		/* Both streams may read into the scratch buffer at
		 * once: what lands there is never looked at. */
		s->dropping = into == dropped;
		ok = ReadFile(s->h, into, want, NULL, &s->ov);
	}
	code = ok ? 0 : GetLastError();
	if (ok || code == ERROR_IO_PENDING)
		s->pending = 1;
	else
		stream_close(s);	/* broken pipe: the end */
}

/* Stream i's operation finished: take its result. */
static void
stream_done(struct run *r, int i)
{
	struct stream *s = &r->s[i];
	DWORD n = 0;

	s->pending = 0;
	if (!GetOverlappedResult(s->h, &s->ov, &n, FALSE)) {
		stream_close(s);	/* EOF, or the child stopped reading */
		return;
	}
	if (i == 0) {
		r->input += n;
		r->input_left -= n;
		if (r->input_left == 0)
			stream_close(s);
	} else if (!s->dropping)
		s->len += n;
	else if (n > 0)
		r->truncated = 1;
}

/* Cancel what is under way and wait until the system lets go of it. */
static void
streams_cancel(struct run *r)
{
	DWORD n;
	int i;

	for (i = 0; i < 3; i++) {
		if (r->s[i].pending) {
			(void)CancelIoEx(r->s[i].h, &r->s[i].ov);
			(void)GetOverlappedResult(r->s[i].h, &r->s[i].ov, &n,
			    TRUE);
			r->s[i].pending = 0;
		}
		stream_close(&r->s[i]);
	}
}

/*
 * The child has exited, but something it started (a helper serving the
 * clipboard, say) may keep the pipes open: take what is in them now, and
 * no more.  All the child wrote is there, as it could not exit before its
 * writes were.
 */
static void
drain_left(struct run *r)
{
	HANDLE events[2];
	int which[2], n, i, rounds;
	DWORD w;

	for (rounds = 0; rounds < 64 && !r->out_of_memory; rounds++) {
		for (n = 0, i = 1; i < 3; i++) {
			if (r->s[i].h == INVALID_HANDLE_VALUE)
				continue;
			if (!r->s[i].pending)
				stream_issue(r, i);
			if (!r->s[i].pending)
				continue;
			events[n] = r->s[i].ov.hEvent;
			which[n++] = i;
		}
		if (n == 0)
			return;
		w = WaitForMultipleObjects((DWORD)n, events, FALSE, 0);
		if (w >= WAIT_OBJECT_0 + (DWORD)n)
			return;		/* nothing more right now */
		stream_done(r, which[w - WAIT_OBJECT_0]);
	}
}

/*
 * Feed stdin and drain stdout and stderr until all are closed, the child
 * has exited (then drain_left), the deadline passes or memory runs out.
 */
static void
exchange(struct run *r)
{
	HANDLE events[4];
	int which[3], n, i;
	DWORD w;

	for (;;) {
		for (i = 0; i < 3; i++)
			if (r->s[i].h != INVALID_HANDLE_VALUE &&
			    !r->s[i].pending && !r->out_of_memory)
				stream_issue(r, i);
		if (r->out_of_memory)
			break;
		for (n = 0, i = 0; i < 3; i++) {
			if (!r->s[i].pending)
				continue;
			events[n] = r->s[i].ov.hEvent;
			which[n++] = i;
		}
		if (n == 0)
			return;
		/* Last, so that finished reads are taken first. */
		events[n] = r->process;
		w = WaitForMultipleObjects((DWORD)n + 1, events, FALSE,
		    ms_left(r));
		if (w == WAIT_TIMEOUT) {
			r->timed_out = 1;
			break;
		}
		if (w == WAIT_OBJECT_0 + (DWORD)n) {
			drain_left(r);
			break;
		}
		if (w > WAIT_OBJECT_0 + (DWORD)n)
			break;
		stream_done(r, which[w - WAIT_OBJECT_0]);
	}
	streams_cancel(r);
}

/* End the child and everything in its job. */
static void
terminate(struct run *r)
{
	if (r->job != NULL && TerminateJobObject(r->job, 1))
		return;
	(void)TerminateProcess(r->process, 1);
}

int
spawn_run(const char *const argv[], const struct spawn_opts *opts,
    struct spawn_result *res)
{
	enum spawn_stream mode[3];
	struct run r;
	DWORD code = 0, w;
	int i;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	for (i = 0; i < 3; i++)
		r.s[i].h = INVALID_HANDLE_VALUE;
	if (!spawn_args_ok(argv, opts)) {
		res->start_errno = EINVAL;
		return -1;
	}
	mode[0] = opts->input != NULL ? SPAWN_CAPTURE : opts->stdin_mode;
	mode[1] = opts->stdout_mode;
	mode[2] = opts->stderr_mode;
	for (i = 1; i < 3; i++) {
		if (mode[i] != SPAWN_CAPTURE)
			continue;
		if ((r.s[i].data = malloc(READ_CHUNK + 1)) == NULL) {
			free(r.s[1].data);
			res->start_errno = ENOMEM;
			return -1;
		}
		r.s[i].cap = READ_CHUNK + 1;
	}
	r.capture_max = spawn_capture_max(opts);
	if (opts->timeout_ms > 0) {
		r.has_deadline = 1;
		r.deadline = GetTickCount64() + (ULONGLONG)opts->timeout_ms;
	}
	if (start(&r, argv, mode) == -1) {
		res->start_errno = errno;
		free(r.s[1].data);
		free(r.s[2].data);
		return -1;
	}
	res->started = 1;
	r.input = opts->input;
	r.input_left = opts->input_len;
	if (mode[0] == SPAWN_CAPTURE && r.input_left == 0)
		stream_close(&r.s[0]);

	exchange(&r);
	if (!r.timed_out && !r.out_of_memory) {
		w = WaitForSingleObject(r.process, ms_left(&r));
		if (w == WAIT_TIMEOUT)
			r.timed_out = 1;
	}
	if (r.timed_out || r.out_of_memory) {
		terminate(&r);
		(void)WaitForSingleObject(r.process, INFINITE);
	}
	if (!GetExitCodeProcess(r.process, &code))
		code = (DWORD)-1;
	close_handle(&r.process);
	close_handle(&r.job);

	res->timed_out = r.timed_out;
	res->truncated = r.truncated;
	res->exit_status = (int)code;
	spawn_take_output(res, r.s[1].data, r.s[1].len, r.s[2].data,
	    r.s[2].len);
	if (r.out_of_memory) {
		errno = ENOMEM;
		return -1;
	}
	return res->timed_out || res->exit_status != 0 ? -1 : 0;
}

/* What the threads of spawn_run_many share. */
struct many {
	struct spawn_job	*jobs;
	size_t			 n;
	const struct spawn_opts	*opts;
	volatile LONG		 next;		/* the next job to take */
	volatile LONG		 failed;
	CRITICAL_SECTION	 lock;		/* done is called under it */
	void			(*done)(size_t, void *);
	void			*arg;
};

/* One thread: take the next job and run it until none is left. */
static DWORD WINAPI
many_worker(LPVOID p)
{
	struct many *m = p;
	LONG i;

	while ((i = InterlockedIncrement(&m->next) - 1) < (LONG)m->n) {
		if (spawn_run(m->jobs[i].argv, m->opts, &m->jobs[i].res) != 0)
			(void)InterlockedExchange(&m->failed, 1);
		if (m->done != NULL) {
			EnterCriticalSection(&m->lock);
			m->done((size_t)i, m->arg);
			LeaveCriticalSection(&m->lock);
		}
	}
	return 0;
}

/*
 * Side by side on threads, each running spawn_run (which holds nothing
 * shared but the scratch buffer for dropped output, and makes each
 * child inherit only its own three handles); done is called by one
 * thread at a time.
 */
int
spawn_run_many(struct spawn_job *jobs, size_t n,
    const struct spawn_opts *opts, size_t parallel,
    void (*done)(size_t, void *), void *arg)
{
	struct many m;
	HANDLE threads[MAXIMUM_WAIT_OBJECTS];
	DWORD started = 0, k;

	if (n == 0)
		return 0;
	if (parallel == 0)
		parallel = 1;
	if (parallel > n)
		parallel = n;
	if (parallel > MAXIMUM_WAIT_OBJECTS)
		parallel = MAXIMUM_WAIT_OBJECTS;
	memset(&m, 0, sizeof(m));
	m.jobs = jobs;
	m.n = n;
	m.opts = opts;
	m.done = done;
	m.arg = arg;
	InitializeCriticalSection(&m.lock);
	for (k = 0; k < (DWORD)parallel; k++) {
		threads[started] = CreateThread(NULL, 0, many_worker, &m, 0,
		    NULL);
		if (threads[started] != NULL)
			started++;
	}
	if (started == 0)
		(void)many_worker(&m);	/* no thread: this one runs them */
	else
		(void)WaitForMultipleObjects(started, threads, TRUE, INFINITE);
	for (k = 0; k < started; k++)
		CloseHandle(threads[k]);
	DeleteCriticalSection(&m.lock);
	return m.failed ? -1 : 0;
}

/* The children share ucjob's console and get its ^C themselves. */
void
spawn_kill_live(void)
{
}

/* ^C and ^Break reach the child too (it shares the console): ucjob
 * stays to report its exit code, as exec would. */
static BOOL WINAPI
ignore_interrupt(DWORD type)
{
	return type == CTRL_C_EVENT || type == CTRL_BREAK_EVENT;
}

/*
 * Windows has no exec: run argv on ucjob's own console and streams, wait
 * for it, and exit with its exit code.  Returns only when it could not be
 * started, with errno set.
 */
int
spawn_exec(const char *const argv[])
{
	static const enum spawn_stream mode[3] = { SPAWN_INHERIT,
	    SPAWN_INHERIT, SPAWN_INHERIT };
	struct run r;
	DWORD code = 1;
	int i;

	if (argv == NULL || argv[0] == NULL) {
		errno = EINVAL;
		return -1;
	}
	memset(&r, 0, sizeof(r));
	for (i = 0; i < 3; i++)
		r.s[i].h = INVALID_HANDLE_VALUE;
	if (start(&r, argv, mode) == -1)
		return -1;
	(void)SetConsoleCtrlHandler(ignore_interrupt, TRUE);
	(void)WaitForSingleObject(r.process, INFINITE);
	if (!GetExitCodeProcess(r.process, &code))
		code = 1;
	close_handle(&r.process);
	close_handle(&r.job);
	exit((int)code);
}

int
spawn_program_name(const char *program, char *name, size_t len)
{
	const char *base, *p;
	size_t i, n;

	for (base = p = program; *p != '\0'; p++)
		if (*p == '/' || *p == '\\' || *p == ':')
			base = p + 1;
	n = strlen(base);
	if (n > 4 && _stricmp(base + n - 4, ".exe") == 0)
		n -= 4;
	if (n >= len)
		return -1;
	for (i = 0; i < n; i++)
		name[i] = (char)tolower((unsigned char)base[i]);
	name[n] = '\0';
	return 0;
}

const char *
spawn_start_error(int err)
{
	if (err == ENOENT)
		return NULL;
	if (err == ENOEXEC)
		return "a batch file (.bat, .cmd) gets only arguments of "
		    "letters, digits, blanks and -._+/:=@,~";
	return strerror(err);
}
