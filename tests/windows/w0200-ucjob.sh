#!/bin/sh
# w0200-ucjob.sh - ucjob.exe add / rm / list / show under wine (issue 8,
# items 2 and 4 c): CRLF configs round trip byte for byte, the corpus of
# tests/configs too; bad input leaves the file alone; Windows paths (drive
# letters, backslashes, blanks, non-ASCII) are written with forward
# slashes and quoted when they hold a blank; ~ is the profile folder;
# %APPDATA%\ucjob\config is read; ssh-keygen is run through CreateProcess
# (a stand-in that records its arguments); key --copy feeds a stand-in
# clip.exe UTF-16LE (item 4 d); concurrent runs lose nothing.
# Wine has no OpenSSH, so add runs with --no-verify, except where a
# stand-in ssh answers its `ssh -G` (rule 8) with CRLF lines, as the
# Windows ssh would.

. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/wine.sh"

exe=$UCJOB_EXE
work=$TMPD/work
mkdir -p "$work"
# The profile folder and %APPDATA% live in the shared prefix: start clean.
rm -rf "$PROFILE/.ssh" "$PROFILE/AppData/Roaming/ucjob"
add_cleanup 'rm -rf "$PROFILE/.ssh" "$PROFILE/AppData/Roaming/ucjob"'
UCJOB_CONFIG=$(winpath "$UCJOB_CONFIG")
export UCJOB_CONFIG

cfg=$work/config
W=$(winpath "$cfg")

# --- a CRLF config, add then rm ---------------------------------------
printf '# my config\r\nServerAliveInterval 30\r\n\r\nHost gitlab\r\n    User git\r\n\r\nHost *\r\n    ForwardAgent no\r\n' >"$cfg"
cp "$cfg" "$work/orig"

wrun "$exe" -F "$W" add --no-verify 2465 --job 4398201
is "$STATUS" 0 "add on a CRLF config exits 0"
like "$OUT" "^added ucloud-job-2465 \\(ucloud@ssh.cloud.sdu.dk port 2465\\)" \
    "add says what it added"
if grep -q "$(printf '[^\r]$')" "$cfg"; then
	fail "every line of the edited file still ends in CRLF" "$(od -c "$cfg" | head -n 20)"
else
	ok "every line of the edited file still ends in CRLF"
fi
line=$(grep -n '^# BEGIN ucjob' "$cfg" | cut -d: -f1)
is "$line" 4 "the block goes before the first Host line"
like "$(cat "$cfg")" "^    HostName ssh.cloud.sdu.dk.\$" "the entry has its HostName"
if [ -e "$work/.config.ucjob.lock" ] || ls -a "$work" | grep -q 'ucjob-tmp'; then
	fail "no lock file or temporary is left behind" "$(ls -la "$work")"
else
	ok "no lock file or temporary is left behind"
fi
same_bytes "$work/.config.ucjob~" "$work/orig" "the previous version is kept as .config.ucjob~"

wrun "$exe" -F "$W" list
is "$STATUS" 0 "list exits 0"
like "$OUT" "^ucloud-job-2465 +ucloud@ssh.cloud.sdu.dk:2465 +4398201 +[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\$" \
    "list shows the entry, job id and time"
wrun "$exe" -F "$W" list --names
is "$OUT" "ucloud-job-2465" "list --names prints the alias alone"
wrun "$exe" -F "$W" list --json
like "$OUT" '"alias": "ucloud-job-2465", "host": "ssh.cloud.sdu.dk", "port": 2465' \
    "list --json has the entry"
wrun "$exe" -F "$W" show 2465
sed -n '/^Host ucloud-job-2465/,/# ucjob: job=/p' "$cfg" >"$work/block"
same_bytes "$TMPD/run.out" "$work/block" "show prints the entry byte for byte, CRLF included"

wrun "$exe" -F "$W" add --no-verify 2466
is "$STATUS" 0 "a second add exits 0"
wrun "$exe" -F "$W" rm 2465 ucloud-job-2466
is "$STATUS" 0 "rm of both (by port and by alias) exits 0"
same_bytes "$cfg" "$work/orig" "add, add, rm gives back the original bytes"

# --- bad input: exit 2, nothing written ---------------------------------
for bad in "add 70000" "add 2465 --name -bad" "add ssh -o ProxyCommand=x ucloud@h -p 22" "rm" "frobnicate"; do
	# shellcheck disable=SC2086 # $bad is a word list
	wrun "$exe" -F "$W" $bad
	is "$STATUS" 2 "'$bad' is bad usage (exit 2)"
	same_bytes "$cfg" "$work/orig" "'$bad' leaves the file byte-identical"
done
wrun "$exe" -F "$W" rm 9999
is "$STATUS" 2 "rm of an unknown job is bad input (exit 2)"
like "$ERR" "^ucjob: no job '9999' in $W" "and says so on one line"
same_bytes "$cfg" "$work/orig" "and writes nothing"

# --- --dry-run --------------------------------------------------------
wrun "$exe" -F "$W" -n add --no-verify 2465
is "$STATUS" 0 "add --dry-run exits 0"
like "$OUT" '^\+# BEGIN ucjob' "and prints the diff"
same_bytes "$cfg" "$work/orig" "and writes nothing"

# --- the corpus: add then rm is the identity ----------------------------
n=0
bad=
for conf in "$TOP"/tests/configs/[0-9]*.conf; do
	cp "$conf" "$work/c"
	"$WINE" "$exe" -q -F "$(winpath "$work/c")" add --no-verify 2465 \
	    >/dev/null 2>"$work/err"
	a=$?
	"$WINE" "$exe" -q -F "$(winpath "$work/c")" rm 2465 \
	    >/dev/null 2>>"$work/err"
	r=$?
	[ "$a" -eq 0 ] && [ "$r" -eq 0 ] && cmp -s "$work/c" "$conf" ||
	    bad="$bad $(basename "$conf") (add $a, rm $r, $(cmp "$work/c" "$conf" 2>&1): $(head -c 200 "$work/err"))"
	n=$((n + 1))
done
is "${bad:-none}" none "add then rm gives back each of the $n corpus configs byte for byte"
bad=
for conf in "$TOP"/tests/configs/bad/*.conf; do
	cp "$conf" "$work/c"
	"$WINE" "$exe" -q -F "$(winpath "$work/c")" add --no-verify 2465 \
	    >/dev/null 2>"$work/err"
	status=$?
	[ "$status" -eq 1 ] && cmp -s "$work/c" "$conf" ||
	    bad="$bad $(basename "$conf") (exit $status: $(head -c 200 "$work/err"))"
done
is "${bad:-none}" none "each broken config (markers, UTF-16) is refused (exit 1) and left alone"

# --- Windows paths ------------------------------------------------------
jane="$work/Jane Doe/.ssh"
mkdir -p "$jane"
: >"$jane/id_ed25519"
: >"$jane/id_ed25519.pub"
backslashed=$(winpath "$jane/id_ed25519" | tr / '\\')
wrun "$exe" -F "$W" add --no-verify 2467 -i "$backslashed"
is "$STATUS" 0 "add -i with a backslashed path holding a blank exits 0"
like "$(cat "$cfg")" "^    IdentityFile \"$(winpath "$work")/Jane Doe/.ssh/id_ed25519\"[[:cntrl:]]?\$" \
    "it is written with forward slashes, in quotes"
wrun "$exe" -F "$W" rm 2467

utf8dir="$work/J$(printf '\303\270')rgen"
mkdir -p "$utf8dir"
cp "$work/orig" "$utf8dir/config"
wrun "$exe" -F "$(winpath "$utf8dir/config")" add --no-verify 2468
is "$STATUS" 0 "a config under a non-ASCII folder name is edited"
like "$(cat "$utf8dir/config")" "^Host ucloud-job-2468" "the entry is in that file"
wrun "$exe" -F "$(winpath "$utf8dir/config")" list --names
is "$OUT" "ucloud-job-2468" "and list reads it back"

# ~ is the profile folder, and the default config is ~/.ssh/config there.
mkdir -p "$PROFILE/.ssh"
: >"$PROFILE/.ssh/id_ed25519"
: >"$PROFILE/.ssh/id_ed25519.pub"
wrun "$exe" add --no-verify 2469
is "$STATUS" 0 "add without -F exits 0"
unlike "$ERR" "no key pair" "it finds the key pair in the profile folder"
like "$(cat "$PROFILE/.ssh/config" 2>&1)" "^    IdentityFile ~/.ssh/id_ed25519" \
    "it writes the profile folder's .ssh/config with IdentityFile ~/..."
like "$(cat "$PROFILE/.ssh/config" 2>&1)" "^    UserKnownHostsFile ~/.ssh/ucjob_known_hosts" \
    "and UserKnownHostsFile ~/..."

# %APPDATA%\ucjob\config, when no -c or UCJOB_CONFIG says otherwise.
mkdir -p "$PROFILE/AppData/Roaming/ucjob"
printf 'alias-prefix = "win-"\r\n' >"$PROFILE/AppData/Roaming/ucjob/config"
cp "$work/orig" "$cfg"
UCJOB_CONFIG= wrun "$exe" -F "$W" add --no-verify 2470
like "$OUT" "^added win-2470 " "the settings in the APPDATA folder's ucjob/config are read"

# --- ssh-keygen through CreateProcess -------------------------------------
mkdir -p "$work/bin"
cp "$HELPER_EXE" "$work/bin/ssh-keygen.exe"
# ucjob runs ssh-keygen -R only when the file may hold the alias.
printf 'win-2470 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH0stand0in0key0for0the0test\n' >"$work/kh"
printf 'known-hosts = "%s"\nssh-keygen = "%s"\n' "$(winpath "$work/kh")" \
    "$(winpath "$work/bin/ssh-keygen.exe")" >"$work/settings"
HELPER_RECORD=$(winpath "$work/record") wrun "$exe" -c "$(winpath "$work/settings")" -F "$W" rm win-2470
is "$STATUS" 0 "rm with a known-hosts file runs ssh-keygen and exits 0"
printf -- '-R\000win-2470\000-f\000%s\000\000' "$(winpath "$work/kh")" >"$work/record.want"
same_bytes "$work/record" "$work/record.want" \
    "ssh-keygen got -R ALIAS -f FILE, each argument intact"

# --- rule 8: ssh -G on the temporary, through CreateProcess -------------
cp "$HELPER_EXE" "$work/bin/ssh.exe"
printf 'ssh = "%s"\n' "$(winpath "$work/bin/ssh.exe")" >"$work/settings"
cp "$work/orig" "$cfg"
rm -f "$work/record"
HELPER_RECORD=$(winpath "$work/record") \
HELPER_OUTPUT="$(printf 'user ucloud\r\nhostname ssh.cloud.sdu.dk\r\nport 2480\r\nidentityfile ~/.ssh/id_ed25519\r\nhostkeyalias ucloud-job-2480\r\n')" \
    wrun "$exe" -c "$(winpath "$work/settings")" -F "$W" add 2480
is "$STATUS" 0 "add checks the new entry with the stand-in ssh -G and writes it"
like "$(cat "$cfg")" "^Host ucloud-job-2480" "the entry is in the file"
tr '\000' '\n' <"$work/record" >"$work/record.txt"
is "$(sed -n '1,3p;5,6p' "$work/record.txt" | tr '\n' ' ')" "-G -T -F -- ucloud-job-2480 " \
    "ssh got -G -T -F TEMPORARY -- ALIAS"
like "$(sed -n 4p "$work/record.txt")" "^$(winpath "$work")/\.config\.ucjob-tmp\." \
    "the temporary it read lies beside the config"
cp "$work/orig" "$cfg"
HELPER_RECORD=$(winpath "$work/record") \
HELPER_OUTPUT="$(printf 'user ucloud\r\nhostname ssh.cloud.sdu.dk\r\nport 2222\r\nidentityfile ~/.ssh/id_ed25519\r\nhostkeyalias ucloud-job-2481\r\n')" \
    wrun "$exe" -c "$(winpath "$work/settings")" -F "$W" add 2481
is "$STATUS" 1 "when ssh -G disagrees (port 2222), add fails (exit 1)"
like "$ERR" "port" "and names the option that disagrees"
same_bytes "$cfg" "$work/orig" "and writes nothing"
if ls -a "$work" | grep -q 'ucjob-tmp'; then
	fail "and leaves no temporary" "$(ls -a "$work")"
else
	ok "and leaves no temporary"
fi

# Another program changes the config while ssh -G reads the temporary:
# nothing is written over its change.
cp "$work/orig" "$cfg"
HELPER_RECORD=$(winpath "$work/record") HELPER_APPEND="$W" \
HELPER_OUTPUT="$(printf 'user ucloud\r\nhostname ssh.cloud.sdu.dk\r\nport 2482\r\nidentityfile ~/.ssh/id_ed25519\r\nhostkeyalias ucloud-job-2482\r\n')" \
    wrun "$exe" -c "$(winpath "$work/settings")" -F "$W" add 2482
is "$STATUS" 1 "a config changed by another program meanwhile is not replaced (exit 1)"
like "$ERR" "was changed by another program while ucjob was working; nothing written" \
    "and the error says so"
{ cat "$work/orig"; printf '# changed by another program\n'; } >"$work/changed.want"
same_bytes "$cfg" "$work/changed.want" "the other program's change is kept, ours not written"

# A config whose folder does not exist: nothing is made unless written.
newdir="$work/new folder/deeper"
wrun "$exe" -F "$(winpath "$newdir")/config" -n add --no-verify 2483
is "$STATUS" 0 "a dry run for a config in a missing folder exits 0"
if [ -e "$work/new folder" ]; then
	fail "and creates nothing"
else
	ok "and creates nothing"
fi
HELPER_RECORD=$(winpath "$work/record") \
HELPER_OUTPUT="$(printf 'user ucloud\r\nhostname ssh.cloud.sdu.dk\r\nport 2222\r\nidentityfile ~/.ssh/id_ed25519\r\nhostkeyalias ucloud-job-2483\r\n')" \
    wrun "$exe" -c "$(winpath "$work/settings")" -F "$(winpath "$newdir")/config" add 2483
is "$STATUS" 1 "an add that fails its ssh -G check there exits 1"
if [ -e "$newdir/config" ]; then
	fail "and writes no config" "$(ls -laR "$work/new folder")"
else
	ok "and writes no config"
fi
wrun "$exe" -F "$(winpath "$newdir")/config" add --no-verify 2483
is "$STATUS" 0 "a real add makes the folders and the config"
like "$(cat "$newdir/config" 2>&1)" "^Host ucloud-job-2483" "with the entry in it"

# Host names: IPv6 literals as inet_pton reads them (ntdll's parser).
cp "$work/orig" "$cfg"
for h in ::1 fe80::1 2001:db8::42 ::ffff:10.0.0.1; do
	wrun "$exe" -F "$W" add --no-verify 2484 --name "v6-$(printf '%s' "$h" | tr ':.' '__')" --host "$h"
	is "$STATUS" 0 "--host $h is taken"
done
for h in 1:2:3 :::: ::1x '[::1]'; do
	wrun "$exe" -F "$W" add --no-verify 2485 --host "$h"
	is "$STATUS" 2 "--host $h is refused"
done

# --- rule 5 with access control lists ----------------------------------
# Wine shows the Unix "other" bits as an ACE for Everyone, and a file of
# another Unix user as owned by another account.
cp "$work/orig" "$cfg"
chmod 666 "$cfg"
wrun "$exe" -F "$W" add --no-verify 2471
is "$STATUS" 1 "a config writable by Everyone is refused (exit 1)"
like "$ERR" "^ucjob: $W is writable by Everyone, which OpenSSH refuses; fix it with: icacls " \
    "the reason names who may write it, and the fix"
same_bytes "$cfg" "$work/orig" "and the file is left alone"
wrun "$exe" -F "$W" -n add --no-verify 2471
is "$STATUS" 1 "so is a dry run on it (exit 1), no diff shown"
is "$OUT" "" "nothing on stdout"
chmod 644 "$cfg"
wrun "$exe" -F "$W" add --no-verify 2471
is "$STATUS" 0 "readable by Everyone is fine" || diag "$ERR"
cp "$work/orig" "$cfg"
if [ "$(id -u)" -eq 0 ] && chown nobody "$cfg" 2>/dev/null; then
	wrun "$exe" -F "$W" add --no-verify 2472
	is "$STATUS" 1 "a config owned by another account is refused (exit 1)"
	like "$ERR" "is owned by .*, not by you; OpenSSH would refuse it too" \
	    "the reason says whose it is"
	same_bytes "$cfg" "$work/orig" "and the file is left alone"
	chown "$(id -u)" "$cfg"
else
	skip "a config owned by another account is refused" "needs root for chown"
	skip "the reason says whose it is" "needs root for chown"
	skip "and the file is left alone" "needs root for chown"
fi

# --- ssh, code and doctor ------------------------------------------------
cp "$work/orig" "$cfg"
wrun "$exe" -F "$W" add --no-verify 2490
rm -f "$work/record"
HELPER_RECORD=$(winpath "$work/record") \
    wrun "$exe" -c "$(winpath "$work/settings")" -F "$W" ssh 2490 uname -a
is "$STATUS" 0 "ssh runs the ssh program and exits with its status (0)"
printf -- '-F\000%s\000--\000ucloud-job-2490\000uname\000-a\000\000' "$W" \
    >"$work/record.want"
same_bytes "$work/record" "$work/record.want" \
    "it gets -F CONFIG -- ALIAS COMMAND, each argument intact"
printf 'ssh = "%s"\n' "$(winpath "$HELPER_EXE")" >"$work/settings.plain"
wrun "$exe" -c "$(winpath "$work/settings.plain")" -F "$W" ssh 2490
is "$STATUS" 126 "ucjob ssh exits with the program's own status (126)"

# VS Code's code is code.cmd: a stand-in on PATH (WINEPATH) records.
mkdir -p "$work/vscode bin"
printf '@"%s" %%*\r\n' "$(winpath "$HELPER_EXE" | tr / '\\')" \
    >"$work/vscode bin/code.cmd"
rm -f "$work/record"
HELPER_RECORD=$(winpath "$work/record") \
WINEPATH=$(winpath "$work/vscode bin" | tr / '\\') \
    wrun "$exe" -F "$W" code 2490 "/work/my project"
is "$STATUS" 0 "code runs VS Code's code.cmd through cmd.exe"
printf -- '--remote\000ssh-remote+ucloud-job-2490\000/work/my project\000\000' \
    >"$work/record.want"
same_bytes "$work/record" "$work/record.want" \
    "it gets --remote ssh-remote+ALIAS DIR, the blank kept"
HELPER_RECORD=$(winpath "$work/record") \
WINEPATH=$(winpath "$work/vscode bin" | tr / '\\') \
    wrun "$exe" -F "$W" code 2490 "/work/a&calc"
is "$STATUS" 1 "a directory with & is not passed to code.cmd (exit 1)"
like "$ERR" "batch file" "and the error says why"

printf 'ssh = "%s"\nssh-keygen = "%s"\n' "$(winpath "$work/bin/ssh.exe")" \
    "$(winpath "$work/bin/ssh-keygen.exe")" >"$work/settings"
HELPER_RECORD=$(winpath "$work/record") \
HELPER_OUTPUT="OpenSSH_for_Windows_9.5p1, LibreSSL 3.8.2" \
    wrun "$exe" -c "$(winpath "$work/settings")" -F "$W" doctor
like "$OUT" "^ok   ssh: OpenSSH_for_Windows_9.5p1 \\($(winpath "$work")/bin/ssh.exe\\)" \
    "doctor finds ssh and reads its version"
like "$OUT" "^ok   $W: owner and permissions are fine" \
    "doctor checks the config's owner and permissions"
chmod 666 "$cfg"
HELPER_RECORD=$(winpath "$work/record") \
    wrun "$exe" -c "$(winpath "$work/settings")" -F "$W" doctor
like "$OUT" "^fail $W is writable by Everyone, which OpenSSH refuses; fix: icacls " \
    "doctor fails a config writable by Everyone, naming the fix"
chmod 644 "$cfg"

# --- key --copy: clip.exe gets the public key in UTF-16LE --------------
rm -f "$PROFILE/.ssh/id_ed25519" "$PROFILE/.ssh/id_ed25519.pub"
ssh-keygen -q -t ed25519 -N '' -C "J$(printf '\303\270')rgen p$(printf '\303\245') Windows" \
    -f "$PROFILE/.ssh/id_ed25519" >/dev/null
mkdir -p "$work/clipbin"
cp "$HELPER_EXE" "$work/clipbin/clip.exe"
rm -f "$work/record"
HELPER_RECORD=$(winpath "$work/record") \
WINEPATH=$(winpath "$work/clipbin" | tr / '\\') \
    wrun "$exe" key --copy
is "$STATUS" 0 "key --copy finds the key pair in the profile folder and exits 0"
same_bytes "$TMPD/run.out" "$PROFILE/.ssh/id_ed25519.pub" \
    "it prints the public key, byte for byte"
like "$ERR" "copied to the clipboard with clip" "and says it copied it with clip"
{ printf '\000'; iconv -f UTF-8 -t UTF-16LE "$PROFILE/.ssh/id_ed25519.pub"; } \
    >"$work/record.want"
same_bytes "$work/record" "$work/record.want" \
    "clip.exe got the key as UTF-16LE, its non-ASCII comment intact"

WINEPATH=$(winpath "$work/clipbin" | tr / '\\') wrun "$exe" -F "$W" doctor
like "$OUT" "^ok   clipboard: $(winpath "$work")/clipbin/clip.exe\$" \
    "doctor names the clip.exe that key --copy would use"
wrun "$exe" -F "$W" doctor
like "$OUT" "^warn clipboard: .*clip.exe ships with Windows" \
    "without one, doctor warns with the Windows hint"

# --- concurrency: LockFileEx -------------------------------------------
cp "$work/orig" "$cfg"
pids=
for port in 3001 3002 3003 3004 3005 3006; do
	"$WINE" "$exe" -q -F "$W" add --no-verify "$port" >/dev/null 2>&1 &
	pids="$pids $!"
done
# shellcheck disable=SC2086
wait $pids
wrun "$exe" -F "$W" list --names
is "$(printf '%s\n' "$OUT" | sort | tr '\n' ' ')" \
    "ucloud-job-3001 ucloud-job-3002 ucloud-job-3003 ucloud-job-3004 ucloud-job-3005 ucloud-job-3006 " \
    "six concurrent adds lose no entry"
if [ -e "$work/.config.ucjob.lock" ]; then
	fail "the lock file is gone once all are done"
else
	ok "the lock file is gone once all are done"
fi

# --- the notices that ship with the static executable (issue 15) ------
if [ -s "$WIN_BUILD/LICENSE.libconfuse" ] &&
    grep -qi "copyright" "$WIN_BUILD/LICENSE.libconfuse"; then
	ok "libconfuse's license notice lies beside ucjob.exe"
else
	fail "libconfuse's license notice lies beside ucjob.exe" \
	    "$(ls -la "$WIN_BUILD")"
fi

done_testing
