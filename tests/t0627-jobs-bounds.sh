#!/bin/sh
# t0627-jobs-bounds: what bounds `ucjob jobs`: pages whose cursors cycle
# (not only the one just used), an answer past the 16 MiB capture, and
# (under make stress) more than 20000 jobs.  Each fails with one clear
# line and exit 1.
. "$(dirname "$0")/lib/lib.sh"
. "$(dirname "$0")/lib/ucloud.sh"

# Pages a, b, a, b, ... and then an end: following them to the end
# would mean a cursor was used twice.
{
	printf '{"faults":['
	for i in $(seq 1 10); do
		printf '{"path":"/api/jobs/browse","status":200,"times":1,"body":"{\\"items\\":[],\\"next\\":\\"a\\"}"},'
		printf '{"path":"/api/jobs/browse","status":200,"times":1,"body":"{\\"items\\":[],\\"next\\":\\"b\\"}"},'
	done
	printf '{"path":"/api/jobs/browse","status":200,"body":"{\\"items\\":[],\\"next\\":null}"}]}\n'
} >"$TMPD/cycle.json"
cat >"$TMPD/big.json" <<'J'
{"faults":[{"path":"/api/jobs/browse","streamBytes":17000000}]}
J

ucloud_start "$TMPD/cycle.json"
printf 'api-url = "%s"\napi-ca-file = "%s"\napi-timeout = "60"\n' "$UCLOUD_URL" "$UCLOUD_CA" >"$UCJOB_CONFIG"
export UCJOB_TOKEN="$UCLOUD_API_TOKEN"
run "$UCJOB" jobs
is "$STATUS" 1 "pages that cycle: exit 1"
like "$ERR" "the pages do not end" "it says the pages do not end"
is "$(grep -c '"path": "/api/jobs/browse"' "$UCLOUD_LOG")" 3 "it stops at the first cursor seen again"
ucloud_stop

ucloud_start "$TMPD/big.json"
printf 'api-url = "%s"\napi-ca-file = "%s"\napi-timeout = "60"\n' "$UCLOUD_URL" "$UCLOUD_CA" >"$UCJOB_CONFIG"
run "$UCJOB" jobs
is "$STATUS" 1 "an answer over 16 MiB: exit 1"
like "$ERR" "the server's answer is too large \(over 16 MiB\)" "it says the answer is too large"
unlike "$ERR" "no HTTP status" "not that curl gave no status"
ucloud_stop

# A job that moved on between the two browses (queued, then running)
# is listed once; the pages' order is kept.
python3 -c '
import json
def job(i, st):
    return {"id": i, "owner": {"createdBy": "alice", "project": None},
            "specification": {"name": "n" + i, "application": {"name": "a"}},
            "status": {"state": st}, "updates": []}
def page(*jobs):
    return {"path": "/api/jobs/browse", "status": 200, "times": 1,
            "body": json.dumps({"items": list(jobs), "next": None})}
print(json.dumps({"faults": [page(job("4009", "IN_QUEUE"), job("4001", "IN_QUEUE")),
    page(job("4001", "RUNNING"), job("4005", "RUNNING"), job("4009", "RUNNING"))]}))
' >"$TMPD/moved.json"
ucloud_start "$TMPD/moved.json"
printf 'api-url = "%s"\napi-ca-file = "%s"\n' "$UCLOUD_URL" "$UCLOUD_CA" >"$UCJOB_CONFIG"
run "$UCJOB" jobs
is "$STATUS" 0 "jobs seen in both browses: exit 0"
is "$(printf '%s\n' "$OUT" | awk 'NR > 1 { printf "%s ", $1 }')" "4009 4001 4005 " "each job once, in the order first seen"
ucloud_stop

if [ -n "$UCJOBTEST_STRESS" ]; then
	cat >"$TMPD/many.json" <<'J'
{"generateJobs":[{"count":20001,"createdBy":"alice","project":null,"state":"RUNNING","firstId":100000,"firstPort":20000}]}
J
	ucloud_start "$TMPD/many.json"
	printf 'api-url = "%s"\napi-ca-file = "%s"\napi-timeout = "60"\n' "$UCLOUD_URL" "$UCLOUD_CA" >"$UCJOB_CONFIG"
	run "$UCJOB" jobs
	is "$STATUS" 1 "20001 jobs: exit 1"
	like "$ERR" "more than 20000 queued and running jobs" "it names the bound"
	ucloud_stop
fi
done_testing
