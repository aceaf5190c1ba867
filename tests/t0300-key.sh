#!/bin/sh
# tests/t0300-key.sh - `ucjob key` with the real ssh-keygen in a temporary
# HOME, without a terminal (every run is under `setsid -w`, so even `make
# check` typed in a terminal cannot make ssh-keygen prompt): generate, find
# again without regenerating, the fingerprint ssh-keygen -l prints, file
# modes, refusal to overwrite, only id_rsa, a .pub whose private half is
# gone, a private key without .pub, bad options. The terminal cases are in
# t0320-key-terminal.sh, the clipboard in t0310-key-clipboard.sh.

. "$(dirname "$0")/lib/lib.sh"

command -v setsid >/dev/null 2>&1 || skip_all "setsid (util-linux) is missing"
KEYGEN=$(command -v ssh-keygen) || skip_all "ssh-keygen is missing"

# u ARG...: ucjob without a controlling terminal.  ue VAR=VALUE... CMD...:
# CMD so, with other environment values.
u() {
	setsid -w "$UCJOB" "$@"
}
ue() {
	setsid -w env "$@"
}

# snapshot DIR: a listing of DIR with modes, sizes and checksums.
snapshot() {
	(cd "$1" 2>/dev/null && for f in .* *; do
		[ -f "$f" ] && printf '%s %s %s\n' "$f" "$(file_mode "$f")" \
		    "$(cksum <"$f")"
	done) 2>/dev/null
	printf 'dir %s\n' "$(file_mode "$1" 2>/dev/null)"
}

# has TEXT STRING DESC: TEXT contains STRING (no pattern characters).
has() {
	case $1 in
	*"$2"*) ok "$3" ;;
	*) fail "$3" "no \"$2\" in:" "$1" ;;
	esac
}

SSHD=$HOME/.ssh
PRIV=$SSHD/id_ed25519

# A fresh account: no ~/.ssh at all.
run u key --no-passphrase
is "$STATUS" 0 "key on a fresh account succeeds"
check "it made ~/.ssh/id_ed25519" test -f "$PRIV"
check "and ~/.ssh/id_ed25519.pub" test -f "$PRIV.pub"
same_bytes "$TMPD/run.out" "$PRIV.pub" "stdout is exactly the .pub file"
is "$(file_mode "$SSHD")" drwx------ "~/.ssh is created 0700"
is "$(file_mode "$PRIV")" -rw------- "the private key is 0600"
is "$(file_mode "$PRIV.pub")" -rw-r--r-- "the public key is 0644"
is "$(cut -d' ' -f3- "$PRIV.pub")" "$(id -un)@$(hostname)" \
    "the comment defaults to user@hostname"
like "$ERR" "Resources .* SSH keys" "stderr says where to paste it"
"$KEYGEN" -l -f "$PRIV.pub" >"$TMPD/l.out"
fpr=$(cut -d' ' -f2 "$TMPD/l.out")
has "$ERR" "fingerprint $fpr (ED25519, 256 bits) " \
    "stderr has the fingerprint that ssh-keygen -l prints"
check "the private key opens without a passphrase (--no-passphrase)" \
    sh -c '"$1" -y -P "" -f "$2" >/dev/null' sh "$KEYGEN" "$PRIV"

# Twice: found again, not regenerated.
snapshot "$SSHD" >"$TMPD/before"
cp "$TMPD/run.out" "$TMPD/first.out"
run u key
is "$STATUS" 0 "key a second time succeeds (no --no-passphrase needed)"
same_bytes "$TMPD/run.out" "$TMPD/first.out" "it prints the same key"
snapshot "$SSHD" >"$TMPD/after"
same_bytes "$TMPD/after" "$TMPD/before" "nothing in ~/.ssh changed"
unlike "$ERR" "created" "and nothing was created"

# --new refuses to overwrite.
run u key --new --no-passphrase
is "$STATUS" 2 "--new where the key exists is refused (exit 2)"
is "$OUT" "" "nothing on stdout"
like "$ERR" "^ucjob: .*id_ed25519 exists already" "the error names the file"
snapshot "$SSHD" >"$TMPD/after"
same_bytes "$TMPD/after" "$TMPD/before" "the key files are byte-identical"

# --new elsewhere, with type and comment.
run u key --new --no-passphrase --type ecdsa --file "$SSHD/work" \
    --comment 'Ann Smith (work)'
is "$STATUS" 0 "--new --file --type ecdsa --comment makes another key"
same_bytes "$TMPD/run.out" "$SSHD/work.pub" "its public key is printed"
is "$(cut -d' ' -f1 "$SSHD/work.pub")" ecdsa-sha2-nistp256 "of the type asked"
is "$(cut -d' ' -f3- "$SSHD/work.pub")" "Ann Smith (work)" "with the comment asked"
has "$ERR" "$("$KEYGEN" -l -f "$SSHD/work.pub" | cut -d' ' -f2) (ECDSA, 256 bits) Ann Smith (work)" \
    "the fingerprint line keeps a comment with spaces"
run u key --file "$SSHD/work"
is "$STATUS:$(cmp -s "$TMPD/run.out" "$SSHD/work.pub" && echo same)" 0:same \
    "--file finds an existing key"
run u key --file "~/.ssh/work"
is "$STATUS:$(cmp -s "$TMPD/run.out" "$SSHD/work.pub" && echo same)" 0:same \
    "--file expands ~/"
run ue UCJOB_IDENTITY_FILE="$SSHD/work" "$UCJOB" key
is "$STATUS:$(cmp -s "$TMPD/run.out" "$SSHD/work.pub" && echo same)" 0:same \
    "the identity-file setting names the key"

# -q: the key and nothing else.
run u -q key
is "$STATUS:$ERR" "0:" "-q: nothing on stderr"
same_bytes "$TMPD/run.out" "$PRIV.pub" "-q: the key on stdout"

# No terminal and no --no-passphrase: refused before anything is made.
run ue HOME=$TMPD/h2 "$UCJOB" key
is "$STATUS" 2 "a new key without a terminal needs --no-passphrase (exit 2)"
like "$ERR" "no terminal .*--no-passphrase" "the error says what to do"
check "nothing was created" test ! -e "$TMPD/h2/.ssh"

# --dry-run: says what it would do, makes nothing.
run ue HOME=$TMPD/h2 "$UCJOB" -n key --no-passphrase
is "$STATUS" 0 "key -n on a fresh account exits 0"
like "$ERR" "would create .*/h2/.ssh/id_ed25519 with: .*ssh-keygen -t ed25519" \
    "it says what it would run"
check "nothing was created by -n" test ! -e "$TMPD/h2/.ssh"

# A machine with only id_rsa.
H3=$TMPD/h3
mkdir -p "$H3/.ssh" && chmod 700 "$H3/.ssh"
"$KEYGEN" -q -t rsa -N '' -C rsa@old -f "$H3/.ssh/id_rsa" >/dev/null
snapshot "$H3/.ssh" >"$TMPD/before"
run ue HOME=$H3 "$UCJOB" key
is "$STATUS" 0 "only id_rsa: key succeeds"
same_bytes "$TMPD/run.out" "$H3/.ssh/id_rsa.pub" "only id_rsa: it prints id_rsa.pub"
like "$ERR" "\\(RSA, 3072 bits\\) rsa@old" "only id_rsa: its fingerprint"
snapshot "$H3/.ssh" >"$TMPD/after"
same_bytes "$TMPD/after" "$TMPD/before" "only id_rsa: no new key is made"

# A pair whose private key has a passphrase: printed without asking for it.
H10=$TMPD/h10
mkdir -p "$H10/.ssh"
"$KEYGEN" -q -t ed25519 -N secret -C locked -f "$H10/.ssh/id_ed25519" >/dev/null
run ue HOME=$H10 "$UCJOB" key
is "$STATUS" 0 "an encrypted pair: key succeeds without a terminal"
same_bytes "$TMPD/run.out" "$H10/.ssh/id_ed25519.pub" "an encrypted pair: its .pub is printed"

# A .pub whose private half was deleted does not count.
cp "$PRIV.pub" "$H3/.ssh/id_ed25519.pub"
snapshot "$H3/.ssh" >"$TMPD/before"
run ue HOME=$H3 "$UCJOB" key
is "$STATUS" 0 "a lone id_ed25519.pub beside id_rsa: key succeeds"
same_bytes "$TMPD/run.out" "$H3/.ssh/id_rsa.pub" "the lone .pub is passed over for id_rsa"
like "$ERR" "ignoring .*/id_ed25519.pub: its private key .* is gone" \
    "the lone .pub is mentioned"
snapshot "$H3/.ssh" >"$TMPD/after"
same_bytes "$TMPD/after" "$TMPD/before" "nothing changed"

H4=$TMPD/h4
mkdir -p "$H4/.ssh" && chmod 700 "$H4/.ssh"
cp "$PRIV.pub" "$H4/.ssh/id_ed25519.pub"
snapshot "$H4/.ssh" >"$TMPD/before"
run ue HOME=$H4 "$UCJOB" key --no-passphrase
is "$STATUS" 1 "only a lone id_ed25519.pub: key fails (exit 1)"
is "$OUT" "" "nothing on stdout"
like "$ERR" "id_ed25519.pub has no private key .*move it away" \
    "the error explains and says what to do"
snapshot "$H4/.ssh" >"$TMPD/after"
same_bytes "$TMPD/after" "$TMPD/before" "the lone .pub is not overwritten"

# A private key without .pub, no terminal: derived and printed, not written.
H5=$TMPD/h5
mkdir -p "$H5/.ssh" && chmod 700 "$H5/.ssh"
"$KEYGEN" -q -t ed25519 -N '' -C lone@key -f "$H5/.ssh/id_ed25519" >/dev/null
mv "$H5/.ssh/id_ed25519.pub" "$TMPD/h5.pub"
run ue HOME=$H5 "$UCJOB" key
is "$STATUS" 0 "a private key without .pub: key succeeds"
same_bytes "$TMPD/run.out" "$TMPD/h5.pub" "it prints the public key derived from the private key"
check "without a terminal to ask, no .pub is written" test ! -e "$H5/.ssh/id_ed25519.pub"
like "$ERR" "ssh-keygen -y -f .*id_ed25519 > .*id_ed25519.pub" \
    "it says how to keep the .pub"

# An encrypted private key without .pub and no terminal: fails cleanly.
"$KEYGEN" -q -t ed25519 -N secret -C enc -f "$TMPD/h6key" >/dev/null
mkdir -p "$TMPD/h6/.ssh" && mv "$TMPD/h6key" "$TMPD/h6/.ssh/id_ed25519"
run ue HOME=$TMPD/h6 "$UCJOB" key
is "$STATUS" 1 "an encrypted key without .pub and no terminal: exit 1"
is "$OUT" "" "nothing on stdout"
like "$ERR" "^ucjob: cannot read the public key from the private key" \
    "the error says what failed"

# ssh-keygen missing.
mkdir -p "$TMPD/nobin" "$TMPD/h7"
run ue HOME=$TMPD/h7 PATH=$TMPD/nobin "$UCJOB" key --no-passphrase
is "$STATUS" 1 "no ssh-keygen: exit 1"
like "$ERR" "^ucjob: ssh-keygen not found: " "the error names ssh-keygen and a hint"
run ue PATH=$TMPD/nobin "$UCJOB" key
is "$STATUS" 0 "an existing pair is printed even without ssh-keygen"
same_bytes "$TMPD/run.out" "$PRIV.pub" "the key is on stdout"
like "$ERR" "no fingerprint: ssh-keygen not found" "the missing fingerprint is explained"

# A .pub that is no key.
H8=$TMPD/h8
mkdir -p "$H8/.ssh"
"$KEYGEN" -q -t ed25519 -N '' -f "$H8/.ssh/id_ed25519" >/dev/null
printf 'hello world\n' >"$H8/.ssh/id_ed25519.pub"
run ue HOME=$H8 "$UCJOB" key
is "$STATUS:$OUT" "1:" "a .pub that is no key line: exit 1, nothing on stdout"
printf 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJF1ATgMvRhkAAAA x\n' >"$H8/.ssh/id_ed25519.pub"
run ue HOME=$H8 "$UCJOB" key
is "$STATUS:$OUT" "1:" "a .pub that ssh-keygen -l rejects: exit 1, nothing on stdout"
like "$ERR" "does not hold a valid public key" "and the error says so"

# Bad options: exit 2, one line, nothing made.
bad() {
	_desc=$1
	shift
	run ue HOME=$TMPD/h9 "$UCJOB" key "$@"
	if [ "$STATUS" = 2 ] && [ -z "$OUT" ] && [ ! -e "$TMPD/h9" ] &&
	    [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ]; then
		ok "$_desc"
	else
		fail "$_desc" "exit $STATUS" "stdout: $OUT" "stderr: $ERR"
	fi
}
bad "--type dsa" --type dsa --no-passphrase
bad "--comment with a newline" --comment 'a
b' --no-passphrase
bad "--file naming the .pub" --file "$TMPD/k.pub" --no-passphrase
bad "--file ''" --file '' --no-passphrase
bad "an extra argument" --no-passphrase extra
bad "an unknown option" --no-passphrase --bogus
bad "--file naming nothing (a typo) off a terminal" --file "$TMPD/h9/.ssh/id_ed2551" --no-passphrase
like "$ERR" "no key at .*id_ed2551 \\(a typo\\?\\).*--new" "saying it may be a typo and how to create one"
run ue HOME=$TMPD/h10 "$UCJOB" key --new --no-passphrase --file "$TMPD/h10/.ssh/work"
is "$STATUS" 0 "--file naming nothing with --new: the key is made"
same_bytes "$TMPD/h10/.ssh/work.pub" /dev/stdin "and printed" <<EOF
$OUT
EOF

# Only a pair of another name (~/.ssh/ucloud): key names it and makes
# nothing; --new makes id_ed25519; then key says which one it prints.
H11=$TMPD/h11
mkdir -p "$H11/.ssh" && chmod 700 "$H11/.ssh"
ssh-keygen -q -t ed25519 -N '' -C other -f "$H11/.ssh/ucloud" >/dev/null
snapshot "$H11/.ssh" >"$TMPD/h11.before"
run ue HOME=$H11 "$UCJOB" key --no-passphrase
is "$STATUS:$OUT" "2:" "only ~/.ssh/ucloud: key exits 2 off a terminal, nothing on stdout"
like "$ERR" "no key pair with a default name.*holds $H11/.ssh/ucloud.*ucjob key --file FILE.*identity-file.*ucjob key --new" \
    "naming the pair found and how to use it or make another"
is "$(snapshot "$H11/.ssh")" "$(cat "$TMPD/h11.before")" "and nothing in ~/.ssh changed"
run ue HOME=$H11 "$UCJOB" key --file "$H11/.ssh/ucloud"
is "$STATUS" 0 "key --file ~/.ssh/ucloud prints it"
run ue HOME=$H11 "$UCJOB" key --no-passphrase --file "$H11/.ssh/uclod"
is "$STATUS:$OUT" "2:" "key --file with a typo beside a pair: exit 2"
like "$ERR" "no key at $H11/.ssh/uclod: did you mean $H11/.ssh/ucloud\\?" \
    "naming the pair meant"
check "and no key is made" test ! -e "$H11/.ssh/uclod"
run ue HOME=$H11 "$UCJOB" key --new --no-passphrase
is "$STATUS" 0 "key --new makes id_ed25519 beside it"
run ue HOME=$H11 "$UCJOB" key
like "$ERR" "using $H11/.ssh/id_ed25519; ~/.ssh also holds $H11/.ssh/ucloud" \
    "with two pairs, key says which one it prints"

done_testing
