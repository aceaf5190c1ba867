#!/bin/sh
# tests/t0110-bad-input.sh - a table of bad input (SPEC.md section 3 rule 7,
# pasted commands, options, settings). Each must give exit 2, exactly one
# error line on stderr starting with "ucjob: ", nothing on stdout, and leave
# the ssh config byte for byte as it was. TEST_VERBOSE=1 shows every error.
# Then: ucjob's options after a quoted paste are ucjob's, after an unquoted
# one a clear error; bad input on a config in a missing directory creates
# no directory.

. "$(dirname "$0")/lib/lib.sh"

mkdir -m 700 "$HOME/.ssh"
ssh-keygen -q -t ed25519 -N '' -C t0110 -f "$HOME/.ssh/id_ed25519" >/dev/null ||
	fail "ssh-keygen makes the test key"

CFG=$HOME/.ssh/config
ORIG=$TMPD/orig
cat >"$CFG" <<'EOF'
ServerAliveInterval 30

Host github.com
    User git
EOF
"$UCJOB" -F "$CFG" add --job 4398201 2465 </dev/null >/dev/null 2>&1
if grep -q '^Host ucloud-job-2465$' "$CFG"; then
	ok "setup: a config with a managed block"
else
	fail "setup: a config with a managed block" "$(cat "$CFG")"
fi
cp "$CFG" "$ORIG"
NL='
'

rejected=0

# bad DESC ARG...: `ucjob -F CFG ARG...` (stdin from $STDIN, else empty) is
# refused as bad input and changes nothing.
bad() {
	_desc=$1
	shift
	run "$UCJOB" -F "$CFG" "$@" <"${STDIN:-/dev/null}"
	_why=
	[ "$STATUS" -eq 2 ] || _why="exit $STATUS, expected 2"
	case $ERR in
	"ucjob: "*"$NL"*) _why="${_why:+$_why; }more than one line on stderr" ;;
	"ucjob: "?*) ;;
	*) _why="${_why:+$_why; }stderr does not start with 'ucjob: '" ;;
	esac
	[ -z "$OUT" ] || _why="${_why:+$_why; }output on stdout"
	cmp -s "$CFG" "$ORIG" || _why="${_why:+$_why; }the config changed"
	if [ -z "$_why" ]; then
		ok "$_desc"
		rejected=$((rejected + 1))
		[ "${TEST_VERBOSE:-0}" = 1 ] && diag "$ERR"
	else
		fail "$_desc" "$_why" "command: ucjob -F CONFIG $*" \
		    "stdout: $OUT" "stderr: $ERR"
		cp "$ORIG" "$CFG"
	fi
}

# Ports.
bad "port 0" add 0
bad "port 65536" add 65536
bad "port 12a" add 12a
bad "port -1" add -1
bad "empty port" add ''
bad "port with 20 digits" add 99999999999999999999
bad "port with a space" add '24 65'
bad "no port" add
bad "--job with no port" add --job 1

# Aliases.
bad "alias with a space" add --name 'my job' 2466
bad "alias with *" add --name 'job*' 2466
bad "alias with !" add --name '!job' 2466
bad "alias with a newline" add --name "job${NL}ProxyCommand x" 2466
bad "alias starting with -" add --name -job 2466
bad "alias with a ?" add --name 'job?' 2466
bad "empty alias" add --name '' 2466

# Host names and users.
bad "host with a newline" add --host "a.example.org${NL}ProxyCommand x" 2466
bad "host with a space" add --host 'a.example.org b' 2466
bad "host starting with -" add --host -oProxyCommand=x 2466
bad "host with a quote" add --host 'a"b.example.org' 2466
bad "host with #" add --host 'a#b.example.org' 2466
bad "user with a newline" add --user "ucloud${NL}Host *" 2466
bad "user with \$(id)" add --user '$(id)' 2466
bad "user with backticks" add --user '`id`' 2466
bad "user with a single quote" add --user "o'brien" 2466
bad "job id with a space" add --job '12 34' 2466
bad "job id with #" add --job '12#34' 2466
bad "identity file with a newline" add -i "$HOME/.ssh/id_ed25519${NL}ProxyCommand x" 2466

# Pasted commands: only ssh, [user@]host, -p, -l, -i.
bad "ssh -o ProxyCommand=x (words)" add ssh -o ProxyCommand=x u@h.example.org -p 1
bad "ssh -o ProxyCommand=x (one string)" add 'ssh -o ProxyCommand=x u@h.example.org -p 1'
bad "ssh -J jump (words)" add ssh -J jump u@h.example.org -p 1
bad "ssh -J jump (one string)" add 'ssh -J jump u@h.example.org -p 1'
bad "ssh ...; rm -rf x" add 'ssh u@h.example.org -p 1; rm -rf x'
bad "ssh ... extra word" add 'ssh u@h.example.org -p 1 extra'
bad "ssh ... extra word (words)" add ssh u@h.example.org -p 1 extra
bad "ssh with a quoted host" add 'ssh "u@h.example.org" -p 1'
bad "ssh with a # comment" add 'ssh u@h.example.org -p 1 # hi'
bad "ssh with backticks" add 'ssh u@`id`.example.org -p 1'
bad "ssh with \$(id)" add 'ssh $(id)@h.example.org -p 1'
bad "ssh without a port" add 'ssh u@h.example.org'
bad "ssh with a bad port" add 'ssh u@h.example.org -p 0'
bad "ssh with an empty host" add 'ssh u@ -p 1'
bad "not ssh" add 'scp u@h.example.org -p 1'
bad "job line with more after it" add 'SSH: Connected! Available at: ssh ucloud@h.example.org -p 1 && id'
STDIN=$TMPD/stdin
printf 'ssh -J jump u@h.example.org -p 1\n' >"$STDIN"
bad "add - with ssh -J on stdin" add -
printf '' >"$STDIN"
bad "add - with empty stdin" add -
printf 'ssh u@h.example.org -p 1\nssh u@h.example.org -p 2\n' >"$STDIN"
bad "add - with two different ssh lines on stdin" add -
like "$ERR" "lines 1 and 2" "the error names both lines"
printf 'Job 42\nstarted\n' >"$STDIN"
bad "add - with several lines and no ssh line" add -
printf 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKx me@laptop\n' >"$STDIN"
bad "add - with a public key on stdin" add -
like "$ERR" "that is your public key" "saying it is the public key"
unset STDIN
bad "an en dash for -p (printf)" add "$(printf 'ssh u@h.example.org \342\200\223p 1')"
like "$ERR" "U\\+2013 EN DASH at column 21" "the error names the character and its column"
bad "a curly quote in a paste" add "$(printf 'ssh u@h.example.org -p 1 \342\200\234x')"
like "$ERR" "U\\+201C LEFT DOUBLE QUOTATION MARK" "the error names the quote"
bad "a byte that is not UTF-8" add "$(printf 'ssh u@h.example.org -p 1\377')"
like "$ERR" "0xFF.*column 25" "the error names the byte and its column"
bad "a line break inside a paste" add "ssh u@h.example.org${NL}-p 1"

# Extra options.
bad "-o with an unknown keyword" add -o Frobnicate=yes 2466
bad "-o Port=1 (managed by ucjob)" add -o Port=1 2466
bad "-o HostName=x (managed by ucjob)" add -o HostName=x 2466
bad "-o StrictHostKeyChecking=no" add -o StrictHostKeyChecking=no 2466
bad "-o without =" add -o ServerAliveInterval 2466
bad "-o with a newline in the value" add -o "ServerAliveInterval=60${NL}ProxyCommand x" 2466
bad "-L abc" add -L abc 2466
bad "-L 0" add -L 0 2466
bad "-L 8888:70000" add -L 8888:70000 2466
bad "-L 1:2:3" add -L 1:2:3 2466

# Names that are not there, commands and options that do not exist.
bad "rm of an alias with a space" rm 'a b'
bad "rm of an unknown alias" rm no-such-job
bad "rm with nothing to remove" rm
bad "show of an unknown alias" show no-such-job
bad "unknown command" frobnicate
unlike "$ERR" "did you mean" "no suggestion for a word far from every command"
bad "a command one letter short" ad 2466
like "$ERR" "unknown command 'ad' \\(did you mean 'add'\\?\\)" "did you mean 'add'?"
bad "two letters swapped" dcotor
like "$ERR" "did you mean 'doctor'" "did you mean 'doctor'?"
bad "help for a misspelt command" help lsit
like "$ERR" "did you mean 'list'" "help lsit: did you mean 'list'?"
bad "a one-letter word" l
unlike "$ERR" "did you mean" "no guess from a single letter"
bad "unknown option" add --frobnicate 2466
bad "list with an unknown option" list --frobnicate

# Settings.
printf 'host = "ssh.cloud.sdu.dk"\nuser = "ucloud"\nthis is not a setting\n' >"$TMPD/bad.conf"
bad "malformed settings file" -c "$TMPD/bad.conf" add 2466
like "$ERR" 'bad\.conf.*3' "the error names the settings file and line 3"
printf 'host = "ssh.cloud.sdu.dk"\nfrobnicate = "yes"\n' >"$TMPD/unknown.conf"
bad "settings file with an unknown key" -c "$TMPD/unknown.conf" add 2466
like "$ERR" 'frobnicate' "the error names the unknown key"
printf 'host-key-checking = "no"\n' >"$TMPD/hkc.conf"
bad "host-key-checking = no" -c "$TMPD/hkc.conf" add 2466
printf 'host = "a b.example.org"\n' >"$TMPD/host.conf"
bad "settings host with a space" -c "$TMPD/host.conf" add 2466
bad "unknown --site" --site nowhere add 2466
run env UCJOB_USER="ucloud${NL}ProxyCommand x" "$UCJOB" -F "$CFG" add 2466 </dev/null
if [ "$STATUS" -eq 2 ] && cmp -s "$CFG" "$ORIG"; then
	ok "UCJOB_USER with a newline"
else
	fail "UCJOB_USER with a newline" "exit $STATUS" "stderr: $ERR"
fi

leftovers=$(find "$TMPD" \( -name '*.ucjob.lock' -o -name '.*.ucjob-tmp.*' \) -print)
is "$leftovers" "" "no lock or temporary files are left behind"
same_bytes "$CFG" "$ORIG" "the config is as it was"

figure hostile-inputs "$rejected" "hostile inputs rejected (documented exit status, one error line, files unchanged)"

# --- Options after a quoted paste; a clear word after an unquoted one ---
fresh_sandbox paste-options
CFG=$W/paste.conf
: >"$CFG"
run "$UCJOB" -F "$CFG" add 'SSH: Connected! Available at: ssh ucloud@ssh.cloud.sdu.dk -p 2465' --job 42 --no-verify
is "$STATUS" 0 "a quoted job line followed by --job: add succeeds"
check "the job id after it is recorded" grep -q '# ucjob: job=42 ' "$CFG"
run "$UCJOB" -F "$CFG" add 'ssh ucloud@ssh.cloud.sdu.dk -p 2466' --name quoted -q --no-verify
is "$STATUS:$OUT" "0:" "a quoted ssh command followed by --name and -q: add succeeds quietly"
check "the alias after it is used" grep -q '^Host quoted$' "$CFG"
cp "$CFG" "$W/paste.orig"
run "$UCJOB" -F "$CFG" add ssh ucloud@ssh.cloud.sdu.dk -p 2467 --job 44
is "$STATUS" 2 "an unquoted paste followed by --job: exit 2"
like "$ERR" "'--job'.*put ucjob's options before the pasted command" \
    "saying to put ucjob's options before the paste"
run "$UCJOB" -F "$CFG" add SSH: Connected! Available at: ssh ucloud@ssh.cloud.sdu.dk -p 2467 --name=x
is "$STATUS" 2 "an unquoted job line followed by --name=x: exit 2"
like "$ERR" "'--name=x'.*put ucjob's options before the pasted command" \
    "saying the same"
run "$UCJOB" -F "$CFG" add ssh ucloud@ssh.cloud.sdu.dk -p 2467 --bogus
is "$STATUS" 2 "an unquoted paste followed by an option of neither: exit 2"
like "$ERR" "'--bogus' is not accepted in a pasted command" "refused as before"
same_bytes "$CFG" "$W/paste.orig" "nothing written by the refused pastes"


# --- Bad input creates nothing, not even a directory -----------------------
fresh_home creates-nothing
# Bad input on a config whose directory does not exist: nothing created.
run "$UCJOB" -F "$TMPD/new/dir/config" rm foo
is "$STATUS" 2 "rm of an unknown name exits 2"
check "and creates no directory" test ! -e "$TMPD/new"
run "$UCJOB" -F "$TMPD/new2/config" add 2465 -o Bogus=1
is "$STATUS" 2 "add with a bad option exits 2"
check "and creates no directory" test ! -e "$TMPD/new2"
run "$UCJOB" -F "$TMPD/new3/sub/config" add 2465 -i "$HOME/.ssh/id" --no-verify
is "$STATUS" 0 "a good add creates the missing directories"
is "$(file_mode "$TMPD/new3/sub")" "drwx------" "each new directory is 0700"
is "$(file_mode "$TMPD/new3/sub/config")" "-rw-------" "and the new config 0600"

done_testing
