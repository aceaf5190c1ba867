#!/bin/sh
# tests/t0312-identity.sh - the identity file is checked (issue 13 points
# 6 and 7): add refuses a .pub with "did you mean", warns about a missing
# file, doctor checks each entry's IdentityFile, and key pairs with other
# names than id_* are named by add and doctor with how to choose one.

. "$(dirname "$0")/lib/lib.sh"

fresh_sandbox identity
CFG=$HOME/.ssh/config
printf 'Host other\n    User me\n' >"$CFG"
chmod 600 "$CFG"
cp "$CFG" "$TMPD/orig"
ssh-keygen -q -t ed25519 -N '' -C t0312 -f "$HOME/.ssh/ucloud" >/dev/null ||
	fail "ssh-keygen makes the test key"

# A .pub for -i: refused, the config untouched.
run "$UCJOB" -F "$CFG" add --no-verify -i "$HOME/.ssh/ucloud.pub" 2465
is "$STATUS" 2 "add -i KEY.pub: exit 2"
like "$ERR" "is a public key.*did you mean $HOME/.ssh/ucloud\\?" \
    "saying it is the public key and naming the private one"
is "$(printf '%s\n' "$ERR" | wc -l | tr -d ' ')" 1 "in one line"
same_bytes "$CFG" "$TMPD/orig" "nothing written"
run "$UCJOB" -F "$CFG" add --no-verify "ssh -i $HOME/.ssh/ucloud.pub ucloud@ssh.cloud.sdu.dk -p 2465"
is "$STATUS" 2 "a pasted -i KEY.pub: exit 2"
same_bytes "$CFG" "$TMPD/orig" "nothing written"

# Only ~/.ssh/ucloud: add names it instead of only advising id_ed25519.
run "$UCJOB" -F "$CFG" add --no-verify 2465
is "$STATUS" 0 "add with no default key pair succeeds"
like "$ERR" "warning: no key pair with a default name.*holds $HOME/.ssh/ucloud: choose it with -i $HOME/.ssh/ucloud or the identity-file setting" \
    "add names the other key pair and how to choose it"
run "$UCJOB" -F "$CFG" doctor
like "$OUT" "^warn key pair: none with a default name .*holds $HOME/.ssh/ucloud; fix: .*identity-file = \"$HOME/.ssh/ucloud\"" \
    "doctor names it with the identity-file setting"
like "$OUT" "^fail entry ucloud-job-2465: IdentityFile .*/id_ed25519 does not exist" \
    "doctor fails the entry whose IdentityFile is missing"

# A missing file for -i: a warning, the entry written.
run "$UCJOB" -F "$CFG" add --no-verify --name gone -i "$HOME/.ssh/nokey" 2466
is "$STATUS" 0 "add -i MISSING succeeds"
like "$ERR" "warning: identity file $HOME/.ssh/nokey does not exist" "with a warning"
run "$UCJOB" -F "$CFG" add --no-verify --name good -i "$HOME/.ssh/ucloud" 2467
is "$STATUS:$ERR" "0:" "add -i with an existing key: no warning"

# A .pub edited into an entry by hand: doctor fails it, naming the fix.
sed 's|^    IdentityFile .*/ucloud$|&.pub|' "$CFG" >"$TMPD/c" && cat "$TMPD/c" >"$CFG"
run "$UCJOB" -F "$CFG" doctor
like "$OUT" "^fail entry good: IdentityFile .*/ucloud.pub is a public key.*-i .*/ucloud$" \
    "doctor fails an entry whose IdentityFile is a .pub"
is "$STATUS" 1 "doctor exits 1"

# Several pairs: the one used is said, and the others.
ssh-keygen -q -t ed25519 -N '' -C t0312b -f "$HOME/.ssh/id_ed25519" >/dev/null
run "$UCJOB" -F "$CFG" add --no-verify --name two 2468
like "$ERR" "using the key $HOME/.ssh/id_ed25519; ~/.ssh also holds $HOME/.ssh/ucloud" \
    "add says which key it uses and which others there are"
run "$UCJOB" -q -F "$CFG" add --no-verify --name three 2469
is "$ERR" "" "not with --quiet"
run "$UCJOB" -F "$CFG" doctor
like "$OUT" "^ok   key pair: $HOME/.ssh/id_ed25519 and .*[(]also in ~/.ssh: $HOME/.ssh/ucloud; choose one" \
    "doctor says the same"

done_testing
