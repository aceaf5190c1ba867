#!/bin/sh
# t0615-token-env-core: the token stays inside ucjob.  UCJOB_TOKEN is
# taken out of the environment once read, so curl (and anything else
# ucjob starts) does not inherit it; an account command runs with core
# dumps off, so a crash writes no core file holding the token.
. "$(dirname "$0")/lib/lib.sh"
. "$(dirname "$0")/lib/ucloud.sh"

REAL_CURL=$(command -v curl) || skip_all "no curl"
ucloud_start queued-running
printf 'api-url = "%s"\napi-ca-file = "%s"\napi-timeout = "20"\n' "$UCLOUD_URL" "$UCLOUD_CA" >"$UCJOB_CONFIG"

# A curl on PATH that notes its environment and ucjob's core limit first.
mkdir "$TMPD/bin"
cat >"$TMPD/bin/curl" <<WRAP
#!/bin/sh
env >"$TMPD/curl-env.\$\$"
grep -i '^max core' /proc/\$PPID/limits >"$TMPD/parent-core.\$\$" 2>/dev/null
exec "$REAL_CURL" "\$@"
WRAP
chmod +x "$TMPD/bin/curl"

UCJOB_TOKEN=$UCLOUD_API_TOKEN PATH="$TMPD/bin:$PATH" run "$UCJOB" jobs
is "$STATUS" 0 "jobs with UCJOB_TOKEN through the noting curl: exit 0" || diag "$ERR"
set -- "$TMPD"/curl-env.*
[ -f "$1" ] || fail "the noting curl ran"
is "$(cat "$TMPD"/curl-env.* | grep -c '^UCJOB_TOKEN=')" 0 \
    "no curl ucjob started inherited UCJOB_TOKEN"
if [ -r /proc/self/limits ]; then
	like "$(cat "$TMPD"/parent-core.*)" '^Max core file size +0 +0 ' \
	    "ucjob runs with a core file size limit of 0"
else
	skip "no /proc/PID/limits"
fi

# A crash during a held request writes no core file.
if ulimit -c unlimited 2>/dev/null && [ "$(cat /proc/sys/kernel/core_pattern 2>/dev/null)" = core ]; then
	mkdir "$TMPD/crash"
	rm -f "$TMPD"/curl-env.*
	ucloud_patch '{"faults":[{"path":"*","delay":5,"times":1}]}'
	# A sanitizer build would catch the signal and report it: leave
	# SIGSEGV to its default action there too.
	(cd "$TMPD/crash" && UCJOB_TOKEN=$UCLOUD_API_TOKEN PATH="$TMPD/bin:$PATH" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0" \
	    UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}handle_segv=0" \
	    exec "$UCJOB" jobs >/dev/null 2>&1) &
	PID=$!
	add_cleanup "kill $PID 2>/dev/null"
	n=0
	while [ "$n" -lt 200 ] && ! ls "$TMPD"/curl-env.* >/dev/null 2>&1; do
		n=$((n + 1)); sleep 0.05
	done
	kill -SEGV "$PID"
	{ wait "$PID"; } 2>/dev/null
	is "$?" 139 "ucjob ended by SIGSEGV during a request"
	is "$(ls "$TMPD/crash")" "" "the crash left no core file"
else
	skip "core files cannot be made here (ulimit -c or core_pattern)"
	skip "core files cannot be made here"
fi
done_testing
