#!/bin/sh
# tests/t0451-prune-account.sh - prune with a token asks the account
# first (the local UCloud double, tests/lib/ucloud.sh): a job UCloud
# lists as running is never pruned, even with nothing on its port; one it
# shows ended is pruned without a connection, even while something
# answers on its port; a job it cannot retrieve (another workspace's, an
# unknown one), entries without a job, and every entry without a token or
# when the call fails, are left to the probes.

. "$(dirname "$0")/lib/lib.sh"
. "$(dirname "$0")/lib/ucloud.sh"
. "$TOP/tests/lib/sshd.sh"

ME=$(id -un)
mkdir -m 700 "$HOME/.ssh"
ssh-keygen -q -t ed25519 -N '' -C t0451 -f "$HOME/.ssh/id_ed25519" >/dev/null ||
	fail "ssh-keygen makes the user key"
sshd_start "$TMPD/gone" "$HOME/.ssh/id_ed25519.pub"
case $? in
0) DEAD=$SSHD_PORT; sshd_stop ;;
77) skip_all "$SSHD_WHY" ;;
*) fail "a throwaway sshd starts" "$SSHD_WHY"; done_testing ;;
esac
sshd_start "$TMPD/sshd" "$HOME/.ssh/id_ed25519.pub" ||
	{ fail "a throwaway sshd starts" "$SSHD_WHY"; done_testing; }
LIVE=$SSHD_PORT
ucloud_start queued-running project
# Job 4999 has finished; 4030 runs in project lab-1, which the personal
# token's workspace does not list.
ucloud_patch '{"step": 2, "jobs": [
 {"id": "4001", "owner": {"createdBy": "alice"},
  "specification": {"name": "notebook"},
  "updates": [{"state": "RUNNING", "status": "Your job is now running"}]},
 {"id": "4999", "owner": {"createdBy": "alice"},
  "specification": {"name": "done"},
  "updates": [{"state": "SUCCESS", "status": "Your job has finished"}]},
 {"id": "4030", "owner": {"createdBy": "alice", "project": "lab-1"},
  "specification": {"name": "mine-in-lab"},
  "updates": [{"state": "RUNNING", "status": "Your job is now running"}]}]}'
printf 'api-url = "%s"\napi-ca-file = "%s"\nhost-key-checking = "accept-new"\n' \
    "$UCLOUD_URL" "$UCLOUD_CA" >"$UCJOB_CONFIG"

CFG=$TMPD/config
: >"$CFG"
# running: job 4001 runs, but its port is dead; ended: job 4999 has finished,
# but an sshd answers on its port; lab: job 4030 of another workspace, an sshd
# answers; plain: no job, port dead.
"$UCJOB" -F "$CFG" add "$DEAD" --job 4001 --name running --host 127.0.0.1 --user "$ME" </dev/null >/dev/null 2>&1 ||
	fail "add running"
"$UCJOB" -F "$CFG" add "$LIVE" --job 4999 --name ended --host 127.0.0.1 --user "$ME" </dev/null >/dev/null 2>&1 ||
	fail "add ended"
"$UCJOB" -F "$CFG" add "$LIVE" --job 4030 --force --name lab --host 127.0.0.1 --user "$ME" </dev/null >/dev/null 2>&1 ||
	fail "add lab"
"$UCJOB" -F "$CFG" add "$DEAD" --force --name plain --host 127.0.0.1 --user "$ME" </dev/null >/dev/null 2>&1 ||
	fail "add plain"

# Without a token: the probes alone.
run "$UCJOB" -F "$CFG" prune --dry-run --timeout 3 </dev/null
is "$STATUS" 0 "prune --dry-run without a token: exit 0" || diag "$ERR"
like "$OUT" '^running: connection refused' "without a token, a dead port is gone"
unlike "$OUT" '^ended:' "without a token, an answering port is kept"

printf '%s\n' "$UCLOUD_API_TOKEN" | "$UCJOB" -q login || fail "login"
cp "$CFG" "$TMPD/before"
ucloud_requests_clear
run "$UCJOB" -F "$CFG" prune --dry-run --timeout 3 </dev/null
is "$STATUS" 0 "prune --dry-run with a token: exit 0" || diag "$ERR"
unlike "$OUT" '^running:' "a job UCloud lists as running is never pruned, its port dead or not"
like "$OUT" '^ended: job gone \(UCloud shows job 4999 as SUCCESS\)' \
    "a job UCloud shows ended is pruned, though its port answers"
unlike "$OUT" '^lab:' "another workspace's job is left to the probes (its port answers)"
like "$(cat "$UCLOUD_LOG")" '/api/jobs/retrieve' "prune retrieved the jobs not listed"
like "$OUT" '^plain: connection refused' "an entry without a job is left to the probes"
like "$(cat "$UCLOUD_LOG")" '"/api/jobs/browse"' "prune asked UCloud for the jobs"
same_bytes "$CFG" "$TMPD/before" "prune --dry-run writes nothing"

run "$UCJOB" -F "$CFG" prune --yes --timeout 3 </dev/null
is "$STATUS" 0 "prune --yes with a token: exit 0" || diag "$ERR"
is "$("$UCJOB" -F "$CFG" list 2>/dev/null | awk 'NR > 1 { print $1 }' | tr '\n' ' ')" "running lab " \
    "only the running job's and the other workspace's entries are left"

# A failing API leaves it to the probes, with a warning.
"$UCJOB" -F "$CFG" add "$LIVE" --job 4999 --name ended --host 127.0.0.1 --user "$ME" </dev/null >/dev/null 2>&1
ucloud_stop
run "$UCJOB" -F "$CFG" prune --dry-run --timeout 3 </dev/null
is "$STATUS" 0 "prune with UCloud away: exit 0" || diag "$ERR"
like "$ERR" 'warning: .*the probes decide' "prune with UCloud away warns"
like "$OUT" '^running: connection refused' "with UCloud away, the probes decide"
unlike "$OUT" '^ended:' "with UCloud away, an answering port is kept"

done_testing
