#!/bin/sh
# tests/t0170-names-and-output.sh - review findings on names and output:
# an alias of digits that is also another entry's port is ambiguous;
# list never sends a file's control bytes to the terminal and --json
# gives null for a port edited into nonsense; --quiet keeps warnings;
# doctor does not warn about $HOME when -F names the config.

. "$(dirname "$0")/lib/lib.sh"

mkdir -m 700 "$HOME/.ssh"
CFG=$HOME/.ssh/config
u() { "$UCJOB" -F "$CFG" "$@"; }

u -q add 2465 -i "$HOME/.ssh/id" --no-verify || fail "add 2465"
u -q add 3000 --name 2465x -i "$HOME/.ssh/id" --no-verify || fail "add 3000"
# An alias made of digits only, written by hand as another entry's port.
sed 's/^Host 2465x$/Host 2465/; s/^    HostKeyAlias 2465x$/    HostKeyAlias 2465/' \
    "$CFG" >"$TMPD/c" && cat "$TMPD/c" >"$CFG"
cp "$CFG" "$TMPD/orig"
run u rm 2465
is "$STATUS" 2 "rm of a word that is an alias and another entry's port exits 2"
like "$ERR" "is both an alias and the port of another entry" "and says why"
same_bytes "$CFG" "$TMPD/orig" "nothing was removed"
run u rm ucloud-job-2465
is "$STATUS" 0 "the entry's own alias still works"
run u rm 2465
is "$STATUS" 0 "once unambiguous, the digits name the alias"

# Control bytes edited into the block reach no terminal through list.
u -q add 2466 -i "$HOME/.ssh/id" --no-verify || fail "add 2466"
esc=$(printf '\033')
sed "s/^    HostName ssh.cloud.sdu.dk\$/    HostName evil${esc}[31mred/; s/^    Port 2466\$/    Port 99999999999/" \
    "$CFG" >"$TMPD/c" && cat "$TMPD/c" >"$CFG"
run u list
unlike "$OUT" "$esc" "list prints no raw escape byte"
like "$OUT" 'evil\\x1b\[31mred' "it shows it as \\x1b"
run u list --json
like "$OUT" '"port": null' "list --json gives null for a nonsense port"
unlike "$OUT" '"port": 9999999' "and no truncated number"

# --quiet silences notes, not warnings.
printf '\357\273\277# bom\n' >"$TMPD/bom.conf"
run "$UCJOB" -q -F "$TMPD/bom.conf" add 2470 -i "$HOME/.ssh/id" --no-verify
like "$ERR" "warning: .*byte order mark" "--quiet still shows the BOM warning"
is "$OUT" "" "--quiet prints no result line"

run "$UCJOB" -F "$CFG" doctor
unlike "$OUT" '^warn home' "doctor with -F does not warn about \$HOME"
like "$OUT" '^ok   home: .*-F names the config' "it says -F settles it"

# An ssh-keygen that exists but cannot run is not called "not found".
printf 'no shebang line\n' >"$TMPD/broken-keygen"
chmod 755 "$TMPD/broken-keygen"
printf 'ucloud-job-2466 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0ZXN0a2V5Zm9ydWNqb2JvbmNlYWdhaW4x\n' \
    >"$HOME/.ssh/ucjob_known_hosts"
printf 'ssh-keygen = "%s"\n' "$TMPD/broken-keygen" >"$UCJOB_CONFIG"
run "$UCJOB" -F "$CFG" rm ucloud-job-2466
is "$STATUS" 0 "rm still removes the entry when ssh-keygen cannot run"
like "$ERR" "warning: cannot .*broken-keygen could not be started" \
    "the warning says the program could not be started"
unlike "$ERR" "broken-keygen not found" "and does not claim it is missing"
: >"$UCJOB_CONFIG"

# doctor's fix for an entry that a Host * above the block shadows: move
# the block up, not the line down.
printf 'Host *\n    User other\n' >"$TMPD/shadow.conf"
"$UCJOB" -q -F "$TMPD/shadow.conf" add 2471 -i "$HOME/.ssh/id" --no-verify ||
	fail "add under a Host *"
{ printf 'Host *\n    User other\n'; sed '/^Host \*$/,/^    User other$/d' \
    "$TMPD/shadow.conf"; } >"$TMPD/shadow2.conf"
run "$UCJOB" -F "$TMPD/shadow2.conf" doctor
like "$OUT" "^fail entry ucloud-job-2471: user is 'other'.*fix: move the lines from '# BEGIN ucjob' to '# END ucjob' above line 1" \
    "doctor says to move the block above the Host * that wins"

done_testing
