#!/bin/sh
# tests/t0130-verify.sh - no server needed: rule 8 (add checks the new text
# with ssh -G before the rename: a winning top-level option or Include is
# named with file and line, --force, --no-verify, a config OpenSSH rejected
# already), check without --connect, doctor, the ssh and code commands
# (stand-ins record their argv), and how rm and add treat known-hosts
# files (ssh-keygen spawned only when the alias is there in the clear
# or a line is hashed; --clean-known-hosts). The fix that add and check
# suggest fits where the winning line is.

. "$(dirname "$0")/lib/lib.sh"

mkdir -m 700 "$HOME/.ssh"
ssh-keygen -q -t ed25519 -N '' -C t0130 -f "$HOME/.ssh/id_ed25519" >/dev/null ||
	fail "ssh-keygen makes the test key"
KNOWN=$HOME/.ssh/ucjob_known_hosts
W=$TMPD/w
BIN=$TMPD/bin
mkdir "$W" "$BIN"

# stand_in NAME: a program NAME in $BIN that appends its argv (one line,
# words separated by |) to $W/NAME.log, then runs the real NAME when
# REAL_NAME (dashes as underscores) is set, else exits with
# $STAND_IN_STATUS (default 0).
stand_in() {
	cat >"$BIN/$1" <<EOS
#!/bin/sh
_log="$W/$1.log"
printf '%s' "\$(basename "\$0")" >>"\$_log"
for _a in "\$@"; do printf '|%s' "\$_a" >>"\$_log"; done
echo >>"\$_log"
[ -n "\${REAL_$(echo "$1" | tr - _):-}" ] && exec "\$REAL_$(echo "$1" | tr - _)" "\$@"
exit \${STAND_IN_STATUS:-0}
EOS
	chmod +x "$BIN/$1"
}

HOSTKEY=$(cut -d' ' -f1,2 "$HOME/.ssh/id_ed25519.pub")

# --- Rule 8: a top-level option that wins ---------------------------------

CFG=$W/config
printf '# mine\nUser other\n\nHost github.com\n    User git\n' >"$CFG"
cp "$CFG" "$W/orig"
run "$UCJOB" -F "$CFG" add 2465 </dev/null
is "$STATUS" 1 "top-level User other: add refuses (exit 1)"
like "$ERR" "user is 'other', not 'ucloud': $CFG line 2 \\(User other\\)" \
    "the error names the file, the line and the option"
like "$ERR" -- '--force' "the error points at --force"
same_bytes "$CFG" "$W/orig" "nothing written"
leftovers=$(find "$W" -name '.*.ucjob-tmp.*' -print)
is "$leftovers" "" "the checked temporary is removed"

run "$UCJOB" -F "$CFG" add 2465 --force </dev/null
is "$STATUS" 0 "--force writes anyway"
like "$ERR" "warning: .*user is 'other'" "--force still warns"
is "$(grep -c '^Host ucloud-job-2465$' "$CFG")" 1 "--force: the entry is there"

run "$UCJOB" -F "$CFG" check
is "$STATUS" 1 "check: a shadowed entry fails (exit 1)"
like "$OUT" "^fail ucloud-job-2465: user is 'other', not 'ucloud': $CFG line 2 \\(User other\\) comes first\$" \
    "check names the winning line"
run "$UCJOB" -F "$CFG" check --json
is "$STATUS" 1 "check --json: exit 1 too"
if command -v python3 >/dev/null 2>&1; then
	got=$(python3 -c 'import json, sys
d = json.load(sys.stdin)[0]
p = d["problems"][0]
print(d["alias"], d["ok"], d["config"], p["option"], p["actual"], p["line"], d["connect"])' <"$TMPD/run.out")
	is "$got" "ucloud-job-2465 False shadowed user other 2 None" \
	    "check --json: alias, ok, problem with its line"
else
	skip "check --json is valid JSON" "no python3"
fi

# A Host line above the block is read the way ssh reads it: both quote
# kinds, escapes and a trailing comment name the same section.
for host in "'ucloud-job-*'" '"ucloud-job-*"' 'ucloud-job-* \"x # all jobs' \
    "'ucloud-job-2465' \"x y\""; do
	: >"$CFG"
	"$UCJOB" -F "$CFG" add 2465 </dev/null >/dev/null 2>&1
	{ printf 'Host %s\n    User other\n' "$host"; cat "$CFG"; } >"$W/new"
	mv "$W/new" "$CFG"
	run "$UCJOB" -F "$CFG" check
	like "$OUT" "^fail ucloud-job-2465: user is 'other', not 'ucloud': $CFG line 2 \\(User other\\) comes first(\$|; note: $CFG line 1 .* another entry of the same name)" \
	    "check names the line under Host $host"
done

cp "$W/orig" "$CFG"
run "$UCJOB" -F "$CFG" add 2465 --no-verify </dev/null
is "$STATUS:$ERR" "0:" "--no-verify writes without checking or warning"

# An Include before the block that wins: the included file and its line.
CFG=$W/inc_config
printf 'Include extra.conf\n' >"$CFG"
printf '# extra\nPort 22\n' >"$HOME/.ssh/extra.conf"
cp "$CFG" "$W/inc_orig"
run "$UCJOB" -F "$CFG" add 2466 </dev/null
is "$STATUS" 1 "a winning Include: add refuses"
like "$ERR" "port is '22', not '2466': $HOME/.ssh/extra.conf line 2 \\(Port 22\\)" \
    "the error names the included file and its line"
same_bytes "$CFG" "$W/inc_orig" "a winning Include: nothing written"

# A Host * after the block does not win: add just works.
CFG=$W/star
printf 'Host *\n    User someone\n    Port 22\n' >"$CFG"
run "$UCJOB" -F "$CFG" add 2467 </dev/null
is "$STATUS:$ERR" "0:" "Host * after the block: add succeeds quietly"
run "$UCJOB" -F "$CFG" check 2467
is "$STATUS:$OUT" "0:ok   ucloud-job-2467" "check PORT: ok"
run "$UCJOB" -F "$CFG" check no-such-job
is "$STATUS" 2 "check of an unknown name: exit 2"

# A config that OpenSSH rejected already is reported, not blamed on ucjob.
CFG=$W/broken
printf 'Frobnicate yes\n' >"$CFG"
run "$UCJOB" -F "$CFG" add 2468 </dev/null
is "$STATUS" 0 "a config rejected before the change: add still writes"
like "$ERR" "already rejects $CFG, before this change .*line 1: Bad configuration option: frobnicate" \
    "and says OpenSSH rejected it before"
run "$UCJOB" -F "$CFG" check
like "$OUT" "^fail ucloud-job-2468: OpenSSH rejects the config: $CFG: line 1" "check reports the rejection"

# A new entry that OpenSSH would reject: nothing written.
CFG=$W/badvalue
printf 'Host x\n    User y\n' >"$CFG"
cp "$CFG" "$W/badvalue_orig"
run "$UCJOB" -F "$CFG" add 2469 -o ServerAliveInterval=often </dev/null
is "$STATUS" 1 "an entry OpenSSH rejects: exit 1"
like "$ERR" "OpenSSH would reject $CFG with the new entry .*line [0-9]+" \
    "says why, naming the real file, not the temporary"
same_bytes "$CFG" "$W/badvalue_orig" "an entry OpenSSH rejects: nothing written"

# No ssh to check with: refused, with the way out.
CFG=$W/nossh
: >"$CFG"
run env UCJOB_SSH=/nonexistent/ssh "$UCJOB" -F "$CFG" add 2470 </dev/null
is "$STATUS" 1 "no ssh: add fails"
like "$ERR" 'no-verify' "no ssh: the error names --no-verify"
is "$(wc -c <"$CFG" | tr -d ' ')" 0 "no ssh: nothing written"

# --- Known-hosts files ----------------------------------------------------

stand_in ssh-keygen
CFG=$W/kh
: >"$CFG"
"$UCJOB" -F "$CFG" add 2471 </dev/null >/dev/null 2>&1
run "$UCJOB" -F "$CFG" show 2471
like "$OUT" '^    HashKnownHosts no$' "every entry has HashKnownHosts no"
printf 'other-alias %s\n' "$HOSTKEY" >"$KNOWN"
: >"$W/ssh-keygen.log"
UCJOB_SSH_KEYGEN=$BIN/ssh-keygen "$UCJOB" -F "$CFG" rm 2471 </dev/null >/dev/null 2>&1
is "$(cat "$W/ssh-keygen.log")" "" "rm: no ssh-keygen when the alias is not in the known-hosts file"

"$UCJOB" -F "$CFG" add 2471 </dev/null >/dev/null 2>&1
printf 'other-alias %s\nucloud-job-2471 %s\n' "$HOSTKEY" "$HOSTKEY" >"$KNOWN"
run env UCJOB_SSH_KEYGEN="$(command -v ssh-keygen)" "$UCJOB" -F "$CFG" add 2471 </dev/null
is "$(cut -d' ' -f1 "$KNOWN")" other-alias "re-add: the alias's key is removed, the other kept"
: >"$W/ssh-keygen.log"
UCJOB_SSH_KEYGEN=$BIN/ssh-keygen "$UCJOB" -F "$CFG" add 2471 </dev/null >/dev/null 2>&1
is "$(cat "$W/ssh-keygen.log")" "" "re-add: no ssh-keygen once the key is gone"

# hashed NAME...: known_hosts lines of NAMEs, hashed by the real ssh-keygen -H.
hashed() {
	: >"$W/hashed"
	for _n in "$@"; do
		printf '%s %s\n' "$_n" "$HOSTKEY" >>"$W/hashed"
	done
	ssh-keygen -q -H -f "$W/hashed" >/dev/null 2>&1 ||
		fail "ssh-keygen -H hashes $*"
	rm -f "$W/hashed.old"
	grep -q '^|1|' "$W/hashed" || fail "ssh-keygen -H hashed nothing"
	cat "$W/hashed"
}
# Hashed lines are ssh-keygen's to read (rule 11): rm asks it, and only
# the alias's line goes, with no FILE.old left behind.
REAL_ssh_keygen=$(command -v ssh-keygen)
export REAL_ssh_keygen
hashed ucloud-job-2470 ucloud-job-24710 >>"$KNOWN"
: >"$W/ssh-keygen.log"
UCJOB_SSH_KEYGEN=$BIN/ssh-keygen "$UCJOB" -F "$CFG" rm 2471 </dev/null >/dev/null 2>&1
is "$(cat "$W/ssh-keygen.log")" "ssh-keygen|-R|ucloud-job-2471|-f|$KNOWN" \
    "rm: hashed lines make it ask ssh-keygen -R ALIAS -f FILE"
is "$(grep -c '^|1|' "$KNOWN")" 2 "rm: ssh-keygen -R keeps hashed lines of other names"
"$UCJOB" -F "$CFG" add 2471 </dev/null >/dev/null 2>&1
hashed ucloud-job-2471 >>"$KNOWN"
UCJOB_SSH_KEYGEN=$BIN/ssh-keygen "$UCJOB" -F "$CFG" rm 2471 </dev/null >/dev/null 2>&1
is "$(grep -c '^|1|' "$KNOWN")" 2 "rm: ssh-keygen -R removes the alias's hashed line only"
is "$(find "$W" "$HOME/.ssh" -name '*.old')" "" "no FILE.old from ssh-keygen -R is left"
"$UCJOB" -F "$CFG" add 2471 </dev/null >/dev/null 2>&1

# Keys of [host]:port in ~/.ssh/known_hosts, from using the job by hand.
printf '[ssh.cloud.sdu.dk]:2472 %s\n[ssh.cloud.sdu.dk]:2473 %s\n' "$HOSTKEY" "$HOSTKEY" \
    >"$HOME/.ssh/known_hosts"
run "$UCJOB" -F "$CFG" add 2472 </dev/null
is "$STATUS" 0 "add with an old [host]:port key in ~/.ssh/known_hosts: exit 0"
like "$ERR" "known_hosts holds a key for \\[ssh\\.cloud\\.sdu\\.dk\\]:2472 .*--clean-known-hosts" \
    "add offers --clean-known-hosts"
is "$(grep -c '^\[ssh.cloud.sdu.dk\]:2472 ' "$HOME/.ssh/known_hosts")" 1 "without the option the key stays"
run "$UCJOB" -F "$CFG" add 2472 --clean-known-hosts </dev/null
is "$STATUS" 0 "add --clean-known-hosts: exit 0"
is "$(cut -d' ' -f1 "$HOME/.ssh/known_hosts")" '[ssh.cloud.sdu.dk]:2473' \
    "--clean-known-hosts removes [host]:port and keeps the others"

# A hashed ~/.ssh/known_hosts (Debian's default): ssh-keygen -F only when a
# line is the job's [host]:port.
hashed '[ssh.cloud.sdu.dk]:2476' ssh.cloud.sdu.dk '[ssh.cloud.sdu.dk]:24750' \
    >"$HOME/.ssh/known_hosts"
cp "$HOME/.ssh/known_hosts" "$W/user_kh"
: >"$W/ssh-keygen.log"
run env UCJOB_SSH_KEYGEN="$BIN/ssh-keygen" "$UCJOB" -F "$W/kh_hashed" add 2475 </dev/null
is "$STATUS:$ERR" "0:" "add with a hashed ~/.ssh/known_hosts without the job: exit 0, quiet"
is "$(grep -e '-F' "$W/ssh-keygen.log")" "ssh-keygen|-F|[ssh.cloud.sdu.dk]:2475|-f|$HOME/.ssh/known_hosts" \
    "... ssh-keygen -F [host]:port decides"
: >"$W/ssh-keygen.log"
run env UCJOB_SSH_KEYGEN="$BIN/ssh-keygen" "$UCJOB" -F "$W/kh_hashed" add 2476 </dev/null
is "$(grep -e '-F' "$W/ssh-keygen.log")" "ssh-keygen|-F|[ssh.cloud.sdu.dk]:2476|-f|$HOME/.ssh/known_hosts" \
    "add with the job's hashed line: one ssh-keygen -F [host]:port"
"$UCJOB" -F "$W/kh_hashed" rm 2476 </dev/null >/dev/null 2>&1
run "$UCJOB" -F "$W/kh_hashed" add 2476 </dev/null
is "$STATUS" 0 "add with the job's hashed line: exit 0"
like "$ERR" "known_hosts holds a key for \\[ssh\\.cloud\\.sdu\\.dk\\]:2476 .*--clean-known-hosts" \
    "add with the job's hashed line offers --clean-known-hosts"
same_bytes "$HOME/.ssh/known_hosts" "$W/user_kh" "without the option the hashed file is untouched"
run "$UCJOB" -F "$W/kh_hashed" add 2476 --clean-known-hosts </dev/null
is "$(grep -c '^|1|' "$HOME/.ssh/known_hosts")" 2 \
    "--clean-known-hosts removes the job's hashed line and keeps the others"

# --- doctor ---------------------------------------------------------------

CFG=$W/doc_ok
printf 'ServerAliveInterval 30\n' >"$CFG"
chmod 600 "$CFG"
"$UCJOB" -F "$CFG" add 2480 </dev/null >/dev/null 2>&1
run "$UCJOB" -F "$CFG" doctor
is "$STATUS" 0 "doctor on a good setup: exit 0" || diag "$OUT"
like "$OUT" '^ok   ssh: OpenSSH_[0-9]+\.[0-9]+' "doctor: ssh and its version"
like "$OUT" '^ok   ssh-keygen: ' "doctor: ssh-keygen found"
like "$OUT" "^ok   key pair: $HOME/.ssh/id_ed25519" "doctor: the key pair"
like "$OUT" '^ok   entry ucloud-job-2480: ' "doctor: every entry passes check"
like "$OUT" '^ok   home: .*-F names the config' "doctor: \$HOME differs (it does in tests), but -F settles it"
like "$OUT" '^warn clipboard: nothing for .ucjob key --copy. here' \
    "doctor: no display and no terminal: no clipboard, a warning"
is "$(printf '%s\n' "$OUT" | grep -v -c -E '^(ok  |warn|fail|skip) ')" 0 "doctor: every line starts with its status"

CFG=$W/doc_bad
printf 'Host first\n    User a\nInclude nested.conf\n' >"$CFG"
"$UCJOB" -F "$CFG" add 2481 </dev/null >/dev/null 2>&1
printf 'User other\n' | cat - "$CFG" >"$W/tmp" && cat "$W/tmp" >"$CFG"
chmod 620 "$CFG"
run "$UCJOB" -F "$CFG" doctor
is "$STATUS" 1 "doctor with failures: exit 1"
like "$OUT" "^warn $CFG is group-writable.*; fix: chmod g-w $CFG\$" "doctor: group-writable config, with the fix"
like "$OUT" "^warn $CFG line [0-9]+ \\(Include nested.conf\\) stands inside a Host or Match section" \
    "doctor: an Include nested in a Host section"
like "$OUT" "^fail entry ucloud-job-2481: user is 'other'.*line 1.*; fix: " "doctor: a shadowed entry, with the fix"
chmod 600 "$CFG"

CFG=$W/doc_late
printf 'Host first\n    User a\n# BEGIN ucjob (managed by ucjob; edit with `ucjob add/rm`)\nHost ucloud-job-2482\n    HostName ssh.cloud.sdu.dk\n    Port 2482\n# END ucjob\n' >"$CFG"
chmod 600 "$CFG"
run "$UCJOB" -F "$CFG" doctor
like "$OUT" '^fail managed block: .* line 3 comes after the first Host/Match line \(line 1\)' \
    "doctor: a block after the first Host fails"

CFG=$W/doc_bom
printf '\357\273\277# bom\n' >"$CFG"
chmod 600 "$CFG"
run "$UCJOB" -F "$CFG" doctor
is "$STATUS" 1 "doctor on a config with a UTF-8 BOM: exit 1"
like "$OUT" '^fail .*byte order mark.*; fix: sed ' "doctor: the BOM, with the fix"

# --- ucjob ssh and ucjob code ------------------------------------------------

stand_in ssh
CFG=$W/exec
: >"$CFG"
"$UCJOB" -F "$CFG" add 2490 </dev/null >/dev/null 2>&1
: >"$W/ssh.log"
run env UCJOB_SSH="$BIN/ssh" "$UCJOB" -F "$CFG" ssh 2490 ls -la /work
is "$STATUS" 0 "ucjob ssh PORT CMD: exit status of ssh"
is "$(cat "$W/ssh.log")" "ssh|-F|$CFG|--|ucloud-job-2490|ls|-la|/work" \
    "ucjob ssh: ssh -F CONFIG -- ALIAS CMD... (ssh reads no option after --)"
: >"$W/ssh.log"
run env UCJOB_SSH="$BIN/ssh" STAND_IN_STATUS=7 "$UCJOB" -F "$CFG" ssh ucloud-job-2490
is "$STATUS" 7 "ucjob ssh ALIAS: ssh replaces ucjob (its exit status)"
is "$(cat "$W/ssh.log")" "ssh|-F|$CFG|--|ucloud-job-2490" "ucjob ssh ALIAS: -- before the alias"
run env UCJOB_SSH="$BIN/ssh" "$UCJOB" -F "$CFG" ssh 9999
is "$STATUS" 2 "ucjob ssh of an unknown port: exit 2"
run env UCJOB_SSH=/nonexistent/ssh "$UCJOB" -F "$CFG" ssh 2490
is "$STATUS" 1 "ucjob ssh without ssh: exit 1"

stand_in code
run env PATH="$BIN:$PATH" "$UCJOB" -F "$CFG" code 2490
is "$STATUS" 0 "ucjob code PORT: exit 0"
is "$(cat "$W/code.log")" "code|--remote|ssh-remote+ucloud-job-2490|/work" \
    "ucjob code: code --remote ssh-remote+ALIAS /work"
: >"$W/code.log"
run env PATH="$BIN:$PATH" "$UCJOB" -F "$CFG" code ucloud-job-2490 /work/project
is "$(cat "$W/code.log")" "code|--remote|ssh-remote+ucloud-job-2490|/work/project" \
    "ucjob code ALIAS DIR"
run env PATH="$BIN:$PATH" "$UCJOB" -F "$CFG" code 2490 relative
is "$STATUS" 2 "ucjob code with a relative directory: exit 2"
rm "$BIN/code"
run env PATH="$BIN:/usr/bin:/bin" "$UCJOB" -F "$CFG" code 2490
is "$STATUS" 1 "ucjob code without code: exit 1"
like "$ERR" "^ucjob: cannot open VS Code: the 'code' command is not on PATH; install" \
    "ucjob code without code: a clear error"

# --- prune without a terminal, bad options ----------------------------------

cp "$CFG" "$W/exec_orig"
run "$UCJOB" -F "$CFG" prune
is "$STATUS" 2 "prune without a terminal and without --yes: exit 2"
like "$ERR" -- '--yes' "and it points at --yes"
same_bytes "$CFG" "$W/exec_orig" "and nothing is removed"
run "$UCJOB" -F "$CFG" check --connect --timeout 0
is "$STATUS" 2 "check --timeout 0: exit 2"

for cmd in check prune doctor ssh code; do
	run "$UCJOB" "$cmd" --help
	is "$STATUS" 0 "$cmd --help exits 0"
done


# --- Fix hints that fit the winning line ------------------------------------
fresh_sandbox hints
# A Host * section above an existing block: move the block up.
CFG=$W/hint.conf
: >"$CFG"
"$UCJOB" -q -F "$CFG" add 2465 -i "$HOME/.ssh/id" --no-verify
{ printf 'Host *\n  User other\n'; cat "$CFG"; } >"$W/hint.tmp" &&
	mv "$W/hint.tmp" "$CFG"
run "$UCJOB" -F "$CFG" add 2465 -i "$HOME/.ssh/id" --job 7
is "$STATUS" 1 "a Host * above the block wins: add fails"
like "$ERR" "user is 'other', not 'ucloud': $CFG line 2 \\(User other\\) comes first; move the lines from '# BEGIN ucjob' to '# END ucjob' above line 1" \
    "the fix is to move the block above the Host section"
unlike "$ERR" "below the block" "not to move the Host * line below the block"

# An included file: move the Include below the block.
printf 'User ext\n' >"$HOME/.ssh/extra.conf"
printf 'Include extra.conf\n' >"$CFG"
run "$UCJOB" -F "$CFG" add 2465 -i "$HOME/.ssh/id"
is "$STATUS" 1 "an included file wins: add fails"
like "$ERR" "$HOME/.ssh/extra.conf line 1 \\(User ext\\) comes first; move the Include line that reads $HOME/.ssh/extra.conf below the block" \
    "the fix is to move the Include line below the block"
unlike "$ERR" "move that line" "not to move the included line itself"

# A top-level line: move it below the block (as before).
printf 'User top\n' >"$CFG"
run "$UCJOB" -F "$CFG" add 2465 -i "$HOME/.ssh/id"
like "$ERR" "\\(User top\\) comes first; move that line below the block or into a Host section" \
    "a top-level line: move it below the block or into a Host section"

# Under -F, an entry ssh -G does not see as written is no $HOME problem.
: >"$CFG"
"$UCJOB" -q -F "$CFG" add 2465 -i "$HOME/.ssh/id" --no-verify
grep -v -e '^ *HostName ' -e '^ *HostKeyAlias ' "$CFG" >"$W/hint.tmp" &&
	cat "$W/hint.tmp" >"$CFG"
run "$UCJOB" -F "$CFG" check 2465
is "$STATUS" 1 "check -F of an entry without HostName and HostKeyAlias fails"
like "$OUT" "ssh -G does not reach ucloud-job-2465 \\(is the file Included, or is the entry edited by hand\\?\\)" \
    "saying ssh -G does not reach it, and why that may be"
unlike "$OUT" "it reads|password database" "not that ssh reads another home's config"

done_testing
