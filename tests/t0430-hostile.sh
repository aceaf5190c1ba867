#!/bin/sh
# tests/t0430-hostile.sh - the hostile input table, beyond the plain bad
# input of t0110: 100 kB arguments, invalid UTF-8, control and escape
# characters, pasted commands that try to carry options, shell syntax or a
# second line, hostile stdin, environment and settings files, and configs
# that are a symlink loop, a directory, a FIFO or broken. Each must give
# the documented exit status (2 for bad input and settings, 1 for a config
# that cannot be used), exactly one error line on stderr with no raw
# control character, nothing on stdout, no hang, and leave every file as
# it was. No shell syntax may run: a canary file must never appear.

. "$(dirname "$0")/lib/lib.sh"

mkdir -m 700 "$HOME/.ssh"
ssh-keygen -q -t ed25519 -N '' -C t0430 -f "$HOME/.ssh/id_ed25519" >/dev/null ||
	fail "ssh-keygen makes the test key"

CFG=$HOME/.ssh/config
ORIG=$TMPD/orig
W=$TMPD/w
mkdir "$W"
PWNED=$TMPD/pwned
printf 'ServerAliveInterval 30\n\nHost github.com\n    User git\n' >"$CFG"
"$UCJOB" -q -F "$CFG" add --job 4398201 2465 </dev/null >/dev/null 2>&1
if grep -q '^Host ucloud-job-2465$' "$CFG"; then
	ok "setup: a config with a managed block"
else
	fail "setup: a config with a managed block" "$(cat "$CFG")"
fi
cp "$CFG" "$ORIG"

NL='
'
TAB=$(printf '\t')
CR=$(printf '\r')
ESC=$(printf '\033')
BAD8=$(printf '\377\376')
BIG=$(awk 'BEGIN { while (i++ < 100000) printf "a" }')
BIGNUM=$(awk 'BEGIN { while (i++ < 100000) printf "1" }')
MANYWORDS="ssh$(awk 'BEGIN { while (i++ < 20000) printf " a" }') u@h.example.org -p 1"
TIMEOUT=
command -v timeout >/dev/null 2>&1 && TIMEOUT="timeout 20"

rejected=0

# expect STATUS DESC FILE...: judge the last run: exit STATUS, exactly
# one error line starting "ucjob: " and holding no raw control character
# (tabs aside), nothing on stdout, no canary, and each FILE's state (from
# state_of) as saved by save_state.
expect() {
	_status=$1 _desc=$2
	shift 2
	_why=
	[ "$STATUS" -eq "$_status" ] ||
		_why="exit $STATUS, expected $_status$( [ "$STATUS" -eq 124 ] && echo ' (it hung)')"
	case $ERR in
	"ucjob: "*"$NL"*) _why="${_why:+$_why; }more than one line on stderr" ;;
	"ucjob: "?*) ;;
	*) _why="${_why:+$_why; }stderr does not start with 'ucjob: '" ;;
	esac
	if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$TMPD/run.err"; then
		_why="${_why:+$_why; }a raw control character on stderr"
	fi
	[ -z "$OUT" ] || _why="${_why:+$_why; }output on stdout"
	[ ! -e "$PWNED" ] || _why="${_why:+$_why; }the canary file appeared"
	for _f in "$@"; do
		[ "$(state_of "$_f")" = "$(cat "$W/state.$(echo "$_f" | cksum | cut -d' ' -f1)")" ] ||
			_why="${_why:+$_why; }$_f changed"
	done
	if [ -z "$_why" ]; then
		ok "$_desc"
		rejected=$((rejected + 1))
		[ "${TEST_VERBOSE:-0}" = 1 ] && diag "$ERR"
	else
		fail "$_desc" "$_why" "stdout: $(printf '%s' "$OUT" | head -c 300)" \
		    "stderr: $(printf '%s' "$ERR" | head -c 600)"
	fi
	return 0
}

# state_of PATH: what PATH is, for comparing before and after: its type,
# mode and link target or content checksum (a FIFO is never opened).
state_of() {
	if [ -L "$1" ]; then
		echo "link $(readlink "$1")"
	elif [ -p "$1" ]; then
		echo "fifo $(ls -ld "$1" | cut -c1-10)"
	elif [ -d "$1" ]; then
		# Its entries (names, types, modes, sizes, link targets);
		# no times: a lock file made and removed beside the target
		# changes its directory's, and `ls -la` to the minute failed
		# whenever a run crossed a minute.  Files are compared by
		# content where the test names them.
		echo "dir $(ls -lA --time-style=+ "$1" | cksum)"
	elif [ -f "$1" ]; then
		echo "file $(ls -ld "$1" | cut -c1-10) $(cksum <"$1")"
	else
		echo "missing"
	fi
}

save_state() {
	for _f in "$@"; do
		state_of "$_f" >"$W/state.$(echo "$_f" | cksum | cut -d' ' -f1)"
	done
}

# bad DESC ARG...: `ucjob -F CFG ARG...` (stdin from $STDIN, else empty)
# is bad input: exit 2 and nothing changed.
bad() {
	_d=$1
	shift
	save_state "$CFG"
	run $TIMEOUT "$UCJOB" -F "$CFG" "$@" <"${STDIN:-/dev/null}"
	expect 2 "$_d" "$CFG"
	cmp -s "$CFG" "$ORIG" || cp "$ORIG" "$CFG"
}

# --- Arguments -------------------------------------------------------------

bad "port ending in a newline" add "2465$NL"
bad "port with a plus sign" add +2465
bad "port in hex" add 0x9a1
bad "port in full-width digits" add '２４６５'
bad "port after a tab" add "${TAB}2465"
bad "port of 100 kB of digits" add "$BIGNUM"

bad "alias of 100 kB" add --name "$BIG" 2466
bad "alias with invalid UTF-8" add --name "job$BAD8" 2466
bad "alias with a carriage return" add --name "job${CR}x" 2466
bad "alias with a tab" add --name "job${TAB}x" 2466
bad "alias with a slash" add --name ../job 2466
bad "alias with a terminal escape" add --name "job$ESC]0;owned$(printf '\007')" 2466

bad "host of 100 kB" add --host "$BIG.example.org" 2466
bad "host with invalid UTF-8" add --host "h$BAD8.example.org" 2466
bad "host with a Cyrillic look-alike letter" add --host 'exаmple.org' 2466
bad "host with a tab" add --host "h.example.org${TAB}ProxyCommand" 2466
bad "host with a port in brackets" add --host '[::1]:22' 2466
bad "host with :port" add --host h.example.org:22 2466

bad "user of 100 kB" add --user "$BIG" 2466
bad "user with invalid UTF-8" add --user "u$BAD8" 2466
bad "job id of 100 kB" add --job "$BIG" 2466
bad "job id with invalid UTF-8" add --job "j$BAD8" 2466
bad "job id with a newline" add --job "1${NL}ProxyCommand x" 2466

bad "identity path of 100 kB" add -i "/tmp/$BIG" 2466
bad "identity path with #" add -i '/tmp/id#x' 2466
bad "identity path with a double quote" add -i '/tmp/id"x' 2466
bad "identity path with a backslash" add -i '/tmp/id\x' 2466

bad "-o value of 100 kB" add -o "ServerAliveInterval=$BIGNUM" 2466
bad "-o Host=evil (a new section)" add -o Host=evil 2466
bad "-o Match=all (a new section)" add -o Match=all 2466
bad "-o Include=/tmp/x" add -o Include=/tmp/x 2466
bad "-o value with #" add -o 'ServerAliveInterval=60#x' 2466
bad "-o value with a tab" add -o "SetEnv=A${TAB}B" 2466
# Keywords that run a program, load code or weaken host keys (issue 14).
for kw in ProxyCommand=x LocalCommand=x PermitLocalCommand=yes \
    KnownHostsCommand=/bin/sh ProxyUseFdpass=yes RemoteCommand=x \
    PKCS11Provider=/tmp/x.so SecurityKeyProvider=/tmp/x.so \
    XAuthLocation=/tmp/x GlobalKnownHostsFile=/dev/null \
    NoHostAuthenticationForLocalhost=yes UserKnownHostsFile=/dev/null \
    StrictHostKeyChecking=no; do
	bad "-o $kw (runs a program or weakens host keys)" add -o "$kw" 2466
done
case $ERR in
*host-key-checking*) ok "-o StrictHostKeyChecking: the refusal names the host-key-checking setting" ;;
*) fail "-o StrictHostKeyChecking: the refusal names the host-key-checking setting" "$ERR" ;;
esac
bad "-L of 100 kB" add -L "$BIGNUM" 2466
bad "-L with a host" add -L 8888:localhost:22 2466

# --- Pasted commands --------------------------------------------------------

bad "paste: -oProxyCommand attached" add 'ssh -oProxyCommand=x u@h.example.org -p 1'
bad "paste: -o ProxyCommand after the port" add 'ssh u@h.example.org -p 1 -oProxyCommand=x'
bad "paste: -Jjump attached" add 'ssh -Jjump u@h.example.org -p 1'
bad "paste: -W" add 'ssh -W localhost:22 u@h.example.org -p 1'
bad "paste: -F another config" add 'ssh -F /tmp/evil u@h.example.org -p 1'
bad "paste: -R remote forward" add 'ssh -R 80:localhost:80 u@h.example.org -p 1'
bad "paste: -D dynamic forward" add 'ssh -D 1080 u@h.example.org -p 1'
bad "paste: -L local forward" add 'ssh -L 1:h:2 u@h.example.org -p 1'
bad "paste: -i path with #" add 'ssh -i /tmp/x#y u@h.example.org -p 1'
bad "paste: | sh" add 'ssh u@h.example.org -p 1 | sh'
bad "paste: > redirection" add 'ssh u@h.example.org -p 1 > /tmp/x'
bad "paste: && touch" add "ssh u@h.example.org -p 1 && touch $PWNED"
bad "paste: \${IFS}" add 'ssh ${IFS}u@h.example.org -p 1'
bad "paste: \$HOME as the port" add 'ssh u@h.example.org -p $HOME'
bad "paste: \$(touch) as the user" add "ssh \$(touch $PWNED)@h.example.org -p 1"
bad "paste: newline then an option" add "ssh u@h.example.org -p 1${NL}ProxyCommand x"
bad "paste: carriage return then an option" add "ssh u@h.example.org -p 1${CR}ProxyCommand x"
bad "paste: terminal escape" add "ssh u@h.example.org -p 1 $ESC[2J"
bad "paste: invalid UTF-8" add "ssh u@h$BAD8.example.org -p 1"
bad "paste: 100 kB" add "ssh u@$BIG.example.org -p 1"
like "$ERR" "^ucjob: add: the host in the pasted command is too long" "  and the error says which part is too long"
bad "paste: 20000 words" add "$MANYWORDS"
bad "paste: -p twice" add 'ssh u@h.example.org -p 1 -p 2'
bad "paste: the user twice" add 'ssh -l a b@h.example.org -p 1'
bad "paste: empty user" add 'ssh @h.example.org -p 1'
bad "paste: user@@host" add 'ssh u@@h.example.org -p 1'
bad "paste: host:port" add 'ssh u@h.example.org:22 -p 1'
bad "paste: --" add 'ssh -- u@h.example.org -p 1'
bad "paste: host starting with -" add 'ssh u@-oProxyCommand -p 1'
bad "paste: port -1" add 'ssh -p -1 u@h.example.org'
bad "job line: \$(touch) after it" add "SSH: Connected! Available at: ssh ucloud@h.example.org -p 1 \$(touch $PWNED)"
bad "job line: backticks after it" add "SSH: Connected! Available at: ssh ucloud@h.example.org -p 1 \`touch $PWNED\`"

# --- Standard input (add -) --------------------------------------------------

STDIN=$W/stdin
printf 'ssh u@h.example.org -p 1\000ProxyCommand x\n' >"$STDIN"
bad "stdin: a NUL byte" add -
printf 'ssh u@h.example.org -p 1\nssh -o ProxyCommand=x u@h.example.org -p 1\n' >"$STDIN"
bad "stdin: a second ssh line with an option" add -
printf 'ssh u@h.example.org -p 1\rProxyCommand x\n' >"$STDIN"
bad "stdin: a carriage return then an option" add -
printf 'ssh u@%s.example.org -p 1\n' "$BIG" >"$STDIN"
bad "stdin: a 100 kB line" add -
printf 'ssh u@h\377.example.org -p 1\n' >"$STDIN"
bad "stdin: invalid UTF-8" add -
unset STDIN

# --- Environment --------------------------------------------------------------

save_state "$CFG"
run env UCJOB_HOST="h.example.org${NL}ProxyCommand x" $TIMEOUT "$UCJOB" -F "$CFG" add 2466 </dev/null
expect 2 "UCJOB_HOST with a newline" "$CFG"
run env UCJOB_ALIAS_PREFIX='job x' $TIMEOUT "$UCJOB" -F "$CFG" add 2466 </dev/null
expect 2 "UCJOB_ALIAS_PREFIX with a space" "$CFG"
run env UCJOB_IDENTITY_FILE='/tmp/id#x' $TIMEOUT "$UCJOB" -F "$CFG" add 2466 </dev/null
expect 2 "UCJOB_IDENTITY_FILE with #" "$CFG"

# --- Settings files -------------------------------------------------------------

# bad_settings DESC FILE: `ucjob -c FILE add` is refused with exit 2.
bad_settings() {
	save_state "$CFG" "$2"
	run $TIMEOUT "$UCJOB" -F "$CFG" -c "$2" add 2466 </dev/null
	expect 2 "$1" "$CFG" "$2"
}
mkdir "$W/settings-dir"
bad_settings "settings file that is a directory" "$W/settings-dir"
ln -s loop-b "$W/loop-a" && ln -s loop-a "$W/loop-b"
bad_settings "settings file that is a symlink loop" "$W/loop-a"
if [ -r /dev/zero ]; then
	save_state "$CFG"
	run $TIMEOUT "$UCJOB" -F "$CFG" -c /dev/zero add 2466 </dev/null
	expect 2 "settings file that never ends (/dev/zero)" "$CFG"
fi
printf 'host = "h.example.org"\000\n' >"$W/nul.conf"
bad_settings "settings file with a NUL byte" "$W/nul.conf"
printf '\377\376h\000o\000s\000t\000' >"$W/utf16.conf"
bad_settings "settings file in UTF-16" "$W/utf16.conf"
printf 'options = {"Host *"}\n' >"$W/opt-host.conf"
bad_settings "settings option that opens a Host section" "$W/opt-host.conf"
printf 'options = {"ServerAliveInterval 60\\nHost *"}\n' >"$W/opt-nl.conf"
bad_settings "settings option with an escaped newline" "$W/opt-nl.conf"
printf 'identity-file = "/tmp/id\\nProxyCommand x"\n' >"$W/id-nl.conf"
bad_settings "settings identity-file with an escaped newline" "$W/id-nl.conf"
printf 'ssh-keygen = "touch %s #"\n' "$PWNED" >"$W/keygen.conf"
bad_settings "settings ssh-keygen with shell syntax" "$W/keygen.conf"
printf 'user = "ucloud\\"\\nHost *"\n' >"$W/user-quote.conf"
bad_settings "settings user with an escaped quote and newline" "$W/user-quote.conf"

# A FIFO nobody writes to reads as an empty file (all defaults); the point
# is that it does not hang.
mkfifo "$W/settings-fifo"
cp "$CFG" "$W/fifo-cfg"
run $TIMEOUT "$UCJOB" -q -F "$W/fifo-cfg" -c "$W/settings-fifo" add 2466 </dev/null
is "$STATUS" 0 "settings file that is a FIFO nobody writes: read as empty, no hang"

# --- Configs that cannot be used ---------------------------------------------------

# bad_config DESC PATH ARG...: `ucjob -F PATH ARG...` fails with exit 1
# and leaves PATH (and what it points to) as it was, with no lock file or
# temporary beside it.
bad_config() {
	_d=$1 _p=$2
	shift 2
	save_state "$_p" "$(dirname "$_p")"
	run $TIMEOUT "$UCJOB" -F "$_p" "$@" </dev/null
	expect 1 "$_d" "$_p" "$(dirname "$_p")"
}

mkdir "$W/loop"
ln -s config2 "$W/loop/config" && ln -s config "$W/loop/config2"
bad_config "config that is a symlink loop: add" "$W/loop/config" add 2466
bad_config "config that is a symlink loop: rm" "$W/loop/config" rm 2465
bad_config "config that is a symlink loop: list" "$W/loop/config" list
mkdir "$W/self"
ln -s config "$W/self/config"
bad_config "config that is a symlink to itself: add" "$W/self/config" add 2466

mkdir -p "$W/dir/config"
bad_config "config that is a directory: add" "$W/dir/config" add 2466
bad_config "config that is a directory: rm" "$W/dir/config" rm 2465
bad_config "config that is a directory: list" "$W/dir/config" list
bad_config "config that is a directory: show" "$W/dir/config" show 2465
mkdir -p "$W/dirlink/target"
ln -s target "$W/dirlink/config"
bad_config "config that is a symlink to a directory: add" "$W/dirlink/config" add 2466

mkdir "$W/fifo"
mkfifo "$W/fifo/config"
bad_config "config that is a FIFO: add" "$W/fifo/config" add 2466
bad_config "config that is a FIFO: rm" "$W/fifo/config" rm 2465
bad_config "config that is a FIFO: list" "$W/fifo/config" list
mkdir "$W/fifolink"
mkfifo "$W/fifolink/pipe"
ln -s pipe "$W/fifolink/config"
bad_config "config that is a symlink to a FIFO: add" "$W/fifolink/config" add 2466

: >"$W/plain"
save_state "$W/plain"
run $TIMEOUT "$UCJOB" -F "$W/plain/config" add 2466 </dev/null
expect 1 "config under a file instead of a directory" "$W/plain"

# config_from DIR FILE: a config in DIR with FILE's bytes.
config_from() {
	mkdir -p "$W/$1"
	cp "$TOP/tests/configs/bad/$2" "$W/$1/config"
	chmod 600 "$W/$1/config"
}
config_from utf16be 07-utf16be-bom.conf
bad_config "config in UTF-16BE: add" "$W/utf16be/config" add 2466
config_from utf16le 06-utf16le-bom.conf
bad_config "config in UTF-16LE: rm" "$W/utf16le/config" rm 2465
bad_config "config in UTF-16LE: list" "$W/utf16le/config" list
config_from endfirst 04-end-before-begin.conf
bad_config "config with END before BEGIN: add" "$W/endfirst/config" add 2466
config_from nested 05-begin-inside-block.conf
bad_config "config with a BEGIN inside the block: rm" "$W/nested/config" rm 2465
config_from twobegin 01-two-begin.conf
bad_config "config with two BEGIN markers: show" "$W/twobegin/config" show 2465
config_from beginonly 03-begin-without-end.conf
bad_config "config with BEGIN but no END: list" "$W/beginonly/config" list
mkdir "$W/crlfbroken"
printf '# BEGIN ucjob\r\nHost ucloud-job-1\r\n    Port 1\r\n' >"$W/crlfbroken/config"
chmod 600 "$W/crlfbroken/config"
bad_config "CRLF config with BEGIN but no END: rm --all" "$W/crlfbroken/config" rm --all
mkdir "$W/worldlink" "$W/worldlink/dots"
printf 'Host a\n    User b\n' >"$W/worldlink/dots/ssh_config"
chmod 666 "$W/worldlink/dots/ssh_config"
ln -s dots/ssh_config "$W/worldlink/config"
bad_config "config linked to a world-writable file: add" "$W/worldlink/config" add 2466
is "$(state_of "$W/worldlink/dots/ssh_config")" "file -rw-rw-rw- $(printf 'Host a\n    User b\n' | cksum)" \
    "the world-writable target is unchanged"

# --- Nothing ran, nothing was left ----------------------------------------------

if [ -e "$PWNED" ]; then
	fail "no shell syntax ran (the canary file is absent)"
else
	ok "no shell syntax ran (the canary file is absent)"
fi
same_bytes "$CFG" "$ORIG" "the config is as it was"
leftovers=$(find "$TMPD" \( -name '*.ucjob.lock' -o -name '.*.ucjob-tmp.*' \) -print)
is "$leftovers" "" "no lock or temporary files are left behind"

figure hostile-inputs "$rejected" "hostile inputs rejected (documented exit status, one error line, files unchanged)"
done_testing
