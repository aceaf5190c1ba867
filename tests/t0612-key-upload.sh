#!/bin/sh
# t0612-key-upload: `ucjob key --upload` against the local UCloud double:
# the public key reaches the account once (UCloud keeps duplicates, so
# ucjob compares "type base64" itself), with the title given or
# user@host; a bad title is refused before anything is sent; --copy
# --upload does both.
. "$(dirname "$0")/lib/lib.sh"
. "$(dirname "$0")/lib/ucloud.sh"

ucloud_start
SETTINGS="api-url = \"$UCLOUD_URL\"
api-ca-file = \"$UCLOUD_CA\""
printf '%s\nclipboard = "none"\n' "$SETTINGS" >"$UCJOB_CONFIG"
printf '%s\n' "$UCLOUD_API_TOKEN" | "$UCJOB" -q login || exit 1
mkdir -p "$HOME/.ssh" && chmod 700 "$HOME/.ssh"
ssh-keygen -q -t ed25519 -N '' -C 'me@laptop' -f "$HOME/.ssh/id_ed25519" || exit 1
PUB=$(cat "$HOME/.ssh/id_ed25519.pub")
BLOB=$(printf '%s\n' "$PUB" | cut -d' ' -f2)

# keys_on_server: the keys the double holds, "title|key" a line.
keys_on_server() {
	printf 'url = "%s/api/ssh/browse?itemsPerPage=250"\nheader = "Authorization: Bearer %s"\n' \
	    "$UCLOUD_URL" "$UCLOUD_API_TOKEN" |
	curl -sS --cacert "$UCLOUD_CA" --config - | python3 -c '
import json, sys
for k in json.load(sys.stdin)["items"]:
    print(k["specification"]["title"] + "|" + k["specification"]["key"])
'
}

ucloud_requests_clear
run "$UCJOB" key --upload --title "my laptop" </dev/null
is "$STATUS" 0 "key --upload succeeds"
is "$OUT" "$PUB" "the public key is still printed on stdout"
like "$ERR" "uploaded the key" "it says it uploaded the key"
like "$ERR" "running container jobs" "it says running container jobs do not see it"
is "$(grep -c '"method": "POST", "path": "/api/ssh"' "$UCLOUD_LOG")" 1 "one key was created"
is "$(keys_on_server)" "my laptop|$PUB" "the server holds the key with its title"

ucloud_requests_clear
run "$UCJOB" key --upload </dev/null
is "$STATUS" 0 "a second upload succeeds"
like "$ERR" "already" "and says the key is there already"
is "$(grep -c '"method": "POST"' "$UCLOUD_LOG")" 0 "nothing was created the second time"
is "$(keys_on_server | wc -l | tr -d ' ')" 1 "the server still holds one key"

# The same key with another comment counts as the same key.
python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
s["sshKeys"] = [{"id": "7", "title": "old", "key": "ssh-ed25519 " + sys.argv[2] + " other-comment"}]
print(json.dumps(s))' "$UCLOUD_STATE" "$BLOB" | ucloud_state -
ucloud_requests_clear
run "$UCJOB" key --upload </dev/null
like "$ERR" "already" "a key with another comment is the same key"
is "$(grep -c '"method": "POST"' "$UCLOUD_LOG")" 0 "and is not uploaded again"

# A fresh account; --copy --upload; the default title is user@host.
ucloud_state
run "$UCJOB" key --copy --upload </dev/null
is "$STATUS" 1 "--copy with clipboard none fails before the upload"
is "$(keys_on_server | wc -l | tr -d ' ')" 0 "and uploads nothing"
printf '%s\n' "$SETTINGS" >"$UCJOB_CONFIG"
# An xclip stand-in that keeps what it is given.
mkdir -p "$TMPD/bin"
printf '#!/bin/sh\ncat >"%s"\n' "$TMPD/clipboard" >"$TMPD/bin/xclip"
chmod 755 "$TMPD/bin/xclip"
run env PATH="$TMPD/bin:$PATH" DISPLAY=:0 UCJOB_CLIPBOARD=xclip "$UCJOB" key --copy --upload </dev/null
is "$STATUS" 0 "--copy --upload does both"
is "$(cat "$TMPD/clipboard" 2>/dev/null)" "$PUB" "it copied the key"
like "$ERR" "uploaded the key" "and uploaded"
is "$(keys_on_server | cut -d'|' -f1)" "$(id -un)@$(hostname)" "the default title is user@host"

# Bad titles: exit 2, nothing sent.
ucloud_requests_clear
for t in "" "   " "$(printf 'a\nb')"; do
	run "$UCJOB" key --upload --title "$t" </dev/null
	is "$STATUS" 2 "title '$t' is refused with exit 2"
done
run "$UCJOB" key --title x </dev/null
is "$STATUS" 2 "--title without --upload is refused"
is "$(wc -l <"$UCLOUD_LOG" | tr -d ' ')" 0 "bad input sent nothing"

# A failure of the server: exit 1.  The account holds another key.
ucloud_patch '{"sshKeys": [{"id": "9", "title": "other", "key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHQIc1pdvQo5/4Myxp+W2r9fKHENkrXoFegyBBU/V8Q0 x"}]}'
ucloud_patch '{"faults": [{"path": "/api/ssh", "method": "POST", "status": 500, "why": "keys down"}]}'
run "$UCJOB" key --upload </dev/null
is "$STATUS" 1 "a 500 on upload: exit 1"
like "$ERR" "keys down" "it names the server's answer"
is "$(keys_on_server | wc -l | tr -d ' ')" 1 "nothing was stored"

done_testing
