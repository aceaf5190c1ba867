#!/bin/sh
# t0626-credentials-store: the credentials file under concurrent logins
# (the lock keeps every site's line), no temporary left behind (a killed
# run's is removed by the next), and expiries too far off to hold: never
# stored, and an older file holding one is still read.
. "$(dirname "$0")/lib/lib.sh"
. "$(dirname "$0")/lib/ucloud.sh"

T=uc1f-7777777777777777777777777777777777777777777777777777777777777777
cat >"$TMPD/far.json" <<J
{"tokens":[{"kind":"api","user":"alice","project":null,"expiresAt":99999999999999999,"token":"$T"}]}
J
ucloud_start "$TMPD/far.json"
CRED=$XDG_CONFIG_HOME/ucjob/credentials
CDIR=$(dirname "$CRED")
{
	printf 'api-url = "%s"\napi-ca-file = "%s"\napi-timeout = "30"\n' \
	    "$UCLOUD_URL" "$UCLOUD_CA"
	for i in $(seq 1 16); do
		printf 'site s%d {\n api-url = "%s"\n}\n' "$i" "$UCLOUD_URL"
	done
} >"$UCJOB_CONFIG"

# 16 logins at once, twice over: each keeps its line.
for r in 1 2; do
	rm -f "$CRED"
	P=
	for i in $(seq 1 16); do
		printf '%s\n' "$UCLOUD_API_TOKEN" |
		    "$UCJOB" -q login --site "s$i" 2>>"$TMPD/err" &
		P="$P $!"
	done
	wait $P
	is "$(grep -c '^s[0-9]* ' "$CRED")" 16 "round $r: 16 parallel logins keep 16 lines"
	is "$(ls -A "$CDIR" | grep -c -v -e '^credentials$' -e '^config$')" 0 "round $r: no temporary or lock left"
done
is "$(stat -c %a "$CRED")" 600 "the file is 0600"

# A killed run's temporary is removed by the next writer, under the lock.
printf 'x\n' >"$CDIR/.credentials.tmpAbC123"
printf '%s\n' "$UCLOUD_API_TOKEN" | "$UCJOB" -q login --site s1
is "$?" 0 "login succeeds beside a stale temporary"
if test -e "$CDIR/.credentials.tmpAbC123"; then
	fail "the stale temporary is gone"
else
	ok "the stale temporary is gone"
fi

# The server's expiry is past what the file holds: none is stored.
rm -f "$CRED"
printf '%s\n' "$T" | "$UCJOB" -q login
is "$?" 0 "login with a far expiry succeeds"
is "$(grep -c "^\* $T\$" "$CRED")" 1 "the line holds no expiry"
UCJOB_TOKEN= "$UCJOB" jobs >/dev/null 2>"$TMPD/jobs.err"
is "$?" 0 "the file is read back"

# A file an older ucjob wrote, with a 17-digit expiry: still read, and
# login replaces the line.
printf '* %s 99999999999999999\ns2 %s\n' "$T" "$T" >"$CRED"
"$UCJOB" jobs >/dev/null 2>"$TMPD/jobs.err"
is "$?" 0 "a stored 17-digit expiry does not lock the user out"
printf '%s\n' "$T" | "$UCJOB" -q login
is "$?" 0 "login recovers"
is "$(grep -c "^\* $T\$" "$CRED")" 1 "the line is stored again without the expiry"
is "$(grep -c "^s2 $T\$" "$CRED")" 1 "the other site's line is kept"
done_testing
