#!/bin/sh
# t0610-login: `ucjob login` and `ucjob logout` against the local UCloud
# double: an API token and a browser refresh token are checked, stored
# 0600 and described; logout forgets them (ending a browser session on the
# server); bad input exits 2 with nothing written and nothing sent; every
# server failure exits 1 with nothing written. What the server received is
# read from its request log.
. "$(dirname "$0")/lib/lib.sh"
. "$(dirname "$0")/lib/ucloud.sh"

ucloud_start
CRED=$XDG_CONFIG_HOME/ucjob/credentials
SETTINGS="api-url = \"$UCLOUD_URL\"
api-ca-file = \"$UCLOUD_CA\"
api-timeout = \"5\""
printf '%s\n' "$SETTINGS" >"$UCJOB_CONFIG"

# login_with TOKEN [ARGS...]: run login with TOKEN on stdin.
login_with() {
	_tok=$1
	shift
	printf '%s\n' "$_tok" >"$TMPD/token.in"
	run "$UCJOB" login "$@" <"$TMPD/token.in"
}

# requests_matching ERE: how many logged requests match.
requests_matching() {
	grep -E -c -e "$1" "$UCLOUD_LOG"
}

# snapshot: copy the credentials file (or note its absence) for cmp.
snapshot() {
	if [ -e "$CRED" ]; then cp "$CRED" "$TMPD/cred.before"
	else : >"$TMPD/cred.before"; fi
}
unchanged() {
	if [ -e "$CRED" ]; then cp "$CRED" "$TMPD/cred.after"
	else : >"$TMPD/cred.after"; fi
	same_bytes "$TMPD/cred.after" "$TMPD/cred.before" "$1"
}

# --- an API token -------------------------------------------------------
ucloud_requests_clear
login_with "$UCLOUD_API_TOKEN"
is "$STATUS" 0 "login with an API token succeeds"
like "$OUT" "as alice, workspace: My workspace" "it says whom and which workspace"
is "$(file_mode "$CRED")" "-rw-------" "the credentials file is 0600"
like "$(cat "$CRED")" "^\\* $UCLOUD_API_TOKEN( |\$)" "the token is stored for the default site"
is "$(requests_matching '"path": "/api/tokens/browse"')" 1 "one call checked it (tokens browse)"
like "$(cat "$UCLOUD_LOG")" "\"Authorization\": \"Bearer $UCLOUD_API_TOKEN\"" "the server got the token as a Bearer header"

# --- a project API token -----------------------------------------------
ucloud_requests_clear
login_with "$UCLOUD_API_TOKEN_PROJECT"
is "$STATUS" 0 "login with a project's API token succeeds"
like "$OUT" "workspace: Lab One" "it names the project by its title"
is "$(requests_matching '"path": "/api/projects/v2/retrieve"')" 1 "the title came from projects/v2/retrieve"
is "$(grep -c . "$CRED")" 2 "the new token replaced the old (header + one line)"

# --- a refresh token ----------------------------------------------------
ucloud_requests_clear
login_with "$UCLOUD_REFRESH_TOKEN"
is "$STATUS" 0 "login with a browser refresh token succeeds"
like "$OUT" "as alice" "it says whom"
is "$(requests_matching '"method": "POST", "path": "/auth/refresh"')" 1 "it was exchanged at /auth/refresh"
is "$(grep '"path": "/auth/refresh"' "$UCLOUD_LOG" | grep -c "Bearer $UCLOUD_REFRESH_TOKEN")" 1 "the exchange sent the refresh token"
is "$(grep '"path": "/api/' "$UCLOUD_LOG" | grep -c "Bearer $UCLOUD_REFRESH_TOKEN")" 0 "API calls got the access token, not the refresh token"
is "$(grep -c "^\\* $UCLOUD_REFRESH_TOKEN\$" "$CRED")" 1 "the refresh token is stored"

# --- logout -------------------------------------------------------------
ucloud_requests_clear
run "$UCJOB" logout
is "$STATUS" 0 "logout of a refresh token succeeds"
is "$(requests_matching '"method": "POST", "path": "/auth/logout"')" 1 "the browser session was ended on the server"
unlike "$(cat "$CRED")" "$UCLOUD_REFRESH_TOKEN" "the token is gone from the file"
login_with "$UCLOUD_API_TOKEN"
ucloud_requests_clear
run "$UCJOB" logout
is "$STATUS" 0 "logout of an API token succeeds"
like "$OUT" "Resources .* API tokens" "it says where an API token is revoked"
is "$(wc -l <"$UCLOUD_LOG" | tr -d ' ')" 0 "nothing was sent for an API token"
unlike "$(cat "$CRED")" "$UCLOUD_API_TOKEN" "the API token is gone from the file"
run "$UCJOB" logout
is "$STATUS" 0 "a second logout is fine"
like "$OUT" "no token" "and says there is none"

# --- sites --------------------------------------------------------------
printf '%s\nsite lab {\n  api-url = "%s"\n}\n' "$SETTINGS" "$UCLOUD_HOST_URL" >"$UCJOB_CONFIG"
login_with "$UCLOUD_API_TOKEN_BOB" --site lab
is "$STATUS" 0 "login --site stores a token per site"
like "$OUT" "as bob" "the site's token is bob's"
like "$(cat "$CRED")" "^lab $UCLOUD_API_TOKEN_BOB" "under the site's name"
unlike "$(cat "$CRED")" "^\\* " "the default site has none"
printf '%s\n' "$SETTINGS" >"$UCJOB_CONFIG"

# --- bad input: exit 2, nothing written, nothing sent --------------------
snapshot
ucloud_requests_clear
for bad in "garbage" "uc12-xyz" "${UCLOUD_REFRESH_TOKEN}0" "Bearer $UCLOUD_API_TOKEN" ""; do
	login_with "$bad"
	is "$STATUS" 2 "login refuses '${bad:-(empty)}' with exit 2"
done
unlike "$ERR" "$UCLOUD_API_TOKEN" "the refusal does not echo the input"
run "$UCJOB" login "$UCLOUD_API_TOKEN" </dev/null
is "$STATUS" 2 "a token on the command line is refused"
unlike "$ERR" "$UCLOUD_API_TOKEN" "and not echoed"
unchanged "bad input leaves the credentials file byte for byte"
is "$(wc -l <"$UCLOUD_LOG" | tr -d ' ')" 0 "bad input sends nothing"

# --- server failures: exit 1, nothing written ---------------------------
login_with "$UCLOUD_API_TOKEN"
snapshot
login_with "$UCLOUD_API_TOKEN_EXPIRED"
is "$STATUS" 1 "an expired API token: exit 1"
like "$ERR" "the token is expired or revoked: run .ucjob login." "it says so"
unchanged "an expired token writes nothing"
login_with "$UCLOUD_API_TOKEN_REVOKED"
is "$STATUS" 1 "a revoked API token: exit 1"
login_with "$UCLOUD_REFRESH_TOKEN_EXPIRED"
is "$STATUS" 1 "an expired refresh token: exit 1"
like "$ERR" "expired or revoked" "it says so"
unchanged "expired tokens write nothing"

ucloud_patch '{"faults": [{"path": "*", "status": 500, "why": "database down"}]}'
login_with "$UCLOUD_API_TOKEN_BOB"
is "$STATUS" 1 "a 500: exit 1"
like "$ERR" "HTTP 500.*database down" "it names the server's answer"
unchanged "a 500 writes nothing"

ucloud_patch '{"faults": [{"path": "*", "status": 500, "body": "\u001b[31mred"}]}'
login_with "$UCLOUD_API_TOKEN_BOB"
is "$STATUS" 1 "a 500 with a hostile body: exit 1"
unlike "$ERR" "$(printf '\033')" "no control characters reach the terminal"

ucloud_patch '{"faults": [{"path": "*", "delay": 4}]}'
printf '%s\napi-timeout = "1"\n' "$SETTINGS" >"$UCJOB_CONFIG"
start=$(date +%s)
login_with "$UCLOUD_API_TOKEN_BOB"
end=$(date +%s)
is "$STATUS" 1 "a server slower than api-timeout: exit 1"
like "$ERR" "time limit" "it says the time limit passed"
check "it gave up within the limit (plus slack)" test $((end - start)) -le 3
unchanged "a timeout writes nothing"
ucloud_patch '{"faults": []}'
printf '%s\n' "$SETTINGS" >"$UCJOB_CONFIG"

printf '%s\n' "$UCLOUD_API_TOKEN_BOB" >"$TMPD/token.in"
run env PATH=/nonexistent "$UCJOB" login <"$TMPD/token.in"
is "$STATUS" 1 "no curl on PATH: exit 1"
like "$ERR" "curl was not found" "it says curl is missing"
unchanged "no curl writes nothing"

printf 'api-url = "%s"\napi-ca-file = "%s"\n' "$UCLOUD_URL" "$UCLOUD_WRONG_CA" >"$UCJOB_CONFIG"
login_with "$UCLOUD_API_TOKEN_BOB"
is "$STATUS" 1 "a certificate the CA does not sign: exit 1"
like "$ERR" "certificate is not trusted" "it says the certificate is not trusted"
unchanged "an untrusted certificate writes nothing"
printf 'api-url = "%s"\n' "$UCLOUD_URL" >"$UCJOB_CONFIG"
login_with "$UCLOUD_API_TOKEN_BOB"
is "$STATUS" 1 "the system CAs do not trust the test CA either: exit 1"
printf 'api-url = "http://127.0.0.1:1"\n' >"$UCJOB_CONFIG"
login_with "$UCLOUD_API_TOKEN_BOB"
is "$STATUS" 2 "an http:// api-url is refused by the settings: exit 2"
printf '%s\n' "$SETTINGS" >"$UCJOB_CONFIG"

# --- the credentials file's owner and mode --------------------------------
chmod 644 "$CRED"
run "$UCJOB" logout
is "$STATUS" 1 "a credentials file others can read is refused"
like "$ERR" "chmod 600" "with the fix"
chmod 600 "$CRED"
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	chown nobody "$CRED"
	run "$UCJOB" logout
	is "$STATUS" 1 "a credentials file of another user is refused"
	chown "$(id -u)" "$CRED"
else
	skip "a credentials file of another user is refused" "needs root"
fi

# --- doctor ---------------------------------------------------------------
# (The expiry is written here: the double's default one is a fixed date.)
printf '* %s 4102444800000\n' "$UCLOUD_API_TOKEN" >"$CRED"
run "$UCJOB" -F "$HOME/.ssh/config" doctor
like "$OUT" "^ok +curl: " "doctor finds curl"
like "$OUT" "^ok +token: an API token in $CRED, expires 2100-01-01" "doctor sees the stored token and its expiry"
unlike "$OUT$ERR" "${UCLOUD_API_TOKEN#*-}" "doctor does not print the token"
printf '* %s 1700000000000\n' "$UCLOUD_API_TOKEN" >"$CRED"
run "$UCJOB" -F "$HOME/.ssh/config" doctor
like "$OUT" "^fail token: the API token .* expired 2023-11-14" "doctor says an API token has expired"
is "$STATUS" 1 "and exits 1"
run env PATH=/nonexistent "$UCJOB" -F "$HOME/.ssh/config" doctor
like "$OUT" "^warn curl: curl not found" "doctor says when curl is missing"
rm -f "$CRED"
run "$UCJOB" -F "$HOME/.ssh/config" doctor
like "$OUT" "^skip token: none stored" "doctor says when no token is stored"

done_testing
