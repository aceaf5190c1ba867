#!/bin/sh
# tests/t0310-key-clipboard.sh - `ucjob key --copy` and `ucjob add
# --from-clipboard` (SPEC.md section 5). Every clipboard program is a small
# stand-in in a directory that is the whole PATH: it records its arguments,
# its stdin and where its stdout and stderr lead; the recorded bytes must
# be the .pub file. The xclip and wl-copy stand-ins fork a child that keeps
# their stdout and stderr open, as the real ones do, to show that ucjob
# gives them /dev/null and goes by the exit status. OSC 52 is read back
# from a pseudo-terminal made by script(1) and decoded.

. "$(dirname "$0")/lib/lib.sh"

KEYGEN=$(command -v ssh-keygen) || skip_all "ssh-keygen is missing"
SSH=$(command -v ssh) || skip_all "ssh is missing"
CAT=$(command -v cat)
READLINK=$(command -v readlink)
SLEEP=$(command -v sleep)

mkdir -m 700 "$HOME/.ssh"
PUB=$HOME/.ssh/id_ed25519.pub
"$KEYGEN" -q -t ed25519 -N '' -C 'clip test' -f "$HOME/.ssh/id_ed25519" >/dev/null
REC=$TMPD/rec
CLIPBOARD=$TMPD/clipboard	# what the paste stand-ins print
mkdir -p "$REC"

# standin DIR NAME MODE: a stand-in for NAME in DIR. MODE: ok, fail (exit
# 1 after reading its input), fork (leave a child holding stdout and
# stderr, like xclip and wl-copy), paste (print $CLIPBOARD), empty (a
# paste program with nothing to give).
standin() {
	mkdir -p "$1"
	{
		printf '%s\n' '#!/bin/sh'
		printf '%s\n' "rec=$REC/$2"
		printf '%s\n' 'printf "%s\n" "$@" >"$rec.argv"'
		# Read before any redirection: dash redirects in the shell.
		printf '%s\n' "fd1=\$($READLINK /proc/\$\$/fd/1)"
		printf '%s\n' "fd2=\$($READLINK /proc/\$\$/fd/2)"
		printf '%s\n' 'printf "%s\n" "$fd1" >"$rec.fd1"'
		printf '%s\n' 'printf "%s\n" "$fd2" >"$rec.fd2"'
		case $3 in
		paste)
			printf '%s\n' "exec $CAT '$CLIPBOARD'" ;;
		empty)
			printf '%s\n' 'echo "Nothing is copied" >&2; exit 1' ;;
		esac
		printf '%s\n' "$CAT >\"\$rec.in\""
		case $3 in
		fail)
			printf '%s\n' 'exit 1' ;;
		fork)
			printf '%s\n' "$SLEEP 60 &"
			printf '%s\n' 'echo $! >"$rec.child"' ;;
		esac
		printf '%s\n' 'exit 0'
	} >"$1/$2"
	chmod 755 "$1/$2"
}

# clip ENV... CMD...: CMD with only ENV (and the test's HOME, settings,
# ssh and ssh-keygen), PATH being the stand-ins' directory $BIN.
clip() {
	rm -f "$REC"/*
	run env -i HOME="$HOME" PATH="$BIN" UCJOB_CONFIG="$UCJOB_CONFIG" \
	    UCJOB_SSH_KEYGEN="$KEYGEN" UCJOB_SSH="$SSH" LC_ALL=C "$@"
}

# copied NAME ARGS DESC: NAME ran with ARGS (one line each) and got the
# .pub file's bytes on its stdin, ucjob exited 0 and printed the key too.
copied() {
	if [ "$STATUS" = 0 ] && cmp -s "$REC/$1.in" "$PUB" &&
	    [ "$(cat "$REC/$1.argv")" = "$2" ] &&
	    cmp -s "$TMPD/run.out" "$PUB"; then
		ok "$3"
	else
		fail "$3" "exit $STATUS" "argv: $(cat "$REC/$1.argv" 2>&1)" \
		    "stdin: $(cat "$REC/$1.in" 2>&1)" "stderr: $ERR"
	fi
}

# copied_utf16 DESC: as copied, for clip.exe, which is fed the .pub file
# in UTF-16LE (it guesses the encoding of narrow text; clip_exe.h).
copied_utf16() {
	iconv -f UTF-8 -t UTF-16LE "$PUB" >"$TMPD/pub.utf16"
	if [ "$STATUS" = 0 ] && cmp -s "$REC/clip.exe.in" "$TMPD/pub.utf16" &&
	    [ "$(cat "$REC/clip.exe.argv")" = "" ] &&
	    cmp -s "$TMPD/run.out" "$PUB"; then
		ok "$1"
	else
		fail "$1" "exit $STATUS" "argv: $(cat "$REC/clip.exe.argv" 2>&1)" \
		    "stdin: $(od -c "$REC/clip.exe.in" 2>&1 | head -n 4)" \
		    "stderr: $ERR"
	fi
}

# only_ran NAME DESC: no other stand-in ran.
only_ran() {
	_ran=$(cd "$REC" && ls *.argv 2>/dev/null | tr '\n' ' ')
	is "$_ran" "$1.argv " "$2"
}

BIN=$TMPD/all
for p in clip.exe pbcopy xsel; do standin "$BIN" "$p" ok; done
for p in wl-copy xclip; do standin "$BIN" "$p" fork; done

# WSL first, even with WSLg's displays set.
clip WSL_DISTRO_NAME=Debian WAYLAND_DISPLAY=wayland-0 DISPLAY=:0 "$UCJOB" key --copy
copied_utf16 "WSL: clip.exe gets the .pub file, in UTF-16LE"
only_ran clip.exe "WSL: nothing else ran"
like "$ERR" "copied to the clipboard with clip.exe" "WSL: stderr says how"
clip WSL_INTEROP=/run/WSL/1_interop "$UCJOB" key --copy
copied_utf16 "WSL_INTEROP alone means WSL too"

# Wayland, with the fork of wl-copy.
clip WAYLAND_DISPLAY=wayland-0 DISPLAY=:0 "$UCJOB" key --copy
copied wl-copy "" "Wayland: wl-copy gets the .pub file"
only_ran wl-copy "Wayland: nothing else ran"
child=$(cat "$REC/wl-copy.child" 2>/dev/null)
if [ -n "$child" ]; then
	add_cleanup "kill $child 2>/dev/null"
	check "ucjob returned while wl-copy's child still held its streams" \
	    kill -0 "$child"
	kill "$child" 2>/dev/null
else
	fail "the wl-copy stand-in recorded its child"
fi
if [ -d /proc/self/fd ]; then
	is "$(cat "$REC/wl-copy.fd1"):$(cat "$REC/wl-copy.fd2")" \
	    /dev/null:/dev/null "wl-copy's stdout and stderr are /dev/null"
else
	skip "wl-copy's stdout and stderr are /dev/null" "no /proc"
fi

# X11: xclip, with its fork.
clip DISPLAY=:0 "$UCJOB" key --copy
copied xclip "-selection
clipboard" "X11: xclip -selection clipboard gets the .pub file"
only_ran xclip "X11: nothing else ran"
child=$(cat "$REC/xclip.child" 2>/dev/null)
[ -n "$child" ] && add_cleanup "kill $child 2>/dev/null"
check "ucjob returned while xclip's child still held its streams" \
    kill -0 "${child:-0}"
[ -n "$child" ] && kill "$child" 2>/dev/null
if [ -d /proc/self/fd ]; then
	is "$(cat "$REC/xclip.fd1"):$(cat "$REC/xclip.fd2")" \
	    /dev/null:/dev/null "xclip's stdout and stderr are /dev/null"
else
	skip "xclip's stdout and stderr are /dev/null" "no /proc"
fi

# X11 without xclip: xsel.
BIN=$TMPD/noxclip
standin "$BIN" xsel ok
clip DISPLAY=:0 "$UCJOB" key --copy
copied xsel "--clipboard
--input" "X11 without xclip: xsel --clipboard --input"

# A program that fails is judged by its exit status; the next one is tried.
BIN=$TMPD/xclipfails
standin "$BIN" xclip fail
standin "$BIN" xsel ok
clip DISPLAY=:0 "$UCJOB" key --copy
copied xsel "--clipboard
--input" "xclip exits 1: xsel is tried next"
like "$ERR" "with xsel" "and named"

# The setting picks one method, whatever the environment.
BIN=$TMPD/all
clip UCJOB_CLIPBOARD=pbcopy DISPLAY=:0 "$UCJOB" key --copy
copied pbcopy "" "clipboard = pbcopy: pbcopy"
only_ran pbcopy "clipboard = pbcopy: nothing else ran"
clip UCJOB_CLIPBOARD=clip "$UCJOB" key --copy
copied_utf16 "clipboard = clip: clip.exe"
clip UCJOB_CLIPBOARD=xsel WAYLAND_DISPLAY=w DISPLAY=:0 "$UCJOB" key --copy
copied xsel "--clipboard
--input" "clipboard = xsel: xsel, though Wayland is there"
printf 'clipboard = "xclip"\n' >"$TMPD/xclip.conf"
clip "$UCJOB" -c "$TMPD/xclip.conf" key --copy
copied xclip "-selection
clipboard" "clipboard = \"xclip\" in the settings file"
child=$(cat "$REC/xclip.child" 2>/dev/null)
[ -n "$child" ] && kill "$child" 2>/dev/null

# Nothing works: say so, print the key anyway, exit 1.
clip "$UCJOB" key --copy
is "$STATUS" 1 "no clipboard at all: exit 1"
same_bytes "$TMPD/run.out" "$PUB" "no clipboard at all: the key is still printed"
like "$ERR" "^ucjob: cannot put the key on the clipboard .*not a terminal" \
    "no clipboard at all: stderr says why"
clip UCJOB_CLIPBOARD=none DISPLAY=:0 "$UCJOB" key --copy
is "$STATUS" 1 "clipboard = none: exit 1"
same_bytes "$TMPD/run.out" "$PUB" "clipboard = none: the key is printed"
is "$(ls "$REC")" "" "clipboard = none: nothing ran"
BIN=$TMPD/empty
mkdir -p "$BIN"
clip UCJOB_CLIPBOARD=wl-copy "$UCJOB" key --copy
is "$STATUS" 1 "clipboard = wl-copy but no wl-copy: exit 1"
like "$ERR" "wl-copy not found \\(install it with: .*wl-clipboard\\)" \
    "a missing program gets the install hint"

# doctor names what key --copy would use, without running it.
BIN=$TMPD/all
clip DISPLAY=:0 "$UCJOB" doctor
like "$OUT" "^ok   clipboard: $BIN/xclip\$" "doctor: with DISPLAY, xclip on PATH"
is "$(ls "$REC")" "" "doctor ran no clipboard program"
clip WSL_INTEROP=x DISPLAY=:0 "$UCJOB" doctor
like "$OUT" "^ok   clipboard: $BIN/clip.exe\$" "doctor: under WSL, clip.exe"
BIN=$TMPD/noxclip
clip DISPLAY=:0 "$UCJOB" doctor
like "$OUT" "^ok   clipboard: $BIN/xsel\$" "doctor: with DISPLAY and no xclip, xsel"
BIN=$TMPD/empty
clip DISPLAY=:0 "$UCJOB" doctor
like "$OUT" "^warn clipboard: nothing .*its program is not on PATH\\); fix: install it with: .*xclip" \
    "doctor: with DISPLAY and neither program, a warning with the install hint"
clip UCJOB_CLIPBOARD=none "$UCJOB" doctor
like "$OUT" '^skip clipboard: the clipboard setting is "none"' "doctor: clipboard = none is skipped"

# add --from-clipboard reads with the matching program.
CFG=$HOME/.ssh/config
printf 'Host other\n    User me\n' >"$CFG"
chmod 600 "$CFG"
BIN=$TMPD/paste
for p in pbpaste wl-paste xclip xsel powershell.exe; do
	standin "$BIN" "$p" paste
done
printf 'SSH: Connected! Available at: ssh ucloud@ssh.cloud.sdu.dk -p 2465\n' >"$CLIPBOARD"
clip WAYLAND_DISPLAY=w DISPLAY=:0 "$UCJOB" -F "$CFG" add --from-clipboard
is "$STATUS" 0 "add --from-clipboard (Wayland) succeeds"
check "the entry is added" grep -q '^Host ucloud-job-2465$' "$CFG"
is "$(cat "$REC/wl-paste.argv")" "--no-newline" "it ran wl-paste --no-newline"
only_ran wl-paste "wl-paste only"

printf '  ssh ucloud@ssh.cloud.sdu.dk -p 2466  \r\n\r\n' >"$CLIPBOARD"
clip DISPLAY=:0 "$UCJOB" -F "$CFG" add --from-clipboard
is "$STATUS" 0 "add --from-clipboard (X11) succeeds, blanks around dropped"
check "the entry is added" grep -q '^Host ucloud-job-2466$' "$CFG"
is "$(cat "$REC/xclip.argv" | tr '\n' ' ')" "-o -selection clipboard " \
    "it ran xclip -o -selection clipboard"

printf 'ssh ucloud@ssh.cloud.sdu.dk -p 2467\r\n' >"$CLIPBOARD"
clip WSL_DISTRO_NAME=Debian "$UCJOB" -F "$CFG" add --from-clipboard
is "$STATUS" 0 "add --from-clipboard (WSL) succeeds"
is "$(cat "$REC/powershell.exe.argv" | tr '\n' ' ')" \
    "-NoProfile -NonInteractive -Command [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding \$false; Get-Clipboard -Raw " \
    "it ran PowerShell's Get-Clipboard, made to print UTF-8"
printf 'ssh ucloud@ssh.cloud.sdu.dk -p 2468' >"$CLIPBOARD"
clip UCJOB_CLIPBOARD=pbcopy "$UCJOB" -F "$CFG" add --from-clipboard
is "$STATUS:$(cat "$REC/pbpaste.argv")" "0:" "clipboard = pbcopy: pbpaste"
clip UCJOB_CLIPBOARD=xsel "$UCJOB" -F "$CFG" add --from-clipboard
is "$STATUS:$(cat "$REC/xsel.argv" | tr '\n' ' ')" "0:--clipboard --output " \
    "clipboard = xsel: xsel --clipboard --output"

# What the clipboard holds is checked like `add -`; nothing is written.
cp "$CFG" "$TMPD/cfg.orig"
bad_paste() {
	printf "$1" >"$CLIPBOARD"
	clip DISPLAY=:0 "$UCJOB" -F "$CFG" add --from-clipboard
	if [ "$STATUS" = "$2" ] && [ -z "$OUT" ] && cmp -s "$CFG" "$TMPD/cfg.orig" &&
	    [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ]; then
		ok "$3"
	else
		fail "$3" "exit $STATUS" "stdout: $OUT" "stderr: $ERR"
	fi
}
bad_paste 'ssh -o ProxyCommand=evil ucloud@h -p 2469\n' 2 "a pasted -o is refused (exit 2)"
bad_paste 'ssh ucloud@h -p 2469\nssh ucloud@h -p 2470\n' 2 "two lines are refused (exit 2)"
bad_paste '   \n' 2 "an empty clipboard is refused (exit 2)"
bad_paste 'hello world\n' 2 "text that is no ssh command is refused (exit 2)"
bad_paste 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKx me@laptop\n' 2 \
    "a public key on the clipboard is refused (exit 2)"
like "$ERR" "that is your public key.*copy the job's ssh line" \
    "saying it is the public key and what to copy instead"
bad_paste 'ssh ucloud@h.example.org \342\200\223p 2469\n' 2 \
    "an en dash on the clipboard is refused (exit 2)"
like "$ERR" "U\\+2013 EN DASH at column 26" "naming the character and its column"

# The job page as a browser copies it: several lines, NBSPs, the ssh line.
printf 'Job 4398201\n\nSSH:\302\240Connected!\nAvailable at:\302\240ssh ucloud@ssh.cloud.sdu.dk\302\240-p 2471\302\240\n' >"$CLIPBOARD"
clip DISPLAY=:0 "$UCJOB" -F "$CFG" add --from-clipboard
is "$STATUS" 0 "the job page copied by a browser: add --from-clipboard succeeds"
check "the one ssh line of it is used" grep -q '^Host ucloud-job-2471$' "$CFG"
cp "$CFG" "$TMPD/cfg.orig"
BIN=$TMPD/emptypaste
standin "$BIN" wl-paste empty
clip WAYLAND_DISPLAY=w "$UCJOB" -F "$CFG" add --from-clipboard
is "$STATUS" 1 "wl-paste fails: exit 1"
like "$ERR" "wl-paste exited with status 1: Nothing is copied" \
    "its message is passed on"
same_bytes "$CFG" "$TMPD/cfg.orig" "nothing written"
clip UCJOB_CLIPBOARD=osc52 "$UCJOB" -F "$CFG" add --from-clipboard
is "$STATUS" 1 "clipboard = osc52 cannot be read: exit 1"
like "$ERR" "OSC 52\\) cannot be read" "and says so"
clip DISPLAY=:0 "$UCJOB" -F "$CFG" add --from-clipboard 2470
is "$STATUS" 2 "--from-clipboard with a port: exit 2"
same_bytes "$CFG" "$TMPD/cfg.orig" "nothing written"

# OSC 52 through a pseudo-terminal (script(1)), decoded.
if ! command -v script >/dev/null 2>&1 || ! command -v base64 >/dev/null 2>&1; then
	skip_all "script(1) or base64 is missing"
fi
ESC=$(printf '\033')
BEL=$(printf '\007')
TS=$TMPD/typescript
BIN=$TMPD/empty
# on_pty [VAR=VALUE...] -- ARGS: ucjob ARGS on a new terminal; the bytes it
# wrote there end up in $TS.
on_pty() {
	_env=
	while [ "$1" != -- ]; do
		_env="$_env $1"
		shift
	done
	shift
	rm -f "$TS"
	script -qec "env -i HOME=$HOME PATH=$BIN UCJOB_CONFIG=$UCJOB_CONFIG \
	    UCJOB_SSH_KEYGEN=$KEYGEN LC_ALL=C $_env $UCJOB $*" "$TS" \
	    >/dev/null 2>&1 </dev/null
	STATUS=$?
}
# osc52 FILE: the payload of the last plain OSC 52 sequence, decoded.
osc52() {
	sed -n "s/.*${ESC}]52;c;\([A-Za-z0-9+/=]*\)${BEL}.*/\1/p" "$1" |
	    tail -n 1 | base64 -d
}

on_pty -- key --copy
is "$STATUS" 0 "a terminal and no display: key --copy uses OSC 52"
osc52 "$TS" >"$TMPD/osc52.bytes"
same_bytes "$TMPD/osc52.bytes" "$PUB" "the OSC 52 payload decodes to the .pub file"
check "the key is printed on the terminal as well" \
    grep -qF "$(cut -d' ' -f2 "$PUB")" "$TS"
check "no tmux passthrough outside tmux" sh -c "! grep -q '${ESC}Ptmux;' '$TS'"

on_pty TMUX=/tmp/tmux-0/default,1,0 -- key --copy
is "$STATUS" 0 "inside tmux: key --copy exits 0"
sed -n "s/.*${ESC}Ptmux;${ESC}${ESC}]52;c;\([A-Za-z0-9+/=]*\)${BEL}${ESC}\\\\.*/\1/p" "$TS" |
    base64 -d >"$TMPD/passthrough.bytes"
same_bytes "$TMPD/passthrough.bytes" "$PUB" "inside tmux: the passthrough-wrapped payload decodes to the .pub file"
osc52 "$TS" >"$TMPD/osc52.bytes"
same_bytes "$TMPD/osc52.bytes" "$PUB" "inside tmux: the plain sequence follows for set-clipboard"
check "inside tmux: the user is told about set-clipboard" grep -q "set-clipboard on" "$TS"

on_pty -- "key --copy >$TMPD/pty.out"
is "$STATUS" 1 "stdout not a terminal: no OSC 52 in auto, exit 1"
check "stdout not a terminal: nothing like OSC 52 reached the terminal" \
    sh -c "! grep -q ']52;' '$TS'"
same_bytes "$TMPD/pty.out" "$PUB" "stdout not a terminal: the key is still printed"

on_pty UCJOB_CLIPBOARD=osc52 -- "key --copy >$TMPD/pty.out"
is "$STATUS" 0 "clipboard = osc52 writes to the terminal even when stdout is a file"
osc52 "$TS" >"$TMPD/osc52.bytes"
same_bytes "$TMPD/osc52.bytes" "$PUB" "clipboard = osc52: the payload decodes to the .pub file"

# A local desktop with no clipboard program: OSC 52 alone is no success
# (VTE terminals ignore it), so the install hint comes with the key.
on_pty WAYLAND_DISPLAY=wayland-0 -- key --copy
is "$STATUS" 1 "local Wayland desktop, no wl-copy: key --copy exits 1"
check "the key is printed on the terminal" grep -qF "$(cut -d' ' -f2 "$PUB")" "$TS"
check "with the install hint for wl-clipboard" grep -q "install wl-clipboard" "$TS"
check "naming the terminals that ignore OSC 52" grep -q "VTE" "$TS"
osc52 "$TS" >"$TMPD/osc52.bytes"
same_bytes "$TMPD/osc52.bytes" "$PUB" "OSC 52 is sent all the same"
on_pty DISPLAY=:0 -- key --copy
is "$STATUS" 1 "local X11 desktop, no xclip or xsel: exit 1"
check "with the install hint for xclip" grep -q "install xclip or xsel" "$TS"
on_pty DISPLAY=:0 -- doctor
check "doctor warns about it too" grep -q "^warn clipboard: only OSC 52.*install xclip or xsel" "$TS"
on_pty DISPLAY=:0 SSH_CONNECTION=10.0.0.1_22_10.0.0.2_22 -- key --copy
is "$STATUS" 0 "a forwarded display over SSH: OSC 52 is the way, exit 0"
on_pty DISPLAY=:0 SSH_TTY=/dev/pts/1 -- key --copy
is "$STATUS" 0 "SSH_TTY alone counts as SSH too"
on_pty DISPLAY=:0 UCJOB_CLIPBOARD=osc52 -- key --copy
is "$STATUS" 0 "clipboard = osc52 chosen on a desktop: trusted, exit 0"

done_testing
