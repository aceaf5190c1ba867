#!/bin/sh
# tests/t0100-add-rm.sh - end to end, no server: add, rm, list, show,
# --dry-run, --print, settings, and the file rules of SPEC.md section 3
# (bytes outside the block kept, placement, symlinks, modes, backup,
# refused permissions, broken markers, UTF-16, no lock or temp files left);
# a dry run refuses what the real run refuses (rule 5).

. "$(dirname "$0")/lib/lib.sh"

mkdir -m 700 "$HOME/.ssh"
ssh-keygen -q -t ed25519 -N '' -C t0100 -f "$HOME/.ssh/id_ed25519" >/dev/null ||
	fail "ssh-keygen makes the test key"
KNOWN=$HOME/.ssh/ucjob_known_hosts
W=$TMPD/w
mkdir "$W"

u() {
	"$UCJOB" "$@"
}

# new_config NAME FORMAT [ARG...]: $W/NAME/config from printf FORMAT ARG...,
# with a copy in $W/NAME/orig. Sets CFG and ORIG.
new_config() {
	mkdir -p "$W/$1"
	CFG=$W/$1/config
	ORIG=$W/$1/orig
	_fmt=$2
	shift 2
	# shellcheck disable=SC2059 # the format is the sample
	printf "$_fmt" "$@" >"$CFG"
	cp "$CFG" "$ORIG"
}

# crlf_config NAME: like new_config, the PLAIN sample with CRLF line ends.
crlf_config() {
	new_config "$1" ''
	printf '%s' "$PLAIN" | awk '{ printf "%s\r\n", $0 }' >"$CFG"
	cp "$CFG" "$ORIG"
}

# effective CFG ALIAS KEYWORD: what `ssh -G` makes of KEYWORD for ALIAS.
effective() {
	ssh -G -T -F "$1" "$2" 2>/dev/null </dev/null | sed -n "s/^$3 //p"
}

# line_of FILE ERE: number of the first line of FILE matching ERE (or 0).
line_of() {
	awk -v re="$2" '$0 ~ re { print NR; found = 1; exit } END { if (!found) print 0 }' "$1"
}

# expected_head PORT: the first ten lines of a default entry for PORT.
expected_head() {
	cat <<EOF
Host ucloud-job-$1
    HostName ssh.cloud.sdu.dk
    Port $1
    User ucloud
    IdentityFile $HOME/.ssh/id_ed25519
    IdentitiesOnly yes
    HostKeyAlias ucloud-job-$1
    UserKnownHostsFile $KNOWN
    CheckHostIP no
    HashKnownHosts no
EOF
}

# unchanged_refusal DESC EXPECTED_STATUS: the last run failed with that
# status, said why on stderr and left $CFG as $ORIG.
unchanged_refusal() {
	is "$STATUS" "$2" "$1: exit $2"
	like "$ERR" '^ucjob: ' "$1: says why on stderr"
	same_bytes "$CFG" "$ORIG" "$1: file unchanged"
}

PLAIN='# ~/.ssh/config of a researcher
ServerAliveInterval=30
AddKeysToAgent yes
Include config.d/*

Host github.com
	HostName github.com
	User git
	IdentityFile ~/.ssh/id_github

Host hpc login.hpc.example.org
    HostName login.hpc.example.org
    User  alice
    ForwardX11 = no

Host *
    ServerAliveCountMax 3
'
LONG=$(awk 'BEGIN { for (i = 0; i < 5000; i++) printf "x" }')

# --- Rule 1: add then rm returns the original bytes ----------------------

# round_trip NAME: add 2465, then rm it, on the sample in $CFG.
round_trip() {
	run u -F "$CFG" add 2465 </dev/null
	is "$STATUS" 0 "$1: add exits 0"
	if cmp -s "$CFG" "$ORIG"; then
		fail "$1: add changed the file"
	else
		ok "$1: add changed the file"
	fi
	run u -F "$CFG" rm 2465 </dev/null
	is "$STATUS" 0 "$1: rm exits 0"
	same_bytes "$CFG" "$ORIG" "$1: add + rm gives the original bytes"
}

new_config plain '%s' "$PLAIN"
round_trip "plain config"
crlf_config crlf
round_trip "CRLF config"
new_config nofinal 'Host old\n    HostName old.example.org'
round_trip "no final newline"
new_config empty ''
round_trip "empty file"
new_config toponly '# only top-level options\nServerAliveInterval 60\n'
round_trip "no Host or Match line"
new_config long '# %s\nHost a\n\tHostName a.example.org\n' "$LONG"
round_trip "5000-byte line"
new_config match 'Match host *.example.org\n    User bob\n\nHost *\n    Compression yes\n'
round_trip "Match first"
new_config mixed 'Host\tfoo  \n\tHostName\tfoo.example.org\n   \n  Host bar\n    hostname=bar.example.org # trailing comment\n'
round_trip "tabs, trailing blanks, Key=Value, indented Host"
new_config bom '\357\273\277# saved by an editor with a BOM\nHost a\n    HostName a.example.org\n'
run u -F "$CFG" add 2465 </dev/null
is "$STATUS" 0 "UTF-8 BOM: add exits 0"
like "$ERR" '^ucjob: ' "UTF-8 BOM: add warns (OpenSSH rejects the file)"
is "$(head -c 3 "$CFG" | od -An -tx1 | tr -d ' ')" efbbbf "UTF-8 BOM: kept"
run u -F "$CFG" rm 2465 </dev/null
same_bytes "$CFG" "$ORIG" "UTF-8 BOM: add + rm gives the original bytes"

# --- Rule 2: placement and line endings ----------------------------------

new_config place '%s' "$PLAIN"
u -F "$CFG" add 2465 </dev/null >/dev/null 2>&1
begin=$(line_of "$CFG" '^# BEGIN ucjob')
include=$(line_of "$CFG" '^Include ')
first_host=$(line_of "$CFG" '^Host github')
if [ "$begin" -gt "$include" ] && [ "$begin" -lt "$first_host" ]; then
	ok "block goes after top-level options and Include, before the first Host"
else
	fail "block goes after top-level options and Include, before the first Host" \
	    "BEGIN at line $begin, Include at $include, first Host at $first_host" \
	    "$(cat "$CFG")"
fi
is "$(sed -n "$begin"p "$CFG")" '# BEGIN ucjob (managed by ucjob; edit with `ucjob add/rm`)' \
    "BEGIN marker as documented"
u -F "$CFG" add 2466 </dev/null >/dev/null 2>&1
is "$(line_of "$CFG" '^# BEGIN ucjob')" "$begin" "an existing block stays where it is"
is "$(grep -c '^# BEGIN ucjob' "$CFG")" 1 "a second add adds no second block"

new_config placematch 'Match host *.example.org\n    User bob\n'
u -F "$CFG" add 2465 </dev/null >/dev/null 2>&1
is "$(line_of "$CFG" '^# BEGIN ucjob')" 1 "block goes before a first Match line"

new_config placeend '# only top-level options\nServerAliveInterval 60\n'
u -F "$CFG" add 2465 </dev/null >/dev/null 2>&1
is "$(tail -n 1 "$CFG")" '# END ucjob' "no Host or Match line: block at the end"
is "$(head -n 2 "$CFG")" "$(head -n 2 "$ORIG")" "no Host or Match line: top lines kept first"

crlf_config placecrlf
u -F "$CFG" add 2465 </dev/null >/dev/null 2>&1
total=$(wc -l <"$CFG")
with_cr=$(grep -c "$(printf '\r')\$" "$CFG")
is "$with_cr" "$total" "CRLF file: the new lines end in CRLF too"

# --- A first entry: show, list, what ssh makes of it ---------------------

new_config main '%s' "$PLAIN"
before=$(date -u +%s)
run u -F "$CFG" add 2465 </dev/null
after=$(date -u +%s)
is "$STATUS" 0 "add PORT exits 0"
same_bytes "$W/main/.config.ucjob~" "$ORIG" "backup CONFIG.ucjob~ holds the previous bytes"
run u -F "$CFG" show 2465
is "$STATUS" 0 "show PORT exits 0"
is "$(printf '%s\n' "$OUT" | sed -n 1,10p)" "$(expected_head 2465)" "show: the entry as documented"
like "$(printf '%s\n' "$OUT" | sed -n 11p)" '^    # ucjob: (.* )?added=[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' \
    "show: added= in UTC"
# The clock is time(), whatever SOURCE_DATE_EPOCH says (lib.sh sets it).
added=$(printf '%s\n' "$OUT" | sed -n 's/^    # ucjob: .*added=//p')
added=$(date -u -d "$added" +%s 2>/dev/null || echo 0)
check "added= is the time of the add, not SOURCE_DATE_EPOCH ($SOURCE_DATE_EPOCH)" \
    test "$added" -ge "$before" -a "$added" -le "$after"
is "$OUT" "$(entry_in_file "$CFG" ucloud-job-2465)" "show prints the entry as it stands in the file"
run u -F "$CFG" show ucloud-job-2465
is "$OUT" "$(entry_in_file "$CFG" ucloud-job-2465)" "show ALIAS works too"
is "$(effective "$CFG" ucloud-job-2465 hostname)" ssh.cloud.sdu.dk "ssh -G: hostname"
is "$(effective "$CFG" ucloud-job-2465 port)" 2465 "ssh -G: port"
is "$(effective "$CFG" ucloud-job-2465 user)" ucloud "ssh -G: user"
is "$(effective "$CFG" ucloud-job-2465 hostkeyalias)" ucloud-job-2465 "ssh -G: hostkeyalias"

cp "$CFG" "$W/main/after1"
run u -F "$CFG" add --job 4398201 -L 8888 -L 8080:80 -o ServerAliveCountMax=7 2466 </dev/null
is "$STATUS" 0 "add with --job, -L and -o exits 0"
same_bytes "$W/main/.config.ucjob~" "$W/main/after1" "the backup rolls to the previous version"
run u -F "$CFG" show 2466
like "$OUT" '^    # ucjob: job=4398201 added=[0-9-]{10}T[0-9:]{8}Z$' "--job is recorded"
like "$OUT" '^    LocalForward 8888 localhost:8888$' "-L LOCAL forwards to the same port"
like "$OUT" '^    LocalForward 8080 localhost:80$' "-L LOCAL:REMOTE"
like "$OUT" '^    ServerAliveCountMax 7$' "-o KEY=VALUE becomes a line"

run u -F "$CFG" list
is "$STATUS" 0 "list exits 0"
like "$OUT" 'ucloud-job-2465 +ucloud@ssh\.cloud\.sdu\.dk:2465' "list shows alias and user@host:port"
like "$OUT" 'ucloud-job-2466 +ucloud@ssh\.cloud\.sdu\.dk:2466 +4398201 +[0-9]{4}-[0-9]{2}-[0-9]{2}' \
    "list shows the job id and the date added"
run u -F "$CFG" list --names
is "$OUT" "ucloud-job-2465
ucloud-job-2466" "list --names: one alias per line, in file order"
run u -F "$CFG" list --json
like "$(printf '%s' "$OUT" | tr -d '\n')" '^ *\[.*"ucloud-job-2466".*\] *$' "list --json: an array naming the aliases"
if command -v python3 >/dev/null 2>&1; then
	check "list --json is valid JSON" python3 -c 'import json, sys; json.load(sys.stdin)' <"$TMPD/run.out"
else
	skip "list --json is valid JSON" "no python3"
fi

# --- Idempotence, update in place, dry run, --print ----------------------

cp "$CFG" "$W/main/before"
run u -F "$CFG" add 2465 </dev/null
is "$STATUS" 0 "re-add of the same job exits 0"
same_bytes "$CFG" "$W/main/before" "re-add of the same job changes nothing"
run u -F "$CFG" add --host other.example.org 2465 </dev/null
is "$(grep -c '^Host ucloud-job-2465$' "$CFG")" 1 "re-add with another host: still one entry"
is "$(effective "$CFG" ucloud-job-2465 hostname)" other.example.org "re-add updates the entry"
run u -F "$CFG" list --names
is "$OUT" "ucloud-job-2465
ucloud-job-2466" "re-add keeps the entry's position"

cp "$CFG" "$W/main/before"
cp "$W/main/.config.ucjob~" "$W/main/backup-before"
run u -F "$CFG" -n add 2467 </dev/null
is "$STATUS" 0 "-n add exits 0"
like "$OUT" '^--- a/' "-n add prints a unified diff (---)"
like "$OUT" '^\+\+\+ b/' "-n add prints a unified diff (+++)"
like "$OUT" '^\+Host ucloud-job-2467$' "-n add shows the new entry"
same_bytes "$CFG" "$W/main/before" "-n add writes nothing"
run u -F "$CFG" rm --dry-run 2465 </dev/null
is "$STATUS" 0 "rm --dry-run exits 0"
like "$OUT" '^-Host ucloud-job-2465$' "rm --dry-run shows the removed entry"
same_bytes "$CFG" "$W/main/before" "rm --dry-run writes nothing"
same_bytes "$W/main/.config.ucjob~" "$W/main/backup-before" "a dry run leaves the backup alone"

run u -F "$CFG" add --print 2468 </dev/null
is "$STATUS" 0 "add --print exits 0"
like "$OUT" '^Host ucloud-job-2468$' "add --print writes the entry to stdout"
like "$OUT" '^    Port 2468$' "add --print: the port"
same_bytes "$CFG" "$W/main/before" "add --print writes no file"
run u -F "$W/main/nonexistent" add --print 2468 </dev/null
if [ -e "$W/main/nonexistent" ]; then
	fail "add --print creates no file"
else
	ok "add --print creates no file"
fi

# --- Host keys are forgotten with the entry ------------------------------

hostkey=$(cut -d' ' -f1,2 "$HOME/.ssh/id_ed25519.pub")
printf 'ucloud-job-2465 %s\nucloud-job-2466 %s\n' "$hostkey" "$hostkey" >"$KNOWN"
run u -F "$CFG" add 2466 --job 4398201 -L 8888 -L 8080:80 -o ServerAliveCountMax=7 </dev/null
ssh-keygen -F ucloud-job-2466 -f "$KNOWN" >/dev/null 2>&1
is "$?" 1 "a re-add that changes nothing forgets the pinned host key (a new job on the port)"
like "$ERR" "forgot the host key pinned for ucloud-job-2466" \
    "and says so"
printf 'ucloud-job-2466 %s\n' "$hostkey" >>"$KNOWN"
run u -F "$CFG" add 2466 --job 4398202 -L 8888 -L 8080:80 -o ServerAliveCountMax=7 </dev/null
ssh-keygen -F ucloud-job-2466 -f "$KNOWN" >/dev/null 2>&1
is "$?" 1 "re-add of another job forgets the alias's host key (a new job is a new host)"

# --- rm --------------------------------------------------------------------

cp "$CFG" "$W/main/before"
run u -F "$CFG" rm 9999 </dev/null
is "$STATUS" 2 "rm of an unknown port: exit 2"
is "$OUT" "" "rm of an unknown port: nothing on stdout"
like "$ERR" '^ucjob: ' "rm of an unknown port: says so"
same_bytes "$CFG" "$W/main/before" "rm of an unknown port: file unchanged"
run u -F "$CFG" rm 2465 no-such-alias </dev/null
is "$STATUS" 2 "rm of a known and an unknown name: exit 2"
same_bytes "$CFG" "$W/main/before" "rm of a known and an unknown name: nothing removed"
run u -F "$CFG" show no-such-alias </dev/null
is "$STATUS" 2 "show of an unknown name: exit 2"

run u -F "$CFG" rm ucloud-job-2465 </dev/null
is "$STATUS" 0 "rm ALIAS exits 0"
run u -F "$CFG" list --names
is "$OUT" ucloud-job-2466 "rm ALIAS removes only that entry"
ssh-keygen -F ucloud-job-2465 -f "$KNOWN" >/dev/null 2>&1
is "$?" 1 "rm removes the alias's host key"
run u -F "$CFG" add 2469 </dev/null
run u -F "$CFG" rm 2466 2469 </dev/null
is "$STATUS" 0 "rm of two ports exits 0"
same_bytes "$CFG" "$ORIG" "rm of the last entries gives the original bytes"
u -F "$CFG" add 2465 </dev/null >/dev/null 2>&1
u -F "$CFG" add 2466 </dev/null >/dev/null 2>&1
run u -F "$CFG" rm --all </dev/null
is "$STATUS" 0 "rm --all exits 0"
same_bytes "$CFG" "$ORIG" "rm --all gives the original bytes"

# --- Pasted commands, options, settings ----------------------------------

new_config pasted ''
run u -F "$CFG" add ssh ucloud@ssh.cloud.sdu.dk -p 2470 </dev/null
is "$STATUS:$(effective "$CFG" ucloud-job-2470 port)" 0:2470 "add ssh USER@HOST -p PORT (words)"
run u -F "$CFG" add 'ssh ucloud@gw.example.org -p 2471' </dev/null
is "$STATUS:$(effective "$CFG" ucloud-job-2471 hostname)" 0:gw.example.org "add 'ssh USER@HOST -p PORT' (one string)"
run u -F "$CFG" add 'SSH: Connected! Available at: ssh ucloud@ssh.cloud.sdu.dk -p 2472' </dev/null
is "$STATUS:$(effective "$CFG" ucloud-job-2472 port)" 0:2472 "add the job page's line"
printf 'ssh -p 2473 -l someone ssh.cloud.sdu.dk\n' >"$TMPD/stdin"
run u -F "$CFG" add - <"$TMPD/stdin"
is "$STATUS:$(effective "$CFG" ucloud-job-2473 user)" 0:someone "add - reads ssh -p PORT -l USER HOST from stdin"
run u -F "$CFG" add --host 10.0.0.5 --user bob 2474 </dev/null
is "$STATUS:$(effective "$CFG" ucloud-job-2474 hostname):$(effective "$CFG" ucloud-job-2474 user)" \
    0:10.0.0.5:bob "--host and --user"
run u -F "$CFG" add --name my-job.1 2475 </dev/null
is "$STATUS:$(effective "$CFG" my-job.1 port):$(effective "$CFG" my-job.1 hostkeyalias)" \
    0:2475:my-job.1 "--name ALIAS, also the HostKeyAlias"
ssh-keygen -q -t ed25519 -N '' -C other -f "$W/other_key" >/dev/null
run u -F "$CFG" add -i "$W/other_key" 2476 </dev/null
is "$STATUS:$(effective "$CFG" ucloud-job-2476 identityfile)" "0:$W/other_key" "-i FILE"

cat >"$UCJOB_CONFIG" <<'EOF'
host = "gw.example.org"
user = "fileuser"
alias-prefix = "job-"
site "aau" {
	host = "aau.example.org"
	user = "aauuser"
}
EOF
new_config settings ''
run u -F "$CFG" add 2480 </dev/null
is "$STATUS:$(effective "$CFG" job-2480 hostname):$(effective "$CFG" job-2480 user)" \
    0:gw.example.org:fileuser "settings file: host, user, alias-prefix"
run env UCJOB_HOST=env.example.org "$UCJOB" -F "$CFG" add 2481 </dev/null
is "$STATUS:$(effective "$CFG" job-2481 hostname):$(effective "$CFG" job-2481 user)" \
    0:env.example.org:fileuser "the environment beats the settings file"
run env UCJOB_HOST=env.example.org "$UCJOB" -F "$CFG" --site aau add 2482 </dev/null
is "$STATUS:$(effective "$CFG" job-2482 hostname):$(effective "$CFG" job-2482 user)" \
    0:aau.example.org:aauuser "--site beats the environment"
run u -F "$CFG" --site aau add --user cli 2483 </dev/null
is "$STATUS:$(effective "$CFG" job-2483 user)" 0:cli "the command line beats --site"
cp "$UCJOB_CONFIG" "$TMPD/settings"
: >"$UCJOB_CONFIG"
run u -F "$CFG" -c "$TMPD/settings" add 2484 </dev/null
is "$STATUS:$(effective "$CFG" job-2484 hostname)" 0:gw.example.org "-c FILE"

# --- Rule 5: symlinks and modes ------------------------------------------

mkdir -p "$W/dotfiles" "$W/link"
printf '%s' "$PLAIN" >"$W/dotfiles/ssh_config"
cp "$W/dotfiles/ssh_config" "$W/dotfiles/orig"
ln -s ../dotfiles/ssh_config "$W/link/config"
run u -F "$W/link/config" add 2465 </dev/null
is "$STATUS" 0 "symlinked config: add exits 0"
if [ -L "$W/link/config" ] && [ "$(readlink "$W/link/config")" = ../dotfiles/ssh_config ]; then
	ok "symlinked config: the link stays"
else
	fail "symlinked config: the link stays" "$(ls -l "$W/link")"
fi
is "$(grep -c '^Host ucloud-job-2465$' "$W/dotfiles/ssh_config")" 1 "symlinked config: the target is updated"
same_bytes "$W/dotfiles/.ssh_config.ucjob~" "$W/dotfiles/orig" "symlinked config: backup beside the target"
run u -F "$W/link/config" rm 2465 </dev/null
same_bytes "$W/dotfiles/ssh_config" "$W/dotfiles/orig" "symlinked config: rm restores the target's bytes"

mkdir "$W/new"
run u -F "$W/new/config" add 2465 </dev/null
is "$STATUS" 0 "new config: add exits 0"
is "$(file_mode "$W/new/config")" -rw------- "a new config is created 0600"

H2=$TMPD/home2
mkdir "$H2"
run env HOME="$H2" XDG_CONFIG_HOME="$H2/.config" \
    "$UCJOB" add -i "$HOME/.ssh/id_ed25519" 2465 </dev/null
is "$STATUS" 0 "no ~/.ssh: add exits 0"
is "$(file_mode "$H2/.ssh")" drwx------ "a new ~/.ssh is created 0700"
is "$(file_mode "$H2/.ssh/config")" -rw------- "a new ~/.ssh/config is created 0600"

for mode in 644 640; do
	new_config "mode$mode" '%s' "$PLAIN"
	chmod "$mode" "$CFG"
	before=$(file_mode "$CFG")
	run u -F "$CFG" add 2465 </dev/null
	is "$STATUS:$(file_mode "$CFG")" "0:$before" "mode $mode of an existing config is kept"
done

new_config groupw '%s' "$PLAIN"
chmod 664 "$CFG"
run u -F "$CFG" add 2465 </dev/null
is "$STATUS" 0 "group-writable config: add goes ahead"
like "$ERR" '^ucjob: ' "group-writable config: warns"
is "$(file_mode "$CFG")" -rw-rw-r-- "group-writable config: mode kept"

new_config worldw '%s' "$PLAIN"
chmod 666 "$CFG"
run u -F "$CFG" add 2465 </dev/null
unchanged_refusal "world-writable config refused" 1

if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	new_config foreign '%s' "$PLAIN"
	chown nobody "$CFG"
	run u -F "$CFG" add 2465 </dev/null
	unchanged_refusal "config owned by another user refused" 1
else
	skip "config owned by another user refused" "needs root and a nobody account"
fi

# --- Rules 3 and 9: broken markers, UTF-16 --------------------------------

BEGIN='# BEGIN ucjob (managed by ucjob; edit with `ucjob add/rm`)'
new_config twobegin '%s\nHost ucloud-job-1\n    Port 1\n# END ucjob\n%s\n# END ucjob\n' "$BEGIN" "$BEGIN"
run u -F "$CFG" add 2465 </dev/null
unchanged_refusal "two BEGIN markers" 1
new_config endonly 'Host a\n    HostName a.example.org\n# END ucjob\n'
run u -F "$CFG" add 2465 </dev/null
unchanged_refusal "END without BEGIN" 1
new_config beginonly '%s\nHost ucloud-job-1\n    Port 1\n\nHost b\n    HostName b.example.org\n' "$BEGIN"
run u -F "$CFG" add 2465 </dev/null
unchanged_refusal "BEGIN without END" 1
run u -F "$CFG" rm --all </dev/null
unchanged_refusal "rm --all with BEGIN without END" 1

new_config utf16le '\377\376H\000o\000s\000t\000 \000a\000\n\000'
run u -F "$CFG" add 2465 </dev/null
if [ "$STATUS" -ne 0 ]; then ok "UTF-16LE config refused"; else fail "UTF-16LE config refused"; fi
like "$ERR" '^ucjob: ' "UTF-16LE config: says why"
same_bytes "$CFG" "$ORIG" "UTF-16LE config: file unchanged"
new_config utf16be '\376\377\000H\000o\000s\000t\000 \000a\000\n'
run u -F "$CFG" add 2465 </dev/null
if [ "$STATUS" -ne 0 ]; then ok "UTF-16BE config refused"; else fail "UTF-16BE config refused"; fi
same_bytes "$CFG" "$ORIG" "UTF-16BE config: file unchanged"

# --- Rule 4: concurrent adds lose nothing --------------------------------

new_config concurrent '%s' "$PLAIN"
for port in 3001 3002 3003 3004 3005 3006 3007 3008; do
	u -F "$CFG" add "$port" </dev/null >/dev/null 2>"$W/concurrent/err.$port" &
done
wait
run u -F "$CFG" list --names
is "$(printf '%s\n' "$OUT" | sort | tr '\n' ' ')" \
    "ucloud-job-3001 ucloud-job-3002 ucloud-job-3003 ucloud-job-3004 ucloud-job-3005 ucloud-job-3006 ucloud-job-3007 ucloud-job-3008 " \
    "eight concurrent adds: all eight entries are there"

# --- Nothing left behind ---------------------------------------------------

leftovers=$(find "$TMPD" \( -name '*.ucjob.lock' -o -name '.*.ucjob-tmp.*' \) -print)
is "$leftovers" "" "no lock or temporary files are left behind"

run u -V
like "$OUT" '^ucjob [0-9]' "-V prints the version"
run u add --help
is "$STATUS" 0 "add --help exits 0"
add_help=$OUT
run u help add
is "$OUT" "$add_help" "help add = add --help"


# --- SPEC.md section 3: the block, byte for byte -------------------------
# The literal block of SPEC.md section 3 (and of ucjob(1)), with the
# entry's one line the SPEC's copy lacks, HashKnownHosts no (so that ucjob
# finds an alias's key in its own known-hosts file by a plain look). Here
# HOME is not the password database's, so paths are absolute instead of
# ~/, and the time stamp is the run's, checked for its form.
cat >"$W/spec-block" <<'EOF'
# BEGIN ucjob (managed by ucjob; edit with `ucjob add/rm`)
Host ucloud-job-2465
    HostName ssh.cloud.sdu.dk
    Port 2465
    User ucloud
    IdentityFile ~/.ssh/id_ed25519
    IdentitiesOnly yes
    HostKeyAlias ucloud-job-2465
    UserKnownHostsFile ~/.ssh/ucjob_known_hosts
    CheckHostIP no
    HashKnownHosts no
    # ucjob: job=4398201 added=2026-11-24T12:00:00Z
# END ucjob
EOF
sed "s|~/|$HOME/|" "$W/spec-block" >"$W/spec-expected"
new_config spec ''
run u -F "$CFG" add --job 4398201 --no-verify 2465 </dev/null
is "$STATUS" 0 "add into an empty config (SPEC.md section 3 block)"
stamp=$(sed -n 's/^    # ucjob: job=4398201 added=//p' "$CFG")
like "$stamp" '^[0-9]{4}-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z$' \
    "the entry's time stamp is UTC in ISO 8601"
sed "s/ added=$stamp\$/ added=2026-11-24T12:00:00Z/" "$CFG" >"$W/spec-actual"
same_bytes "$W/spec-actual" "$W/spec-expected" \
    "the block is SPEC.md section 3's, byte for byte"

# --- Rule 5 in a dry run: the same refusal as the real run ---------------
fresh_sandbox dryrun
CFG=$W/shared.conf
printf 'Host work\n    User me\n' >"$CFG"
chmod 666 "$CFG"
cp "$CFG" "$W/shared.orig"
run "$UCJOB" -F "$CFG" add 2465 -i "$HOME/.ssh/id" --no-verify
is "$STATUS" 1 "a world-writable config: add refuses (exit 1)"
run "$UCJOB" -F "$CFG" -n add 2465 -i "$HOME/.ssh/id" --no-verify
is "$STATUS" 1 "a world-writable config: add --dry-run refuses too"
is "$OUT" "" "and prints no diff"
like "$ERR" "writable by everyone" "saying why"
run "$UCJOB" -F "$CFG" -n rm 2465
is "$STATUS" 1 "rm --dry-run refuses it as well"
same_bytes "$CFG" "$W/shared.orig" "the config is untouched"
chmod 600 "$CFG"
if [ "$(id -u)" = 0 ]; then
	chown 65534 "$CFG"
	run "$UCJOB" -F "$CFG" -n add 2465 -i "$HOME/.ssh/id" --no-verify
	is "$STATUS:$OUT" "1:" \
	    "a config owned by another user: add --dry-run refuses, no diff"
	like "$ERR" "owned by another user" "saying why"
	chown 0 "$CFG"
else
	skip "a config owned by another user in a dry run" "not root"
	skip "saying why" "not root"
fi

done_testing
