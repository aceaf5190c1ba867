#!/bin/sh
# tests/t0600-ucloud-double.sh - the local UCloud double (tests/ucloud/)
# itself, driven with curl: every call and its shapes, paging to the end
# over 1,000 jobs, the bad-token answers, includeUpdates stripping, DELETE
# with a body, duplicate keys, the key-type check, the refresh exchange,
# scripted steps, a forced 500 and a delay, the request log, and a
# certificate that verifies with its CA and only with it.

. "$(dirname "$0")/lib/lib.sh"
. "$(dirname "$0")/lib/ucloud.sh"

command -v curl >/dev/null 2>&1 || skip_all "curl is missing"
ucloud_start queued-running suspend-resume project many-jobs

# api TOKEN METHOD PATH [BODY]: one call; body in $OUT, HTTP status in $CODE.
api() {
	if [ -n "${4:-}" ]; then
		CODE=$(curl -sS --cacert "$UCLOUD_CA" -X "$2" -o "$TMPD/body" \
		    -w '%{http_code}' -H "Authorization: Bearer $1" \
		    -H 'Content-Type: application/json' -d "$4" "$UCLOUD_URL$3")
	else
		CODE=$(curl -sS --cacert "$UCLOUD_CA" -X "$2" -o "$TMPD/body" \
		    -w '%{http_code}' -H "Authorization: Bearer $1" "$UCLOUD_URL$3")
	fi
	OUT=$(cat "$TMPD/body")
}

# js EXPR: evaluate the Python expression EXPR with j = $OUT parsed.
js() {
	printf '%s' "$OUT" | "$UCLOUD_PYTHON" -c 'import json,sys; j=json.load(sys.stdin); print('"$1"')'
}

# TLS: the CA verifies it, the system store and another CA do not.
run curl -sS --cacert "$UCLOUD_CA" -o /dev/null -w '%{http_code}' "$UCLOUD_URL/api/ssh/browse"
is "$OUT" 403 "the certificate verifies against the test CA (and no token: 403)"
run curl -sS --cacert "$UCLOUD_CA" -o /dev/null -w '%{http_code}' "$UCLOUD_HOST_URL/api/ssh/browse"
is "$OUT" 403 "the certificate also names localhost"
run curl -sS -o /dev/null "$UCLOUD_URL/api/ssh/browse"
is "$STATUS" 60 "without --cacert curl refuses the certificate (exit 60)"
run curl -sS --cacert "$UCLOUD_WRONG_CA" -o /dev/null "$UCLOUD_URL/api/ssh/browse"
is "$STATUS" 60 "another CA does not verify it"

# Bad tokens.
api "$UCLOUD_API_TOKEN_EXPIRED" GET /api/jobs/browse
is "$CODE $(js 'j["statusCode"], j["why"], j["errorCode"]')" "403 403 Forbidden " "an expired API token: 403 with UCloud's error body"
api "$UCLOUD_API_TOKEN_REVOKED" GET /api/jobs/browse
is "$CODE" 403 "a revoked API token: 403"
api ucZZ-00 GET /api/jobs/browse
is "$CODE $(js 'j["why"]')" "403 Invalid token supplied" "a malformed API token: 403"
api eyJhbGciOiJSUzI1NiJ9.e30.c2ln GET /api/jobs/browse
is "$CODE $(js 'j["statusCode"]')" "401 401" "an unknown JWT: 401"
ucloud_patch '{"jwtFailureStatus": 403}'
api eyJhbGciOiJSUzI1NiJ9.e30.c2ln GET /api/jobs/browse
is "$CODE" 403 "or 403, as UCloud's source answers"
ucloud_patch '{"jwtFailureStatus": 401}'
api "$UCLOUD_API_TOKEN" GET /api/jobs/nothing
is "$CODE $OUT" "404 404 page not found" "an unknown path: 404"
api "$UCLOUD_API_TOKEN" PUT /api/ssh '{}'
is "$CODE" 405 "a known path with another method: 405"

# The refresh exchange and logout.
api "$UCLOUD_REFRESH_TOKEN" POST /auth/refresh
is "$CODE" 200 "the refresh token is exchanged"
JWT=$(js 'j["accessToken"]')
like "$(js 'j["csrfToken"]')" '^[0-9a-f]{32}$' "with a csrfToken"
sub=$(printf '%s' "$JWT" | "$UCLOUD_PYTHON" -c 'import base64,json,sys; p=sys.stdin.read().split(".")[1]; c=json.loads(base64.urlsafe_b64decode(p+"="*(-len(p)%4))); import time; print(c["sub"], 0 < c["exp"]-time.time() <= 600)')
is "$sub" "alice True" "the JWT names alice and expires within 10 minutes"
api "$JWT" GET '/api/jobs/browse?itemsPerPage=1'
is "$CODE" 200 "the JWT is accepted"
ucloud_patch '{"accessTokenLifetimeMs": 0}'
api "$UCLOUD_REFRESH_TOKEN" POST /auth/refresh
api "$(js 'j["accessToken"]')" GET '/api/jobs/browse?itemsPerPage=1'
is "$CODE" 401 "a JWT past its expiry: 401"
ucloud_patch '{"accessTokenLifetimeMs": 600000}'
api "$UCLOUD_REFRESH_TOKEN" POST /auth/logout
is "$CODE $OUT" "200 {}" "logout"
api "$UCLOUD_REFRESH_TOKEN" POST /auth/refresh
is "$CODE" 401 "a logged-out refresh token is refused"
api "$UCLOUD_REFRESH_TOKEN_EXPIRED" POST /auth/refresh
is "$CODE $(js 'j["why"]')" "401 Unauthorized" "an expired refresh token: 401"
run curl -sS --cacert "$UCLOUD_CA" -X POST -w '%{http_code}' "$UCLOUD_URL/auth/refresh"
is "$OUT" '{"statusCode": 403, "why": "Forbidden", "errorCode": "", "detailedCode": 0}403' "no Bearer at /auth/refresh: 403"

# Jobs: personal workspace, includeUpdates, steps.
api "$UCLOUD_API_TOKEN" GET '/api/jobs/retrieve?id=4001'
is "$CODE $(js 'j["status"]["state"], len(j["updates"])')" "200 IN_QUEUE 0" "retrieve without includeUpdates: updates stripped"
api "$UCLOUD_API_TOKEN" GET '/api/jobs/retrieve?id=4001&includeUpdates=true'
is "$(js '[u["state"] for u in j["updates"]]')" "['IN_QUEUE']" "step 0: the job is queued"
ucloud_patch '{"step": 1}'
api "$UCLOUD_API_TOKEN" GET '/api/jobs/retrieve?id=4001&includeUpdates=true'
is "$(js 'j["status"]["state"], j["updates"][-1]["status"]')" "IN_QUEUE SSH: Connected! Available at: ssh ucloud@ssh.cloud.sdu.dk -p 2465" "step 1: the SSH line appears while queued"
ucloud_patch '{"step": 2}'
api "$UCLOUD_API_TOKEN" GET '/api/jobs/retrieve?id=4002&includeUpdates=true'
is "$(js 'j["status"]["state"], j["updates"][-1]["status"][-4:]')" "RUNNING 2531" "step 2: the VM resumed on a new port"
api "$UCLOUD_API_TOKEN" GET '/api/jobs/retrieve?id=4031'
is "$CODE $(js 'j["why"]')" "404 Not found" "another member's project job is not in the personal workspace"
api "$UCLOUD_API_TOKEN" GET '/api/jobs/retrieve?id=4031&includeUpdates=yes'
is "$CODE" 400 "a query value that is not a Go bool: 400"

# Paging to the end over 1,000 running jobs (and the 2 of the fixtures).
next=
pages=0
ids=$TMPD/ids
: >"$ids"
while :; do
	api "$UCLOUD_API_TOKEN" GET "/api/jobs/browse?itemsPerPage=250&filterState=RUNNING&includeUpdates=true${next:+&next=$next}"
	[ "$CODE" = 200 ] || break
	js '"\n".join(x["id"] for x in j["items"])' >>"$ids"
	pages=$((pages + 1))
	next=$(js 'j["next"] or ""')
	[ -n "$next" ] && [ "$pages" -lt 20 ] || break
done
is "$pages $(sort -u "$ids" | wc -l | tr -d ' ')" "5 1002" "5 pages of 250 hold 1,002 distinct running jobs"
api "$UCLOUD_API_TOKEN" GET '/api/jobs/browse?itemsPerPage=5000'
is "$(js 'j["itemsPerPage"], len(j["items"]), len(j["items"][0]["updates"])')" "1000 1000 0" "at most 1000 a page; no updates unless asked"
api "$UCLOUD_API_TOKEN" GET '/api/jobs/browse'
is "$(js 'j["itemsPerPage"]')" 50 "50 a page by default"
run curl -sS --compressed -D "$TMPD/headers" --cacert "$UCLOUD_CA" \
    -H "Authorization: Bearer $UCLOUD_API_TOKEN" "$UCLOUD_URL/api/jobs/browse"
like "$(cat "$TMPD/headers")" '^Content-Encoding: gzip' "gzip when the client accepts it"
is "$(js 'len(j["items"])')" 50 "and the same page"
api "$UCLOUD_API_TOKEN_PROJECT" GET '/api/jobs/browse?filterState=IN_QUEUE'
is "$(js '[x["id"] for x in j["items"]], j["next"]')" "['4032'] None" "filterState=IN_QUEUE"

# The project workspace: API token pinned, JWT through the Project header.
api "$UCLOUD_API_TOKEN_PROJECT" GET '/api/jobs/browse'
is "$(js 'sorted(x["id"] for x in j["items"])')" "['4030', '4031', '4032']" "a project token lists the project's jobs"
api "$UCLOUD_API_TOKEN_PROJECT" GET '/api/jobs/browse?filterCreatedBy=alice'
is "$(js '[x["id"] for x in j["items"]]')" "['4030']" "filterCreatedBy=alice"
run curl -sS --cacert "$UCLOUD_CA" -H "Authorization: Bearer $UCLOUD_API_TOKEN" \
    -H 'Project: lab-1' "$UCLOUD_URL/api/jobs/retrieve?id=4030"
is "$(js 'j["why"]')" "Not found" "an API token ignores the Project header"
run curl -sS --cacert "$UCLOUD_CA" -H "Authorization: Bearer $JWT" \
    -H 'Project: lab-1' "$UCLOUD_URL/api/jobs/browse"
is "$(js 'len(j["items"])')" 3 "a JWT follows the Project header"

# Whom and which workspace: API tokens and the project.
api "$UCLOUD_API_TOKEN_PROJECT" GET '/api/tokens/browse?itemsPerPage=250'
is "$(js '[(x["id"], x["owner"]["createdBy"], x["owner"]["project"]) for x in j["items"]]')" "[('15437', 'alice', 'lab-1')]" "tokens/browse: the token's id is its hex part in decimal"
api "$UCLOUD_API_TOKEN_PROJECT" GET '/api/projects/v2/retrieve?id=lab-1'
is "$(js 'j["specification"]["title"], j["status"]["myRole"]')" "Lab One USER" "projects/v2/retrieve: the title"
api "$UCLOUD_API_TOKEN_BOB" GET '/api/tokens/browse'
is "$(js '[x["owner"]["createdBy"] for x in j["items"]]')" "['bob']" "bob sees his own token only"

# SSH keys.
key="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@laptop"
api "$UCLOUD_API_TOKEN" POST /api/ssh "{\"items\":[{\"title\":\"laptop\",\"key\":\"$key\"}]}"
is "$CODE $OUT" '200 {"responses": [{"id": "1"}]}' "a key is created"
api "$UCLOUD_API_TOKEN" POST /api/ssh "{\"items\":[{\"title\":\"laptop\",\"key\":\"$key\"}]}"
is "$CODE $OUT" '200 {"responses": [{"id": "2"}]}' "the same key again is accepted too"
api "$UCLOUD_API_TOKEN" POST /api/ssh '{"items":[{"title":"x","key":"ssh-ed25519 AAAA"},{"title":"y","key":"ssh-dss AAAA"}]}'
is "$CODE $(js 'j["why"]')" "400 Not a valid ssh key" "a DSA key: 400 and nothing stored"
api "$UCLOUD_API_TOKEN" GET '/api/ssh/browse?itemsPerPage=1'
is "$(js '[(x["id"], x["fingerprint"], x["specification"]["title"]) for x in j["items"]], j["next"]')" "[('1', '', 'laptop')] 1" "browse pages the keys; fingerprint is empty"
api "$UCLOUD_API_TOKEN" GET '/api/ssh/browse?itemsPerPage=1&next=1'
is "$(js '[x["id"] for x in j["items"]], j["next"]')" "['2'] 2" "the next page"
api "$UCLOUD_API_TOKEN" GET '/api/ssh/browse?itemsPerPage=1&next=2'
is "$(js 'j["items"], j["next"]')" "[] None" "and an empty last page, as UCloud"
api "$UCLOUD_API_TOKEN_BOB" GET '/api/ssh/browse'
is "$(js 'j["items"]')" "[]" "keys belong to their user"
api "$UCLOUD_API_TOKEN" DELETE /api/ssh '{"items":[{"id":"1"}]}'
is "$CODE $OUT" "200 {}" "DELETE with a body"
api "$UCLOUD_API_TOKEN" GET '/api/ssh/browse'
is "$(js '[x["id"] for x in j["items"]]')" "['2']" "the key is gone"

# Faults.
ucloud_patch '{"faults": [{"path": "/api/jobs/browse", "status": 500, "why": "Database is down", "times": 1}]}'
api "$UCLOUD_API_TOKEN" GET /api/jobs/browse
is "$CODE $(js 'j["why"]')" "500 Database is down" "a forced 500 with its why"
api "$UCLOUD_API_TOKEN" GET '/api/jobs/browse?itemsPerPage=1'
is "$CODE" 200 "only as many times as asked"
ucloud_patch '{"faults": [{"path": "*", "delay": 2}]}'
run curl -sS --cacert "$UCLOUD_CA" -m 0.5 -o /dev/null "$UCLOUD_URL/api/ssh/browse"
is "$STATUS" 28 "a delay outlasts curl's time limit (exit 28)"
ucloud_patch '{"faults": []}'

# The request log.
api "$UCLOUD_API_TOKEN" DELETE /api/ssh '{"items":[{"id":"2"}]}'
last=$(ucloud_requests | tail -n 1)
OUT=$last
is "$(js 'j["method"], j["path"], j["body"], j["headers"]["Authorization"][:13]')" \
    'DELETE /api/ssh {"items":[{"id":"2"}]} Bearer uc1a2b' "the log has method, path, body and headers"
ucloud_requests_clear
api "$UCLOUD_API_TOKEN" GET '/api/jobs/browse?itemsPerPage=7&filterState=RUNNING'
OUT=$(ucloud_requests)
is "$(js 'j["query"]["itemsPerPage"], j["rawQuery"]')" "['7'] itemsPerPage=7&filterState=RUNNING" "and the query"

# Every fixture at once: distinct ids, the hostile text served intact.
ucloud_state $(ls "$UCLOUD_FIXTURES" | sed -n 's/\.json$//p' | grep -v '^base$')
api "$UCLOUD_API_TOKEN" GET '/api/jobs/browse?itemsPerPage=1000&next=1000&includeUpdates=true'
is "$(js 'len(j["items"]), len(set(x["id"] for x in j["items"])), j["next"]')" "12 12 None" \
    "all fixtures together: 1,012 personal jobs of alice's, ids distinct"
api "$UCLOUD_API_TOKEN" GET '/api/jobs/retrieve?id=4009&includeUpdates=true'
is "$(js '[len(u["status"]) for u in j["updates"]]')" "[105600, 100000]" "a 100 kB status arrives whole"
api "$UCLOUD_API_TOKEN" GET '/api/jobs/retrieve?id=4008&includeUpdates=true'
is "$(js 'repr(j["specification"]["name"])')" "'\x1b]0;owned\x07name\x1b[31m\r\nHost *'" "control characters arrive as sent"
api "$UCLOUD_API_TOKEN_BOB" GET '/api/jobs/browse?filterState=RUNNING'
is "$(js '[x["id"] for x in j["items"]]')" "['4021']" "bob's job on alice's old port is bob's"

ucloud_stop
run curl -sS --cacert "$UCLOUD_CA" -o /dev/null "$UCLOUD_URL/api/ssh/browse"
is "$STATUS" 7 "after ucloud_stop the port refuses connections (curl exit 7)"

done_testing
