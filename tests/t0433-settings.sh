#!/bin/sh
# tests/t0433-settings.sh - the settings file names the programs ucjob
# runs and lines copied into every entry (issue 14, points 1 and 7): it is
# held to OpenSSH's owner and mode rule, with its directory; options (and
# -o) refuse keywords that run a program or weaken host keys unless
# allow-options names them; a long options list is refused quickly
# instead of being checked in quadratic time or cut at 64.  Each refusal
# exits 2 with one line, runs nothing, and leaves the config's bytes.

. "$(dirname "$0")/lib/lib.sh"

mkdir -m 700 "$HOME/.ssh"
ssh-keygen -q -t ed25519 -N '' -C t04xx -f "$HOME/.ssh/id" >/dev/null ||
	fail "ssh-keygen makes the test key"
CFG=$HOME/.ssh/config
PWNED=$TMPD/pwned
SDIR=$TMPD/settings
mkdir -m 700 "$SDIR"
SET=$SDIR/config
printf 'Host work\n    User me\n' >"$CFG"
chmod 600 "$CFG"
cp "$CFG" "$TMPD/orig"
rejected=0
# A "program" that leaves the canary: ssh = it, as an attacker would set.
printf '#!/bin/sh\ntouch "%s"\necho "OpenSSH_9.2p1, x" >&2\n' "$PWNED" >"$TMPD/evil"
chmod 755 "$TMPD/evil"

# refused DESC: the last run exited 2 with one line on stderr, ran no
# program of the settings, and left the config as it was.
refused() {
	_why=
	[ "$STATUS" -eq 2 ] || _why="exit $STATUS, expected 2"
	[ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ] || _why="$_why; not one line on stderr"
	cmp -s "$CFG" "$TMPD/orig" || _why="$_why; the config changed"
	[ ! -e "$PWNED" ] || _why="$_why; the settings' program ran"
	rm -f "$PWNED"
	if [ -z "$_why" ]; then
		ok "$1"
		rejected=$((rejected + 1))
	else
		fail "$1" "$_why" "$ERR"
	fi
}

printf 'ssh = "%s"\n' "$TMPD/evil" >"$SET"
chmod 666 "$SET"
run "$UCJOB" -c "$SET" -F "$CFG" doctor
refused "a settings file writable by everyone is refused (doctor runs none of its programs)"
like "$ERR" "writable by everyone" "saying why"
chmod 644 "$SET"
chmod 777 "$SDIR"
run "$UCJOB" -c "$SET" -F "$CFG" doctor
refused "a settings file in a directory writable by everyone is refused"
chmod 1777 "$SDIR"
run "$UCJOB" -c "$SET" -F "$CFG" list
is "$STATUS" 0 "a sticky directory (as /tmp) is fine"
chmod 770 "$SDIR"
chmod 664 "$SET"
run "$UCJOB" -c "$SET" -F "$CFG" list
is "$STATUS" 0 "a group-writable settings file is read (as Debian's ssh does)"
like "$ERR" "warning: .*group-writable" "with a warning"
chmod 700 "$SDIR"
chmod 600 "$SET"
if [ "$(id -u)" = 0 ]; then
	chown 65534 "$SET"
	run "$UCJOB" -c "$SET" -F "$CFG" doctor
	refused "a settings file owned by another user is refused"
	chown 0 "$SET"
	chown 65534 "$SDIR"
	run "$UCJOB" -c "$SET" -F "$CFG" doctor
	chown 0 "$SDIR"
	refused "a settings file in another user's directory is refused"
else
	skip "a settings file owned by another user" "not root"
fi

# The credentials file is held to the same rule, with its directory.
CDIR=$XDG_CONFIG_HOME/ucjob
printf '* uc1a2b-0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff\n' >"$CDIR/credentials"
chmod 600 "$CDIR/credentials"
printf 'api-url = "https://127.0.0.1:9"\napi-timeout = "2"\n' >"$SET"
chmod 777 "$CDIR"
run "$UCJOB" -c "$SET" jobs
is "$STATUS" 1 "credentials in a directory writable by everyone: jobs fails"
like "$ERR" "$CDIR is writable by everyone" "naming the directory, before any request"
chmod 755 "$CDIR"
rm -f "$CDIR/credentials"

# --- options: nothing that runs a program or weakens host keys -------------
for item in "ProxyCommand nc %h %p" "LocalCommand touch x" \
    "PermitLocalCommand yes" "KnownHostsCommand /bin/sh" \
    "UserKnownHostsFile /dev/null" "StrictHostKeyChecking no" \
    "GlobalKnownHostsFile /dev/null" "PKCS11Provider /tmp/x.so"; do
	printf 'options = {"ServerAliveInterval 60", "%s"}\n' "$item" >"$SET"
	run "$UCJOB" -c "$SET" -F "$CFG" add 2465 -i "$HOME/.ssh/id" --no-verify
	refused "options item '$item' is refused"
done
printf 'site "x" { options = {"ProxyCommand nc %%h %%p"} }\n' >"$SET"
run "$UCJOB" -c "$SET" -F "$CFG" list
refused "options in a site section are checked too"
printf 'options = {"ProxyCommand nc %%h %%p"}\nallow-options = {"ProxyCommand"}\n' >"$SET"
run "$UCJOB" -q -c "$SET" -F "$CFG" add 2465 -i "$HOME/.ssh/id" --no-verify
is "$STATUS" 0 "allow-options lets ProxyCommand through"
check "and the line is written" grep -q '^    ProxyCommand nc %h %p$' "$CFG"
run "$UCJOB" -q -c "$SET" -F "$CFG" add 2465 -i "$HOME/.ssh/id" --no-verify -o ProxyCommand=true
is "$STATUS" 0 "allow-options lets -o ProxyCommand through too"
cp "$TMPD/orig" "$CFG"
printf 'allow-options = {"ServerAliveInterval"}\n' >"$SET"
run "$UCJOB" -c "$SET" -F "$CFG" list
refused "allow-options takes only keywords that options refuses otherwise"
printf 'allow-options = {"StrictHostKeyChecking"}\n' >"$SET"
run "$UCJOB" -c "$SET" -F "$CFG" list
refused "allow-options cannot allow what ucjob writes itself"

# --- Point 7: a long options list -----------------------------------------
awk 'BEGIN { printf "options = {"; for (i = 0; i < 33; i++) printf "%s\"ServerAliveInterval %d\"", i ? ", " : "", i + 1; print "}" }' >"$SET"
run "$UCJOB" -c "$SET" -F "$CFG" add 2465 -i "$HOME/.ssh/id" --no-verify
refused "33 options items: refused, not cut"
like "$ERR" "at most 32" "naming the limit"
awk 'BEGIN { printf "options = {"; for (i = 0; i < 32; i++) printf "%s\"ServerAliveInterval %d\"", i ? ", " : "", i + 1; print "}" }' >"$SET"
args=
i=0
while [ $i -lt 33 ]; do args="$args -o ServerAliveCountMax=$i"; i=$((i + 1)); done
# shellcheck disable=SC2086 # the words are ours
run "$UCJOB" -c "$SET" -F "$CFG" add 2465 -i "$HOME/.ssh/id" --no-verify $args
refused "32 items and 33 -o: refused as too many, not cut at 64"
# A settings file of 900 kB of options items: refused at once.
awk 'BEGIN { printf "options = {"; for (i = 0; i < 34000; i++) printf "%s\"ServerAliveInterval %d\"", i ? ", " : "", i + 1; print "}" }' >"$SET"
start=$(date +%s)
TIMEOUT=
command -v timeout >/dev/null 2>&1 && TIMEOUT="timeout 30"
run $TIMEOUT "$UCJOB" -c "$SET" -F "$CFG" list
refused "a 900 kB options list is refused (not checked item by item again and again)"
like "$ERR" "at most 32" "for its length"
end=$(date +%s)
if [ $((end - start)) -le 10 ]; then
	ok "and quickly ($((end - start)) s)"
else
	fail "and quickly" "$((end - start)) s"
fi

figure hostile-inputs "$rejected" "hostile inputs rejected (documented exit status, one error line, files unchanged)"
done_testing
