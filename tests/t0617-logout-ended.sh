#!/bin/sh
# t0617-logout-ended: a browser session the server refuses (401 or 403
# at /auth/logout: it expired or ended elsewhere) is over already, so
# logout forgets its token, says so and exits 0; any other failure keeps
# the token and exits 1.
. "$(dirname "$0")/lib/lib.sh"
. "$(dirname "$0")/lib/ucloud.sh"

ucloud_start
CRED=$XDG_CONFIG_HOME/ucjob/credentials
printf 'api-url = "%s"\napi-ca-file = "%s"\napi-timeout = "5"\n' "$UCLOUD_URL" "$UCLOUD_CA" >"$UCJOB_CONFIG"

# store_expired: the expired browser session as the stored token.
store_expired() {
	mkdir -p "$(dirname "$CRED")"
	printf '* %s\n' "$UCLOUD_REFRESH_TOKEN_EXPIRED" >"$CRED"
	chmod 600 "$CRED"
}

store_expired
cp "$CRED" "$TMPD/before"
ucloud_patch '{"faults":[{"path":"/auth/logout","status":500,"why":"Internal Server Error"}]}'
run "$UCJOB" logout
is "$STATUS" 1 "logout when the server fails: exit 1"
like "$ERR" 'the token is kept' "logout when the server fails says the token is kept"
same_bytes "$CRED" "$TMPD/before" "logout when the server fails keeps the token"

for code in 401 403; do
	store_expired
	ucloud_patch "{\"faults\":[{\"path\":\"/auth/logout\",\"status\":$code,\"why\":\"Unauthorized\"}]}"
	run "$UCJOB" logout
	is "$STATUS" 0 "logout of a session refused with $code: exit 0" || diag "$ERR"
	like "$OUT$ERR" 'had ended already' "logout says the session had ended already ($code)"
	is "$(grep -c "$UCLOUD_REFRESH_TOKEN_EXPIRED" "$CRED")" 0 \
	    "logout forgot the refused token ($code)"
done
done_testing
