#!/bin/sh
# t0611-jobs: `ucjob jobs` against the local UCloud double: the user's
# queued and running jobs with their SSH endpoint (last one wins, Slurm
# and AAU lines), whether the block has an entry, --json, --all, paging,
# hostile job text, and what the server was asked.
. "$(dirname "$0")/lib/lib.sh"
. "$(dirname "$0")/lib/ucloud.sh"

ucloud_start queued-running slurm aau multiline suspend-resume project
CFG=$HOME/.ssh/config
mkdir -p "$HOME/.ssh" && chmod 700 "$HOME/.ssh"
printf 'api-url = "%s"\napi-ca-file = "%s"\n' "$UCLOUD_URL" "$UCLOUD_CA" >"$UCJOB_CONFIG"
printf '%s\n' "$UCLOUD_API_TOKEN" | "$UCJOB" -q login || exit 1

# jobs_json ARGS...: run `jobs --json ARGS` and print "id state endpoint
# entry" a line, via python3's json module (so the output is real JSON).
jobs_json() {
	"$UCJOB" -F "$CFG" jobs --json "$@" >"$TMPD/jobs.json" || return 1
	python3 -c '
import json, sys
for j in json.load(open(sys.argv[1])):
    ep = j["ssh"]
    at = "-" if ep is None else "%s@%s:%d" % (ep["user"], ep["host"], ep["port"])
    print(j["id"], j["state"], at, j["entry"] or "-")
' "$TMPD/jobs.json"
}

ucloud_requests_clear
run "$UCJOB" -F "$CFG" jobs
is "$STATUS" 0 "jobs succeeds"
like "$OUT" "^4001 +notebook +jupyter-all-spark +IN_QUEUE +- " "a queued job without an SSH line has no endpoint"
like "$OUT" "^4002 .*RUNNING +ucloud@ssh.cloud.sdu.dk:2470" "a running VM shows its port"
like "$OUT" "^4003 .*alice_andersen@hippo-fe.example.org:22 " "a Slurm line without -p means port 22"
like "$OUT" "^4004 .*ucloud@130.225.164.12:31022" "the AAU line is read"
like "$OUT" "^4005 .*:2481 " "of two SSH lines in one status the last wins"
unlike "$OUT" "^403[012] " "the project's jobs are not in the personal workspace"
is "$(grep -c '"path": "/api/jobs/browse"' "$UCLOUD_LOG")" 2 "one browse per state (one page each)"
is "$(grep '"path": "/api/jobs/browse"' "$UCLOUD_LOG" | grep -c '"includeUpdates": \["true"\]')" 2 "every browse asked for the updates"
like "$(grep '"path": "/api/jobs/browse"' "$UCLOUD_LOG")" '"filterState": \["IN_QUEUE"\]' "queued jobs were asked for"
like "$(grep '"path": "/api/jobs/browse"' "$UCLOUD_LOG")" '"filterState": \["RUNNING"\]' "running jobs were asked for"
is "$(grep '"path": "/api/jobs/browse"' "$UCLOUD_LOG" | grep -c '"filterCreatedBy": \["alice"\]')" 2 "only the user's own jobs were asked for"

# Time moves on: 4001 gets its SSH line while queued, 4002 is suspended
# (not listed), then both run, 4002 resumed on a new port.
ucloud_patch '{"step": 1}'
run "$UCJOB" -F "$CFG" jobs
like "$OUT" "^4001 +notebook +jupyter-all-spark +IN_QUEUE +ucloud@ssh.cloud.sdu.dk:2465" "a queued job with its SSH line shows the endpoint"
unlike "$OUT" "^4002 " "a suspended job is neither queued nor running"
ucloud_patch '{"step": 2}'
run "$UCJOB" -F "$CFG" jobs
like "$OUT" "^4002 .*RUNNING +ucloud@ssh.cloud.sdu.dk:2531" "a resumed VM shows its new port"
like "$OUT" "^4001 .*RUNNING +ucloud@ssh.cloud.sdu.dk:2465" "the queued job now runs"

# An entry for 4001 in the block.
run "$UCJOB" -F "$CFG" add 2465 --job 4001 --name nb
is "$STATUS" 0 "an entry for job 4001 is added"
run jobs_json
is "$STATUS" 0 "jobs --json prints JSON"
like "$OUT" "^4001 RUNNING ucloud@ssh.cloud.sdu.dk:2465 nb\$" "--json: the entry's alias for the job with one"
like "$OUT" "^4002 RUNNING ucloud@ssh.cloud.sdu.dk:2531 -\$" "--json: none for a job without"
run "$UCJOB" -F "$CFG" jobs
like "$OUT" "^4001 .* nb\$" "the table names the entry too"

# --all in a project: bob's jobs as well.
printf '%s\n' "$UCLOUD_API_TOKEN_PROJECT" | "$UCJOB" -q login || exit 1
run jobs_json
like "$OUT" "^4030 " "a project token lists the user's job in the project"
unlike "$OUT" "^4031 " "but not another member's"
ucloud_requests_clear
run jobs_json --all
like "$OUT" "^4031 RUNNING ucloud@ssh.cloud.sdu.dk:2701 -\$" "--all lists another member's job"
like "$OUT" "^4032 IN_QUEUE - -\$" "a queued job without an SSH line has no endpoint"
is "$(grep -c '"filterCreatedBy"' "$UCLOUD_LOG")" 0 "--all asks for no creator"

# A browser refresh token: the access token names the user.
printf '%s\n' "$UCLOUD_REFRESH_TOKEN" | "$UCJOB" -q login || exit 1
ucloud_requests_clear
run jobs_json
like "$OUT" "^4001 RUNNING " "a refresh token lists the user's jobs"
is "$(grep -c '"path": "/auth/refresh"' "$UCLOUD_LOG")" 1 "after one exchange"
is "$(grep '"path": "/api/jobs/browse"' "$UCLOUD_LOG" | grep -c '"filterCreatedBy": \["alice"\]')" 2 "for the user the access token names"

# Paging: 1000 running jobs, 250 a page.
ucloud_state many-jobs
printf '%s\n' "$UCLOUD_API_TOKEN" | "$UCJOB" -q login || exit 1
ucloud_requests_clear
run jobs_json
is "$(printf '%s\n' "$OUT" | grep -c RUNNING)" 1000 "paging: all 1000 jobs are listed"
is "$(printf '%s\n' "$OUT" | sort -u | wc -l | tr -d ' ')" 1000 "each once"
is "$(grep '"filterState": \["RUNNING"\]' "$UCLOUD_LOG" | grep -c '"itemsPerPage": \["250"\]')" 4 "four pages of 250 were asked for"
is "$(grep -c '"next": \[' "$UCLOUD_LOG")" 3 "the next cursor was followed until null"

# Hostile text from the server.
ucloud_state hostile
run "$UCJOB" -F "$CFG" jobs
is "$STATUS" 0 "hostile jobs do not stop the listing"
unlike "$OUT$ERR" "$(printf '\033')" "no escape character reaches the terminal"
unlike "$OUT$ERR" "$(printf '\r')" "no carriage return reaches the terminal"
like "$OUT" "^4007 .* - " "an SSH line with -o has no endpoint"
like "$ERR" "job 4007: status text rejected" "and is reported"
like "$OUT" "^4011 .* - " "port 99999 has no endpoint"
run jobs_json
is "$STATUS" 0 "--json with hostile text is valid JSON"
like "$(cat "$TMPD/jobs.json")" '\\u001[bB]' "control characters are escaped in JSON"

# A server answer that is not a page.
ucloud_patch '{"faults": [{"path": "/api/jobs/browse", "status": 200, "body": "not json"}]}'
run "$UCJOB" -F "$CFG" jobs
is "$STATUS" 1 "an answer that is not a page: exit 1"
like "$ERR" "not a page" "it says so"
ucloud_patch '{"faults": []}'

# No token.
"$UCJOB" -q logout
run "$UCJOB" -F "$CFG" jobs
is "$STATUS" 1 "no token: exit 1"
like "$ERR" "run .ucjob login." "it says to log in"
run env UCJOB_TOKEN="$UCLOUD_API_TOKEN_BOB" "$UCJOB" -F "$CFG" jobs
is "$STATUS" 0 "UCJOB_TOKEN works without a stored token"
like "$(tail -n 2 "$UCLOUD_LOG")" "Bearer $UCLOUD_API_TOKEN_BOB" "and is what was sent"
run env UCJOB_TOKEN=nonsense "$UCJOB" -F "$CFG" jobs
is "$STATUS" 2 "a malformed UCJOB_TOKEN: exit 2"

done_testing
