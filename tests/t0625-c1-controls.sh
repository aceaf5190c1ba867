#!/bin/sh
# t0625-c1-controls: 8-bit (C1) control characters in a job's name and
# application, as UTF-8 and as a raw byte, never reach the terminal.
. "$(dirname "$0")/lib/lib.sh"
. "$(dirname "$0")/lib/ucloud.sh"

cat >"$TMPD/c1.json" <<'J'
{"jobs":[{"id":"4100","owner":{"createdBy":"alice","project":null},
 "specification":{"name":"a\u009b2Jb\u001b[31mc","application":{"name":"app\u0085x","version":"1"}},
 "status":{"expiresAt":1800000000000},
 "updates":[{"state":"RUNNING","status":"SSH: Connected! Available at: ssh ucloud@ssh.example.org -p 2465","step":0}]}]}
J
ucloud_start "$TMPD/c1.json"
printf 'api-url = "%s"\napi-ca-file = "%s"\n' "$UCLOUD_URL" "$UCLOUD_CA" >"$UCJOB_CONFIG"
UCJOB_TOKEN=$UCLOUD_API_TOKEN "$UCJOB" jobs >"$TMPD/out" 2>"$TMPD/err"
is "$?" 0 "jobs succeeds"
like "$(cat "$TMPD/out")" "a\?\?2Jb\?\[31mc" "the name's C1 CSI and ESC are shown as '?'"
like "$(cat "$TMPD/out")" "app\?\?x" "the application's C1 NEL is shown as '?'"
is "$(LC_ALL=C tr -d '\n\040-\176' <"$TMPD/out" | wc -c)" 0 "nothing but printable ASCII reached stdout"
done_testing
