#!/bin/sh
# t0620-sync: `ucjob sync` against the local UCloud double: one entry per
# job of the user with an SSH endpoint, updated when the endpoint moves
# (host key forgotten), removed when the job ends; entries made by hand
# untouched; -n writes nothing; a server error writes nothing; hostile
# status text is skipped and named; only the user's own jobs in a project;
# 1,000 jobs in one write; sync-alias = "name".
. "$(dirname "$0")/lib/lib.sh"
. "$(dirname "$0")/lib/ucloud.sh"

ucloud_start queued-running suspend-resume
CFG=$HOME/.ssh/config
KNOWN=$HOME/.ssh/ucjob_known_hosts
mkdir -p "$HOME/.ssh" && chmod 700 "$HOME/.ssh"
KEY=$TMPD/id_ed25519
ssh-keygen -q -t ed25519 -N '' -C t0620 -f "$KEY" >/dev/null || exit 1
settings() {
	printf 'api-url = "%s"\napi-ca-file = "%s"\n' "$UCLOUD_URL" "$UCLOUD_CA" >"$UCJOB_CONFIG"
	printf 'identity-file = "%s"\n' "$KEY" >>"$UCJOB_CONFIG"
	[ $# -eq 0 ] || printf '%s\n' "$@" >>"$UCJOB_CONFIG"
}
settings
printf '%s\n' "$UCLOUD_API_TOKEN" | "$UCJOB" -q login || exit 1
cat >"$CFG" <<'EOF2'
Host github.com
    User git
EOF2
"$UCJOB" -q -F "$CFG" add 2999 --name by-hand || exit 1

# aliases: the Host names in the block, sorted.
aliases() {
	sed -n '/^# BEGIN ucjob/,/^# END ucjob/s/^Host //p' "$CFG" | sort | tr '\n' ' '
}
# entry_port ALIAS: the Port of ALIAS's entry.
entry_port() {
	sed -n "/^Host $1\$/,/^Host /s/^    Port //p" "$CFG"
}

# Step 0: 4001 queued without an SSH line, 4002 running on 2470.
cp "$CFG" "$TMPD/before"
run "$UCJOB" -F "$CFG" sync -n
is "$STATUS" 0 "sync -n succeeds"
like "$OUT" '^\+Host ucloud-job-4002$' "-n prints the entry it would add as a diff"
same_bytes "$CFG" "$TMPD/before" "-n writes nothing"

run "$UCJOB" -F "$CFG" sync </dev/null
is "$STATUS" 0 "sync succeeds" || diag "$ERR"
like "$OUT" "added ucloud-job-4002 \\(job 4002, ssh.cloud.sdu.dk port 2470\\)" "it says what it added"
is "$(aliases)" "by-hand ucloud-job-4002 " "an entry for the running job with an endpoint, none for the queued one"
is "$(entry_port ucloud-job-4002)" 2470 "on the job's port"
like "$(cat "$CFG")" "# ucjob: job=4002 added=" "the entry carries the job id"
like "$(cat "$CFG")" "Host github.com" "the user's own lines are still there"
cp "$CFG" "$TMPD/synced"
run "$UCJOB" -F "$CFG" sync </dev/null
is "$STATUS" 0 "a second sync succeeds"
like "$OUT" "up to date" "and says nothing changed"
same_bytes "$CFG" "$TMPD/synced" "nor does it change a byte"

# Step 1: 4001 gets its line while queued; 4002 is suspended.
printf 'ucloud-job-4002 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOld\n' >"$KNOWN"
ucloud_patch '{"step": 1}'
run "$UCJOB" -F "$CFG" sync </dev/null
is "$STATUS" 0 "sync after a suspension succeeds"
is "$(aliases)" "by-hand ucloud-job-4001 " "the suspended VM's entry is removed, the queued job with a line is added"
like "$OUT" "removed ucloud-job-4002" "it says what it removed"
is "$(grep -c ucloud-job-4002 "$KNOWN")" 0 "and the removed entry's host key is forgotten"

# Step 2: 4002 resumed on a new port: added again on it.
"$UCJOB" -q -F "$CFG" add 2470 --job 4002 --name vm || exit 1
printf 'vm ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOld\n' >"$KNOWN"
cat >>"$CFG" <<'EOF2'
Host after
    User x
EOF2
ucloud_patch '{"step": 2}'
run "$UCJOB" -F "$CFG" sync </dev/null
is "$STATUS" 0 "sync after the resume succeeds"
like "$OUT" "updated vm \\(job 4002, ssh.cloud.sdu.dk port 2531\\)" "an entry whose job moved is updated in place, alias kept"
is "$(entry_port vm)" 2531 "to the new port"
is "$(grep -c '^vm ' "$KNOWN")" 0 "and its old host key is forgotten"
is "$(aliases)" "by-hand ucloud-job-4001 vm " "nothing else changes"

# Step 3: 4001 ended.
ucloud_patch '{"step": 3}'
run "$UCJOB" -F "$CFG" sync </dev/null
is "$(aliases)" "by-hand vm " "the ended job's entry is removed"
like "$(cat "$CFG")" "Host by-hand" "an entry made by hand is never touched"

# A line before the block that wins over the new entries: nothing written.
ucloud_state queued-running
ucloud_patch '{"step": 2}'
cp "$CFG" "$TMPD/before"
{ printf 'Host ucloud-job-*\n    User someone-else\n'; cat "$TMPD/before"; } >"$CFG"
cp "$CFG" "$TMPD/shadowed"
run "$UCJOB" -F "$CFG" sync </dev/null
is "$STATUS" 1 "sync whose new entry an earlier Host line overrides: exit 1"
like "$ERR" "someone-else" "the winning line is named"
same_bytes "$CFG" "$TMPD/shadowed" "and nothing is written"
cp "$TMPD/before" "$CFG"
ucloud_state queued-running suspend-resume
ucloud_patch '{"step": 3}'

# A server error writes nothing.
cp "$CFG" "$TMPD/before"
ucloud_patch '{"faults": [{"path": "/api/jobs/browse", "status": 500, "why": "database down"}]}'
run "$UCJOB" -F "$CFG" sync </dev/null
is "$STATUS" 1 "a server error: exit 1"
like "$ERR" "database down" "the server's reason is shown"
same_bytes "$CFG" "$TMPD/before" "and nothing is written"
ucloud_patch '{"faults": []}'

# Hostile status text: skipped and named; the config's bytes unchanged.
ucloud_state hostile
run "$UCJOB" -F "$CFG" sync </dev/null
is "$STATUS" 0 "hostile jobs do not stop sync"
like "$ERR" "job 4007: status text rejected" "the job with an injected option is named"
unlike "$OUT$ERR" "$(printf '\033')" "no escape character reaches the terminal"
unlike "$(cat "$CFG")" "ProxyCommand" "nothing of it reaches the config"

# The same world with only hostile text: not a byte changes.
run "$UCJOB" -F "$CFG" sync --yes </dev/null
cp "$CFG" "$TMPD/before"
run "$UCJOB" -F "$CFG" sync </dev/null
same_bytes "$CFG" "$TMPD/before" "a sync that only meets hostile text leaves the config's bytes unchanged"

# A port reused by another user's job is never registered: alice's
# entry for her job on 2600 goes when the job ends, and bob's job that
# now has the port gets none.
ucloud_state reused-port
"$UCJOB" -q -F "$CFG" add 2600 --job 4020 || exit 1
run "$UCJOB" -F "$CFG" sync </dev/null
like "$OUT" "removed ucloud-job-2600" "the ended job's entry on the reused port is removed"
unlike "$(cat "$CFG")" "job=402[01]" "and bob's job on the same port gets no entry"
unlike "$(cat "$CFG")" "Port 2600" "nothing points to the port any more"

# A project: only the user's own jobs.
printf '%s\n' "$UCLOUD_API_TOKEN_PROJECT" | "$UCJOB" -q login || exit 1
ucloud_state project
ucloud_requests_clear
run "$UCJOB" -F "$CFG" sync </dev/null
is "$STATUS" 0 "sync in a project succeeds"
like "$(cat "$CFG")" "job=4030" "the user's own job in the project is registered"
unlike "$(cat "$CFG")" "job=403[12]" "other members' jobs are not"
is "$(grep '"path": "/api/jobs/browse"' "$UCLOUD_LOG" | grep -c '"filterCreatedBy": \["alice"\]')" 2 "the server was asked for the user's own jobs"

# sync-alias = "name": the job's name, made safe and unique.
printf '%s\n' "$UCLOUD_API_TOKEN" | "$UCJOB" -q login || exit 1
settings 'sync-alias = "name"'
ucloud_state - <<EOF2
$(_ucloud_merge)
EOF2
"$UCLOUD_PYTHON" - "$UCLOUD_STATE" <<'EOF2'
import json, sys
s = json.load(open(sys.argv[1]))
def job(i, name, port):
    return {"id": str(i), "owner": {"createdBy": "alice"},
            "specification": {"name": name, "application": {"name": "x", "version": "1"}},
            "updates": [{"state": "RUNNING", "status": "SSH: Connected! Available at: ssh ucloud@ssh.cloud.sdu.dk -p %d" % port}]}
s["jobs"] = [job(5001, "my notebook", 2601), job(5002, "my notebook", 2602),
             job(5003, "-x\u001b[31m", 2603), job(5004, "12345", 2604), job(5005, None, 2605)]
json.dump(s, open(sys.argv[1] + ".new", "w"))
EOF2
mv "$UCLOUD_STATE.new" "$UCLOUD_STATE"
"$UCJOB" -q -F "$CFG" rm --all
run "$UCJOB" -F "$CFG" sync </dev/null
is "$STATUS" 0 "sync with sync-alias = name succeeds" || diag "$ERR"
like "$(aliases)" "^my-notebook my-notebook-500[12] ucloud-job-5004 ucloud-job-5005 x-31m \$" "names made safe for a Host line and unique; a name of digits or none falls back to the job id"

# The block in another file (ssh-config setting): ~/.ssh/config gets the
# Include, the entries go into that file.
ucloud_state queued-running
ucloud_patch '{"step": 2}'
settings "ssh-config = \"$HOME/.ssh/jobs.conf\""
printf 'Host github.com\n    User git\n' >"$CFG"
run "$UCJOB" sync </dev/null
is "$STATUS" 0 "sync into the file the ssh-config setting names" || diag "$ERR"
like "$(cat "$HOME/.ssh/jobs.conf")" "job=4001" "the entry is in that file"
like "$(cat "$CFG")" "^Include $HOME/.ssh/jobs.conf" "and ~/.ssh/config includes it"
run ssh -G -F "$CFG" ucloud-job-4001 </dev/null
like "$OUT" "port 2465" "ssh sees the entry through the Include"
rm -f "$HOME/.ssh/jobs.conf"
settings

# 1,000 running jobs, paged, in one write.
settings
ucloud_state many-jobs
"$UCJOB" -q -F "$CFG" rm --all
ucloud_requests_clear
ino_before=$(ls -i "$CFG" | cut -d' ' -f1)
cp "$CFG" "$TMPD/before"
run "$UCJOB" -q -F "$CFG" sync </dev/null
same_bytes "$HOME/.ssh/.config.ucjob~" "$TMPD/before" "one write: the backup holds the config as it was before the sync"
is "$STATUS" 0 "sync of 1,000 jobs succeeds"
is "$(grep -c '^Host ucloud-job-1' "$CFG")" 1000 "the config holds 1,000 entries"
is "$(grep -c '"filterState": \["RUNNING"\]' "$UCLOUD_LOG")" 4 "fetched in four pages"
is "$(ls -A "$HOME/.ssh" | grep -v -e '^config$' -e '^\.config\.ucjob~$' -e '^ucjob_known_hosts' | tr '\n' ' ')" "" "no temporary is left beside the config"
ino_after=$(ls -i "$CFG" | cut -d' ' -f1)
[ "$ino_before" != "$ino_after" ] && ok "the config was replaced (one rename)" || fail "the config was replaced (one rename)"

# No token: nothing is asked, nothing written.
"$UCJOB" -q logout
cp "$CFG" "$TMPD/before"
run "$UCJOB" -F "$CFG" sync </dev/null
is "$STATUS" 1 "sync without a token: exit 1"
like "$ERR" "run .ucjob login." "it says to log in"
same_bytes "$CFG" "$TMPD/before" "and writes nothing"
run "$UCJOB" -F "$CFG" sync --bogus </dev/null
is "$STATUS" 2 "an unknown option: exit 2"

done_testing
