#!/bin/sh
# tests/static/s0110-closefrom.sh - a program ucjob starts holds only its
# three streams, with musl too: compat/closefrom.c closes what ucjob had
# open above them. A stand-in ssh-keygen (run by `ucjob key`) records
# whether descriptors 7 and 9, open in ucjob, are open in it.

. "$(dirname "$0")/../lib/lib.sh"

[ -d /proc/self/fd ] || skip_all "no /proc/self/fd"
BIN=$TMPD/bin
REC=$TMPD/rec
mkdir -p "$BIN"
# ucjob gives its programs an environment of its own: the record's path
# is written into the stand-in.
cat >"$BIN/ssh-keygen" <<STANDIN
#!/bin/sh
for fd in 7 9; do
	if { true >&\$fd; } 2>/dev/null; then
		echo "\$fd open"
	else
		echo "\$fd closed"
	fi
done >"$REC"
exit 1
STANDIN
chmod +x "$BIN/ssh-keygen"

# The stand-in can see them: run directly, both are open.
(exec 7>"$TMPD/seven" 9<"$BIN/ssh-keygen"; "$BIN/ssh-keygen")
is "$(tr '\n' ' ' <"$REC")" "7 open 9 open " \
    "the stand-in sees descriptors 7 and 9 when they are inherited"

rm -f "$REC"
run env PATH="$BIN:$PATH" "$UCJOB" key --no-passphrase \
    7>"$TMPD/seven" 9<"$BIN/ssh-keygen"
like "$ERR" "ssh-keygen exited with status 1" "ucjob key ran the stand-in"
is "$(tr '\n' ' ' <"$REC" 2>/dev/null)" "7 closed 9 closed " \
    "started by ucjob, it holds neither"
done_testing
