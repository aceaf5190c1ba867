#!/bin/sh
# tests/t0440-exec.sh - ucjob never runs a program through a shell (SPEC.md
# section 1 and 5): every command that spawns something is traced with
# strace -f -e trace=execve, and every exec (tried along PATH or done) must
# be of ssh, ssh-keygen or code themselves, never of a shell. A configured
# program that is a script without a #! line must fail, not be handed to
# /bin/sh as execvp(3) would. By construction too: no system(3),
# popen(3), execvp(3) or execlp(3) in src/.

. "$(dirname "$0")/lib/lib.sh"

# By construction: the only exec is spawn_posix.c's own PATH search.
calls=$(grep -nE '(^|[^_a-z])(system|popen|execvp|execvpe|execlp|execl|execle|posix_spawnp)[[:space:]]*\(' "$TOP"/src/*.c |
	grep -vE '^[^:]*:[0-9]+:[[:space:]]*(/\*|\*)')
is "$calls" "" "src/ calls no system, popen, execvp, execlp or posix_spawnp"

command -v strace >/dev/null 2>&1 || skip_all "strace is not installed (tests/deps.sh installs it)"
if ! strace_err=$(strace -f -qq -e trace=execve -o /dev/null true 2>&1); then
	skip_all "strace cannot trace here: $strace_err"
fi
# LeakSanitizer cannot run under ptrace (SANITIZE=1 builds).
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS

mkdir -m 700 "$HOME/.ssh"
ssh-keygen -q -t ed25519 -N '' -C t0440 -f "$HOME/.ssh/id_ed25519" >/dev/null ||
	fail "ssh-keygen makes the test key"
CFG=$HOME/.ssh/config
KH=$HOME/.ssh/ucjob_known_hosts
printf 'Host github.com\n    User git\n' >"$CFG"
chmod 600 "$CFG"
# Host keys stored for the aliases: re-add and rm then run ssh-keygen -R.
KEY="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
printf 'ucloud-job-2465 %s\nucloud-job-2466 %s\n' "$KEY" "$KEY" >"$KH"
LOG=$TMPD/strace.log

# traced DESC ARG...: run `ucjob ARG...` under strace; pass when every
# execve, tried along PATH or done, is of ucjob itself or of ssh,
# ssh-keygen or code, none is of a shell, and some program was run.
traced() {
	_d=$1
	shift
	rm -f "$LOG"
	strace -f -qq -s 512 -e trace=execve -o "$LOG" "$UCJOB" "$@" \
	    </dev/null >"$TMPD/out" 2>"$TMPD/err"
	_status=$?
	# The executable path of every execve line, and of those that ran.
	sed -n 's/^[0-9]* *execve("\([^"]*\)".*/\1/p' "$LOG" >"$TMPD/execs"
	sed -n 's/^[0-9]* *execve("\([^"]*\)".*= 0$/\1/p' "$LOG" |
		grep -v '/ucjob$' >"$TMPD/execs-ok"
	_bad=$(while read -r _path; do
		case ${_path##*/} in
		ucjob|ssh|ssh-keygen|code) ;;
		*) echo "not ssh, ssh-keygen or code: $_path" ;;
		esac
	done <"$TMPD/execs")
	if [ -z "$_bad" ] && [ -s "$TMPD/execs" ] &&
	    [ "$(grep -cv '/ucjob$' "$TMPD/execs")" -gt 0 ]; then
		ok "$_d: $(sed 's|.*/||' "$TMPD/execs-ok" | sort | uniq -c | awk '{ printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1 }')"
		execs=$((execs + $(wc -l <"$TMPD/execs-ok")))
	else
		fail "$_d" "exit $_status" "${_bad:-no program was run}" \
		    "$(sed 's/^/execve: /' "$TMPD/execs")" "stderr: $(cat "$TMPD/err")"
	fi
}
execs=0

traced "add" -F "$CFG" add --host 127.0.0.1 2465
traced "re-add" -F "$CFG" add --host 127.0.0.1 --job 7 2465
traced "check" -F "$CFG" check
traced "add a second job" -F "$CFG" add --host 127.0.0.1 2467
traced "check --connect (ssh runs side by side)" -F "$CFG" check --connect --timeout 2
traced "doctor" -F "$CFG" doctor
traced "ssh ALIAS (exec in place)" -F "$CFG" ssh ucloud-job-2465 true
traced "code ALIAS (not installed)" -F "$CFG" code ucloud-job-2465
echo "ucloud-job-2465 $KEY" >>"$KH"
traced "rm" -F "$CFG" rm 2465

# A settings ssh-keygen that is a script without #!: execvp would run it
# with /bin/sh; ucjob must refuse to run it at all.
cat >"$TMPD/noshebang" <<EOF
touch "$TMPD/ran"
EOF
chmod 755 "$TMPD/noshebang"
printf 'ssh-keygen = "%s"\n' "$TMPD/noshebang" >"$TMPD/settings"
"$UCJOB" -q -F "$CFG" add --host 127.0.0.1 2466 </dev/null >/dev/null 2>&1
echo "ucloud-job-2466 $KEY" >>"$KH"
rm -f "$LOG"
strace -f -qq -s 512 -e trace=execve -o "$LOG" "$UCJOB" -c "$TMPD/settings" \
    -F "$CFG" rm 2466 </dev/null >/dev/null 2>"$TMPD/err"
if grep -q 'execve("[^"]*noshebang"' "$LOG" &&
    ! grep -qE 'execve\("[^"]*/(sh|bash|dash)"' "$LOG" && [ ! -e "$TMPD/ran" ]; then
	ok "a configured program without #! is not handed to a shell"
else
	fail "a configured program without #! is not handed to a shell" \
	    "$(grep execve "$LOG")" "ran: $([ -e "$TMPD/ran" ] && echo yes || echo no)"
fi

figure direct-execs "$execs" "programs started by ucjob under strace, every one exec'd directly (never through a shell)"
done_testing
