#!/bin/sh
# tests/t0450-probes.sh - check --connect and prune against a real sshd
# (tests/lib/sshd.sh) and silent listeners (tests/tools/listeners.py):
# every entry is probed side by side and reported in the entries' order;
# a passphrase key not in an agent is told from a key the job refuses,
# with the keys ssh offered; what a job sends back is bounded in memory
# and reaches the terminal without control characters; every probe ssh
# gets -a -x -o ClearAllForwardings=yes; prune removes twenty silent
# entries in about one timeout and keeps a job that answers slowly;
# a progress line shows on a terminal; a killed run leaves no ssh -G or
# Match exec child and no verify copy behind.

. "$(dirname "$0")/lib/lib.sh"
. "$TOP/tests/lib/sshd.sh"

command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed (tests/deps.sh installs it)"
ME=$(id -un)
SSH=$(command -v ssh) || skip_all "ssh is not installed"
mkdir -m 700 "$HOME/.ssh"
for k in good stranger chatty; do
	ssh-keygen -q -t ed25519 -N '' -C "t0450-$k" -f "$TMPD/$k" >/dev/null ||
		fail "ssh-keygen makes the $k key"
done
ssh-keygen -q -t ed25519 -N 'a passphrase' -C t0450-locked -f "$TMPD/locked" >/dev/null ||
	fail "ssh-keygen makes the passphrase key"
printf 'host-key-checking = "accept-new"\n' >"$UCJOB_CONFIG"

# A port where nothing listens: one a throwaway sshd had, then gave up.
sshd_start "$TMPD/gone" "$TMPD/good.pub"
case $? in
0) DEAD=$SSHD_PORT; sshd_stop ;;
77) skip_all "$SSHD_WHY" ;;
*)
	fail "a throwaway sshd starts" "$SSHD_WHY"
	done_testing
	;;
esac
if sshd_start "$TMPD/sshd" "$TMPD/good.pub"; then
	ok "a throwaway sshd listens on 127.0.0.1:$SSHD_PORT"
else
	fail "a throwaway sshd starts" "$SSHD_WHY" "$(cat "$SSHD_LOG" 2>/dev/null)"
	done_testing
fi
PORT=$SSHD_PORT
# The job knows good and locked; chatty gets a forced command that sends
# 40 MB and then terminal controls (a title, OSC 52, a screen clear) on
# stderr, and fails as ssh itself does (255), so they land in the report.
{
	cat "$TMPD/good.pub" "$TMPD/locked.pub"
	printf 'command="head -c 40000000 /dev/zero; printf %s >&2; exit 255" %s\n' \
	    "'\\\\033]0;pwned\\\\007\\\\033]52;c;cHduZWQ=\\\\007\\\\033[2Jjob-text\\\\n'" \
	    "$(cat "$TMPD/chatty.pub")"
} >"$TMPD/sshd/authorized_keys"

u() {
	"$UCJOB" "$@" </dev/null
}

CFG=$TMPD/config
: >"$CFG"
for e in "good $PORT" "locked $PORT" "stranger $PORT" "dead $DEAD" "chatty $PORT"; do
	set -- $e
	u -F "$CFG" add "$2" --force --name "$1-job" --host 127.0.0.1 --user "$ME" \
	    -i "$TMPD/$1" >/dev/null 2>"$TMPD/add.err" ||
		fail "add $1-job" "$(cat "$TMPD/add.err")"
done

# --- check --connect: order, outcomes, job output -----------------------------

run python3 -c 'import resource, subprocess, sys
p = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL)
sys.stderr.write("maxrss %d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(p.returncode)' "$UCJOB" -F "$CFG" check --connect --timeout 5
is "$STATUS" 1 "check --connect with failing entries: exit 1"
is "$(awk '{ print $1, $2 }' "$TMPD/run.out")" "ok good-job:
fail locked-job:
fail stranger-job:
fail dead-job:
fail chatty-job:" "check --connect reports in the entries' order"
like "$OUT" '^ok   good-job: reachable$' "a job that takes the key: reachable"
like "$OUT" '^fail locked-job: key locked .*the key needs its passphrase \(run ssh-add, or check without --connect\) \(ssh offered: [^)]*/locked\)$' \
    "a passphrase key not in an agent: key locked, not the job's fault, naming the key"
unlike "$(grep '^fail locked-job' "$TMPD/run.out")" 'upload the public key' \
    "a passphrase key: no advice to upload it"
like "$OUT" '^fail stranger-job: authentication refused \(.*Permission denied.*\): .*upload the public key.*\(ssh offered: [^)]*/stranger\)$' \
    "a key the job does not know: authentication refused, naming the key"
like "$OUT" '^fail dead-job: connection refused' "a port with nothing on it: connection refused"
like "$OUT" '^fail chatty-job: .*job-text' "a job's text shows in the report"
if LC_ALL=C grep -q "$(printf '\033')" "$TMPD/run.out" ||
    LC_ALL=C grep -q "$(printf '\007')" "$TMPD/run.out"; then
	fail "a job's title, OSC 52 and screen clear never reach the terminal" \
	    "$(od -c "$TMPD/run.out" | head -n 20)"
else
	ok "a job's title, OSC 52 and screen clear never reach the terminal"
fi
rss=$(sed -n 's/^maxrss //p' "$TMPD/run.err")
if [ -n "$rss" ] && [ "$rss" -lt 30000 ]; then
	ok "40 MB from a job keep ucjob under 30 MB (max RSS ${rss} KiB)"
else
	fail "40 MB from a job keep ucjob under 30 MB" "max RSS ${rss:-?} KiB"
fi

run u -F "$CFG" check --connect --json --timeout 5
got=$(python3 -c 'import json, sys
print(" ".join("%s=%s" % (d["alias"], d["connect"]) for d in json.load(sys.stdin)))' <"$TMPD/run.out")
is "$got" "good-job=reachable locked-job=key locked stranger-job=authentication refused dead-job=connection refused chatty-job=failed" \
    "check --connect --json: the outcomes in the entries' order"

# --- every probe ssh: -a -x -o ClearAllForwardings=yes ----------------------

mkdir "$TMPD/bin"
cat >"$TMPD/bin/ssh" <<EOS
#!/bin/sh
printf '%s\n' "\$*" >>"$TMPD/argv.log"
exec "$SSH" "\$@"
EOS
chmod +x "$TMPD/bin/ssh"
PATH=$TMPD/bin:$PATH run u -F "$CFG" check --connect --timeout 5 good-job
grep -v -e '^-G ' -e ' -G ' "$TMPD/argv.log" >"$TMPD/argv.connect"
is "$(wc -l <"$TMPD/argv.connect" | tr -d ' ')" 1 "check --connect good-job ran one probe ssh"
like "$(cat "$TMPD/argv.connect")" '(^| )-a( .*)? -x( |$)' "the probe ssh got -a -x (no agent, no X11)"
like "$(cat "$TMPD/argv.connect")" ' -o ClearAllForwardings=yes ' "the probe ssh got ClearAllForwardings=yes"
: >"$TMPD/argv.log"
PATH=$TMPD/bin:$PATH run u -F "$CFG" prune --dry-run --timeout 5
grep -v -e '^-G ' -e ' -G ' "$TMPD/argv.log" >"$TMPD/argv.connect"
if [ -s "$TMPD/argv.connect" ]; then
	unlike "$(grep -v -- ' -a .*-x .*ClearAllForwardings=yes' "$TMPD/argv.connect")" . \
	    "every probe ssh of prune got -a -x -o ClearAllForwardings=yes"
else
	ok "prune judged every entry by its banner, with no ssh to forward anything"
fi

# --- prune: twenty silent entries, a slow job, a live one ---------------------

LP=$TMPD/listeners.out
python3 "$TOP/tests/tools/listeners.py" 20 600 >"$LP" &
LPID=$!
add_cleanup "kill $LPID 2>/dev/null; wait $LPID 2>/dev/null"
n=0
while [ ! -s "$LP" ] && [ "$n" -lt 200 ]; do
	n=$((n + 1))
	sleep 0.05
done
set -- $(cat "$LP")
is "$#" 21 "twenty silent listeners and a slow one"
P2=$TMPD/prune-config
: >"$P2"
i=0
for p in "$@"; do
	i=$((i + 1))
	[ "$i" -le 20 ] && name=silent-$i || name=slow-job
	u -F "$P2" add "$p" --name "$name" --host 127.0.0.1 --user "$ME" \
	    -i "$TMPD/good" --no-verify >/dev/null 2>&1 || fail "add $name"
done
u -F "$P2" add "$PORT" --name good-job --host 127.0.0.1 --user "$ME" \
    -i "$TMPD/good" >/dev/null 2>&1 || fail "add good-job"
start=$(date +%s)
run u -F "$P2" prune --yes --timeout 2
took=$(($(date +%s) - start))
is "$STATUS" 0 "prune --yes: exit 0" || diag "$ERR"
is "$(grep -c '^removed silent-' "$TMPD/run.out")" 20 "prune removes the twenty silent entries"
unlike "$OUT" 'slow-job|good-job' "prune keeps the job that answered slowly and the live one"
is "$(u -F "$P2" list 2>/dev/null | awk 'NR > 1 { print $1 }' | tr '\n' ' ')" "slow-job good-job " \
    "the config keeps exactly the slow and the live job" ||
	diag "$(cat "$P2")"
if [ "$took" -le 8 ]; then
	ok "twenty silent entries at a 2 s timeout take ${took} s, not 40"
else
	fail "twenty silent entries take about one timeout" "${took} s"
fi

# --- a progress line on a terminal --------------------------------------------

if command -v script >/dev/null 2>&1 &&
    script -qec "\"$UCJOB\" -F \"$CFG\" check --connect --timeout 5" /dev/null \
    >"$TMPD/tty" 2>&1 </dev/null; [ -s "$TMPD/tty" ]; then
	like "$(tr '\r' '\n' <"$TMPD/tty")" 'ucjob: connecting: 5 of 5 done' \
	    "check --connect on a terminal shows n of N done"
else
	skip "check --connect on a terminal shows n of N done" "no script(1)"
fi
run u -F "$CFG" check --connect --timeout 5
unlike "$ERR" 'of 5 done' "no progress line when stderr is not a terminal"

# --- a killed run leaves no children and no verify copy behind ----------------

MARK="31.$$"
K=$TMPD/kill
mkdir -p "$K/.ssh"
chmod 700 "$K/.ssh"
printf 'Match exec "sleep %s"\n' "$MARK" >"$K/.ssh/config"
chmod 600 "$K/.ssh/config"
printf 'ssh-config = "%s/.ssh/ucjob.conf"\n' "$K" >"$K/settings"
cp "$K/.ssh/config" "$TMPD/kill.config"
HOME=$K u -F "$TMPD/kill.config" add 2465 --host 127.0.0.1 --no-verify >/dev/null 2>&1 ||
	fail "add an entry to a config with a Match exec"

# sleepers: the PIDs of our Match exec commands still running.
sleepers() {
	ps -eo pid=,args= | awk -v m="sleep $MARK" '$2 " " $3 == m { print $1 }'
}
add_cleanup 'for p in $(sleepers); do kill "$p" 2>/dev/null; done'

# killed_leaves_nothing DESC SIGNAL CMD...: start CMD, wait until its
# Match exec runs, send SIGNAL to ucjob, then poll (5 s at most) until no
# sleeper is left.
killed_leaves_nothing() {
	_d=$1
	_sig=$2
	shift 2
	"$@" </dev/null >/dev/null 2>&1 &
	_pid=$!
	_n=0
	while [ -z "$(sleepers)" ] && [ "$_n" -lt 200 ]; do
		_n=$((_n + 1))
		sleep 0.05
	done
	if [ -z "$(sleepers)" ]; then
		kill "$_pid" 2>/dev/null
		wait "$_pid" 2>/dev/null
		fail "$_d" "the Match exec command never ran"
		return
	fi
	kill "-$_sig" "$_pid"
	wait "$_pid" 2>/dev/null
	_n=0
	while [ -n "$(sleepers)" ] && [ "$_n" -lt 100 ]; do
		_n=$((_n + 1))
		sleep 0.05
	done
	is "$(sleepers)" "" "$_d" && clean_kills=$((clean_kills + 1))
}
clean_kills=0
killed_leaves_nothing "SIGTERM during check: no ssh -G or Match exec child left" TERM \
    env HOME="$K" "$UCJOB" -F "$TMPD/kill.config" check
killed_leaves_nothing "SIGINT during check --connect: none left" INT \
    env HOME="$K" "$UCJOB" -F "$TMPD/kill.config" check --connect
killed_leaves_nothing "SIGTERM during add (verify through the main config): none left" TERM \
    env HOME="$K" UCJOB_CONFIG="$K/settings" "$UCJOB" add 2465 --host 127.0.0.1
is "$(cd "$K/.ssh" && ls -a | grep -c 'ucjob-verify')" 0 \
    "a killed add leaves no .config.ucjob-verify.* copy behind"

figure clean-kills "$clean_kills" "runs of ucjob killed by SIGINT/SIGTERM mid ssh -G or probe, leaving no child process behind"
done_testing
