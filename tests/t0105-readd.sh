#!/bin/sh
# tests/t0105-readd.sh - adding a job again (issue 13, points 4 and 5): a
# re-add keeps the entry's options unless given again and says what
# changed; the stored host key goes only when the endpoint changed; an
# add for a port another entry holds updates that entry, and a new
# --name for it is refused with the file left byte for byte as it was.

. "$(dirname "$0")/lib/lib.sh"

fresh_sandbox readd
ssh-keygen -q -t ed25519 -N '' -C t0105 -f "$HOME/.ssh/id_ed25519" \
    >/dev/null || fail "ssh-keygen makes the test key"
CFG=$W/config
: >"$CFG"

u() {
	"$UCJOB" -F "$CFG" "$@"
}

# entry ALIAS: ALIAS's Host entry as it stands in the config.
entry() {
	entry_in_file "$CFG" "$1"
}

# A stored host key for ALIAS in ucjob's known-hosts file.
store_key() {
	printf '%s ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n' \
	    "$1" >>"$KNOWN"
}

# not_silently WHAT: proj's stored host key is still there, or ucjob says
# that it was forgotten.
not_silently() {
	if grep -q '^proj ' "$KNOWN" || printf '%s\n' "$OUT$ERR" |
	    grep -Eq 'host key.* forgotten|forgot the host key'; then
		ok "$1 does not forget the host key silently"
	else
		fail "$1 does not forget the host key silently" "$OUT"
	fi
}

run u add 47212 --name proj -L 8888 --job 111 --host h.example --user alice \
    -o ServerAliveInterval=30
is "$STATUS" 0 "the first add succeeds"
store_key proj

run u add 41465 --name proj
is "$STATUS" 0 "the re-add with a new port succeeds"
E=$(entry proj)
like "$E" '^    Port 41465$' "the re-add takes the new port"
like "$E" '^    LocalForward 8888 localhost:8888$' "the re-add keeps the forward"
like "$E" '^    HostName h\.example$' "the re-add keeps the host"
like "$E" '^    User alice$' "the re-add keeps the user"
like "$E" '^    ServerAliveInterval 30$' "the re-add keeps the -o option"
like "$E" '# ucjob: job=111 ' "the re-add keeps the job id"
like "$OUT" 'updated proj in .*: port 47212 -> 41465; host key forgotten' \
    "the message says what changed and that the key went"
unlike "$(cat "$KNOWN")" '^proj ' "the moved entry's host key is forgotten"

store_key proj
cp "$CFG" "$W/before"
run u add 41465 --name proj
is "$STATUS" 0 "re-adding the same endpoint succeeds"
like "$OUT" 'proj is already up to date' "nothing changed is said"
not_silently "an unchanged re-add"
same_bytes "$CFG" "$W/before" "an unchanged re-add leaves the file as it was"

store_key proj
run u add 41465 --name proj --user bob -L 9999:8888
is "$STATUS" 0 "a re-add with new values succeeds"
E=$(entry proj)
like "$E" '^    User bob$' "a user given again replaces the old one"
like "$E" '^    LocalForward 9999 localhost:8888$' "forwards given again replace the old ones"
unlike "$E" 'LocalForward 8888 ' "the old forward is gone"
like "$OUT" 'user alice -> bob; forwards changed' "the message names each change"
not_silently "a re-add with a new user"

# A dry run of two one-line changes shows those lines, not the whole entry.
cp "$CFG" "$W/before"
run u -n add 41465 --name proj --user carol -L 7777
is "$STATUS" 0 "-n re-add exits 0"
like "$OUT" '^-    User bob$' "-n shows the old user line"
like "$OUT" '^\+    User carol$' "-n shows the new user line"
unlike "$OUT" '^[-+]    (HostName|Port|IdentityFile) ' "-n shows no unchanged line as changed"
same_bytes "$CFG" "$W/before" "-n writes nothing"

# Point 5: a port registered under another name.
run u add 41465 --host h.example
is "$STATUS" 0 "add PORT for proj's port succeeds"
like "$OUT" "port 41465 is proj's: updating that entry" "add PORT says which entry it updates"
is "$(grep -c '^Host ' "$CFG")" 1 "add PORT makes no second entry"
unlike "$(cat "$CFG")" 'ucloud-job-41465' "no default alias is made for a registered port"

cp "$CFG" "$W/before"
run u add 41465 --name other --host h.example
is "$STATUS" 2 "a new --name for a registered port is refused"
like "$ERR" 'port 41465 is already used by proj; to update that entry: ucjob add 41465 --name proj' \
    "the refusal names the entry and how to proceed"
same_bytes "$CFG" "$W/before" "the refusal leaves the file byte for byte"

run u add 50000 --name other
is "$STATUS" 0 "another job under another name"
cp "$CFG" "$W/before"
run u add 41465 --name other
is "$STATUS" 2 "moving an entry onto a port another entry holds is refused"
like "$ERR" 'port 41465 is already used by proj; remove that entry first' \
    "the refusal says to remove the other entry"
same_bytes "$CFG" "$W/before" "that refusal leaves the file byte for byte"
run u add 41465 --name other --force
is "$STATUS" 0 "--force adds a second entry for a port on purpose"
is "$(grep -c '^    Port 41465$' "$CFG")" 2 "both entries then have the port"
run u add 41465 --name other -L 5555
is "$STATUS" 0 "an entry that shares its port already is re-added without --force"

done_testing
