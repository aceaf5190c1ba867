#!/bin/sh
# t0621-wait: `ucjob wait`, `add --job` and `sync` end to end against the
# local UCloud double and real throwaway sshds: a job goes queued ->
# running, its sshd starts later, wait returns soon after it answers and
# ssh to the synced alias works; a VM resumed on a new port with a new
# host key is updated by sync and ssh connects without a host key
# warning; a job that ends stops wait at once; add --job without a port;
# --login explains a key uploaded after the job started.
. "$(dirname "$0")/lib/lib.sh"
. "$(dirname "$0")/lib/ucloud.sh"
. "$TOP/tests/lib/sshd.sh"

ME=$(id -un)
CFG=$HOME/.ssh/config
mkdir -m 700 "$HOME/.ssh"
KEY=$HOME/.ssh/id_ed25519
ssh-keygen -q -t ed25519 -N '' -C t0621 -f "$KEY" >/dev/null || exit 1
ssh-keygen -q -t ed25519 -N '' -C other -f "$TMPD/other" >/dev/null || exit 1

# A free port for the job's sshd, found by starting one and stopping it;
# below Linux's ephemeral range (32768 and up), so that no connection
# made meanwhile (wait's own probes included) takes it as its local port.
P1=
for try in 1 2 3 4 5 6 7 8 9 10; do
	p=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 12000))
	sshd_start "$TMPD/sshd1" "$KEY.pub" "$p"
	case $? in
	0) P1=$p; sshd_stop; break ;;
	77) skip_all "$SSHD_WHY" ;;
	esac
done
[ -n "$P1" ] || { echo "Bail out! sshd: $SSHD_WHY"; exit 1; }

ucloud_start
printf 'api-url = "%s"\napi-ca-file = "%s"\nhost-key-checking = "accept-new"\n' \
    "$UCLOUD_URL" "$UCLOUD_CA" >"$UCJOB_CONFIG"
printf '%s\n' "$UCLOUD_API_TOKEN" | "$UCJOB" -q login || exit 1
# Poll the job every 50 ms (at most 200), probe every 50 ms: hidden, for
# tests only.
UCJOB_TEST_WAIT_MS=50,200,50
export UCJOB_TEST_WAIT_MS

# world JSON-JOBS: the state with these jobs (a JSON list; LINE(port)
# stands for the SSH line of port on 127.0.0.1 for this user).
world() {
	"$UCLOUD_PYTHON" - "$UCLOUD_STATE" "$ME" "$1" <<'PY'
import json, re, sys
path, me, jobs = sys.argv[1], sys.argv[2], sys.argv[3]
jobs = re.sub(r"LINE\((\d+)\)", lambda m: "SSH: Connected! Available at: ssh %s@127.0.0.1 -p %s" % (me, m.group(1)), jobs)
s = json.load(open(path))
s["jobs"] = json.loads(jobs)
s["step"] = 0
json.dump(s, open(path + ".new", "w"))
PY
	mv -f "$UCLOUD_STATE.new" "$UCLOUD_STATE"
}
job() {	# job ID UPDATES-JSON
	printf '{"id": "%s", "owner": {"createdBy": "alice"}, "specification": {"name": "n%s", "application": {"name": "a", "version": "1"}}, "updates": %s}' "$1" "$1" "$2"
}

# poll_until N CMD...: run CMD every 0.05 s until it succeeds, at most N
# times; fails when it never did.
poll_until() {
	_n=$1
	shift
	while ! "$@"; do
		_n=$((_n - 1))
		[ "$_n" -gt 0 ] || return 1
		sleep 0.05
	done
}
alive() { kill -0 "$1" 2>/dev/null; }
dead() { ! kill -0 "$1" 2>/dev/null; }
retrieves() { grep -c '"path": "/api/jobs/retrieve"' "$UCLOUD_LOG"; }
retrieves_over() { [ "$(retrieves)" -gt "$1" ]; }
now_ms() { "$UCLOUD_PYTHON" -c 'import time; print(int(time.time() * 1000))'; }

# --- queued -> running -> sshd later -----------------------------------
world "[$(job 6001 '[{"state": "IN_QUEUE", "status": "In the queue"},
    {"step": 1, "state": "RUNNING", "status": "LINE('"$P1"')"}]')]"
ucloud_requests_clear
"$UCJOB" -F "$CFG" wait 6001 --timeout 30 >"$TMPD/wait.out" 2>"$TMPD/wait.err" &
WAIT_PID=$!
add_cleanup "kill $WAIT_PID 2>/dev/null"
poll_until 200 retrieves_over 1 || fail "wait polls the job"
alive "$WAIT_PID" && ok "wait keeps waiting while the job is queued" ||
	fail "wait keeps waiting while the job is queued" "$(cat "$TMPD/wait.err")"
ucloud_patch '{"step": 1}'
n=$(retrieves)
poll_until 200 retrieves_over "$((n + 1))"
alive "$WAIT_PID" && ok "and while the job runs but its sshd does not answer yet" ||
	fail "and while the job runs but its sshd does not answer yet" "$(cat "$TMPD/wait.err")"
sshd_start "$TMPD/sshd1" "$KEY.pub" "$P1" || { echo "Bail out! sshd: $SSHD_WHY"; exit 1; }
t0=$(now_ms)
poll_until 200 dead "$WAIT_PID"
t1=$(now_ms)
wait "$WAIT_PID"
is "$?" 0 "wait exits 0 once the sshd answers"
[ $((t1 - t0)) -lt 2000 ] && ok "within 2 s of the sshd's start ($((t1 - t0)) ms)" ||
	fail "within 2 s of the sshd's start ($((t1 - t0)) ms)"
is "$(cat "$TMPD/wait.err")" "" "no progress line when stderr is not a terminal"
is "$(cat "$TMPD/wait.out")" "" "nor anything on stdout: the exit status says it"
is "$(retrieves_over 0; grep '"path": "/api/jobs/retrieve"' "$UCLOUD_LOG" | grep -c '"includeUpdates": \["true"\]')" "$(retrieves)" "every poll asked for the updates"

run "$UCJOB" -F "$CFG" sync </dev/null
is "$STATUS" 0 "sync registers the running job" || diag "$ERR"
run ssh -F "$CFG" -o BatchMode=yes -o GlobalKnownHostsFile=/dev/null ucloud-job-6001 true </dev/null
is "$STATUS" 0 "ssh ucloud-job-6001 true works" || diag "$ERR"
run "$UCJOB" -F "$CFG" wait ucloud-job-6001 --login
is "$STATUS" 0 "wait ALIAS --login: ready and logged in" || diag "$ERR"

# --- resumed on a new port with a new host key ---------------------------
sshd_stop
sshd_start "$TMPD/sshd2" "$KEY.pub" || { echo "Bail out! sshd: $SSHD_WHY"; exit 1; }
P2=$SSHD_PORT
world "[$(job 6001 '[{"state": "RUNNING", "status": "LINE('"$P1"')"},
    {"state": "SUSPENDED", "status": "Suspended"},
    {"state": "RUNNING", "status": "LINE('"$P2"')"}]')]"
run "$UCJOB" -F "$CFG" sync </dev/null
like "$OUT" "updated ucloud-job-6001 \\(job 6001, 127.0.0.1 port $P2\\)" "sync updates the resumed VM's entry to its new port"
run ssh -F "$CFG" -o BatchMode=yes -o GlobalKnownHostsFile=/dev/null ucloud-job-6001 true </dev/null
is "$STATUS" 0 "ssh connects to the new sshd" || diag "$ERR"
unlike "$ERR" "IDENTIFICATION HAS CHANGED" "without a host key warning"

# --- the job ends: wait stops at once; sync removes it -------------------
world "[$(job 6001 '[{"state": "RUNNING", "status": "LINE('"$P2"')"},
    {"state": "SUCCESS", "status": "Done"}]')]"
run "$UCJOB" -F "$CFG" wait 6001 --timeout 30
is "$STATUS" 1 "wait for an ended job: exit 1"
like "$ERR" "job 6001 has ended \\(SUCCESS\\)" "it says so"
run "$UCJOB" -F "$CFG" sync </dev/null
unlike "$(cat "$CFG")" "job=6001" "sync after the job ends removes its entry"

# --- a server hiccup does not end a wait; an unknown job does ------------
world "[$(job 6005 '[{"state": "RUNNING", "status": "LINE('"$P2"')"}]')]"
ucloud_patch '{"faults": [{"path": "/api/jobs/retrieve", "status": 502, "why": "bad gateway", "times": 2}]}'
ucloud_requests_clear
run "$UCJOB" -F "$CFG" wait 6005 --timeout 30
is "$STATUS" 0 "two 502 answers while polling: wait still succeeds" || diag "$ERR"
is "$(retrieves)" 3 "after asking again"
ucloud_patch '{"faults": []}'
run "$UCJOB" -F "$CFG" wait 6999 --timeout 30
is "$STATUS" 1 "wait for a job the workspace does not have: exit 1"
like "$ERR" "no job 6999" "it says so"

# --- timeouts and bad usage ---------------------------------------------
world "[$(job 6002 '[{"state": "IN_QUEUE", "status": "In the queue"}]')]"
run "$UCJOB" -F "$CFG" wait 6002 --timeout 1
is "$STATUS" 1 "wait past its timeout: exit 1"
like "$ERR" "timed out" "it says so"
cp "$CFG" "$TMPD/before"
for d in 0 1x 5mm '' -3; do
	run "$UCJOB" -F "$CFG" wait 6002 --timeout "$d"
	is "$STATUS" 2 "--timeout '$d': exit 2"
done
run "$UCJOB" -F "$CFG" wait no-such-alias
is "$STATUS" 2 "wait for an unknown alias: exit 2"
run "$UCJOB" -F "$CFG" wait
is "$STATUS" 2 "wait with nothing to wait for: exit 2"
run "$UCJOB" -F "$CFG" wait 6002 --login
is "$STATUS" 2 "--login for a job without an entry: exit 2"
same_bytes "$CFG" "$TMPD/before" "bad usage writes nothing"

# --- add --job without a port ---------------------------------------------
run "$UCJOB" -F "$CFG" add --job 6002
is "$STATUS" 1 "add --job for a job without an endpoint: exit 1"
like "$ERR" "still starting.*ucjob wait 6002" "it says the job is still starting and suggests wait"
same_bytes "$CFG" "$TMPD/before" "and writes nothing"
world "[$(job 6002 '[{"state": "RUNNING", "status": "LINE('"$P2"')"}]')]"
run "$UCJOB" -F "$CFG" add --job 6002
is "$STATUS" 0 "add --job registers the job's endpoint" || diag "$ERR"
like "$(cat "$CFG")" "Host ucloud-job-6002" "under the job's alias"
like "$(sed -n '/^Host ucloud-job-6002/,/^Host /p' "$CFG")" "Port $P2" "on its port"
like "$(grep -c '"path": "/api/jobs/retrieve"' "$UCLOUD_LOG")" "^[1-9]" "from GET /api/jobs/retrieve"
run "$UCJOB" -F "$CFG" add --job 6002 --wait
is "$STATUS" 0 "add --job --wait: ready" || diag "$ERR"

# sync-alias = "name": the job's name, unless another entry has it.
cp "$UCJOB_CONFIG" "$TMPD/settings"
printf 'sync-alias = "name"\n' >>"$UCJOB_CONFIG"
world "[$(job 6003 '[{"state": "RUNNING", "status": "LINE('"$P2"')"}]'), $(job 6004 '[{"state": "RUNNING", "status": "LINE('"$P2"')"}]')]"
"$UCJOB" -q -F "$CFG" add 2999 --name n6004 || exit 1
run "$UCJOB" -F "$CFG" add --job 6003
like "$(cat "$CFG")" "Host n6003" "add --job names the entry after the job with sync-alias = name"
run "$UCJOB" -F "$CFG" add --job 6004
like "$(cat "$CFG")" "Host ucloud-job-6004" "but not after a name another entry has"
like "$(sed -n '/^Host n6004/,/^Host /p' "$CFG")" "Port 2999" "which is left alone"
cp "$TMPD/settings" "$UCJOB_CONFIG"

# --- --login: a key uploaded after the container job started -------------
cp "$TMPD/other.pub" "$TMPD/sshd2/authorized_keys"
started=$(( $(now_ms) - 60000 ))
world "[$(job 6002 '[{"state": "RUNNING", "status": "LINE('"$P2"')", "timestamp": '"$started"'}]')]"
ucloud_patch "{\"sshKeys\": [{\"id\": \"9\", \"owner\": \"alice\", \"title\": \"t\", \"key\": \"$(cut -d' ' -f1,2 "$KEY.pub")\", \"createdAt\": $(now_ms)}]}"
run "$UCJOB" -F "$CFG" wait ucloud-job-6002 --login
is "$STATUS" 1 "--login refused: exit 1"
like "$ERR" "this container job started before your key was uploaded: restart it" "it says to restart the job"
ucloud_patch '{"sshKeys": []}'
run "$UCJOB" -F "$CFG" wait ucloud-job-6002 --login
like "$ERR" "not in your UCloud account" "with the key missing from the account it says so"

# Without a token: the entry's port is probed, the account never asked.
"$UCJOB" -q logout
ucloud_requests_clear
run "$UCJOB" -F "$CFG" wait ucloud-job-6002 --timeout 5
is "$STATUS" 0 "without a token, wait probes the entry's port" || diag "$ERR"
is "$(wc -l <"$UCLOUD_LOG" | tr -d ' ')" 0 "and asks the server nothing"

done_testing
