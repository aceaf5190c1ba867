#!/bin/sh
# t0616-account-dry-run: login, logout and key --upload have no dry run:
# with -n (--dry-run) they exit 2 with one line, read no token, send
# nothing to UCloud (the double's request log stays empty) and leave the
# credentials file and the keys byte for byte as they were.
. "$(dirname "$0")/lib/lib.sh"
. "$(dirname "$0")/lib/ucloud.sh"

ucloud_start
CRED=$XDG_CONFIG_HOME/ucjob/credentials
printf 'api-url = "%s"\napi-ca-file = "%s"\n' "$UCLOUD_URL" "$UCLOUD_CA" >"$UCJOB_CONFIG"

ucloud_requests_clear
printf '%s\n' "$UCLOUD_API_TOKEN" >"$TMPD/token"
run "$UCJOB" login -n <"$TMPD/token"
is "$STATUS" 2 "login -n: exit 2"
like "$ERR" 'login: has no --dry-run' "login -n says it has no dry run"
is "$(test -e "$CRED" && echo yes)" "" "login -n stores no token"
is "$(wc -l <"$UCLOUD_LOG" | tr -d ' ')" 0 "login -n sends nothing"

"$UCJOB" -q login <"$TMPD/token" || fail "login"
cp "$CRED" "$TMPD/cred-before"
ucloud_requests_clear
run "$UCJOB" logout --dry-run
is "$STATUS" 2 "logout --dry-run: exit 2"
like "$ERR" 'logout: has no --dry-run' "logout --dry-run says it has no dry run"
same_bytes "$CRED" "$TMPD/cred-before" "logout --dry-run keeps the token"
is "$(wc -l <"$UCLOUD_LOG" | tr -d ' ')" 0 "logout --dry-run sends nothing"

mkdir -m 700 "$HOME/.ssh"
ssh-keygen -q -t ed25519 -N '' -C t0616 -f "$HOME/.ssh/id_ed25519" || fail "ssh-keygen"
cp "$HOME/.ssh/id_ed25519.pub" "$TMPD/pub-before"
run "$UCJOB" key --upload -n
is "$STATUS" 2 "key --upload -n: exit 2"
like "$ERR" '--upload has no --dry-run' "key --upload -n says it has no dry run"
is "$(wc -l <"$UCLOUD_LOG" | tr -d ' ')" 0 "key --upload -n sends nothing"
same_bytes "$HOME/.ssh/id_ed25519.pub" "$TMPD/pub-before" "key --upload -n leaves the key"
run "$UCJOB" -n key --upload --new --file "$HOME/.ssh/other"
is "$STATUS" 2 "key --upload --new -n: exit 2"
is "$(test -e "$HOME/.ssh/other" && echo yes)" "" "key --upload --new -n makes no key"
done_testing
