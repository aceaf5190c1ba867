#!/bin/sh
# t0618-login-interrupt: Ctrl-C at login's token prompt (echo off) ends
# ucjob by SIGINT with the terminal's echo back on.  Run on a pseudo-
# terminal made by python3's pty module.
. "$(dirname "$0")/lib/lib.sh"

command -v python3 >/dev/null 2>&1 || skip_all "no python3"
python3 -c 'import pty, termios' 2>/dev/null || skip_all "no python3 pty"

cat >"$TMPD/drive_tty.py" <<'PY'
import os, pty, signal, sys, termios, time

pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "login"])

def echo():
    return bool(termios.tcgetattr(fd)[3] & termios.ECHO)

# Wait (at most 10 s) for the prompt, then for the echo to go off.
buf, end = b"", time.time() + 10
while b"token" not in buf and time.time() < end:
    try:
        buf += os.read(fd, 1024)
    except OSError:
        break
while echo() and time.time() < end:
    time.sleep(0.01)
print("prompt=%d echo-at-prompt=%d" % (b"token" in buf, echo()))
os.write(fd, b"\x03")
_, status = os.waitpid(pid, 0)
print("signal=%d echo-after=%d" % (os.WTERMSIG(status)
    if os.WIFSIGNALED(status) else 0, echo()))
PY

run python3 "$TMPD/drive_tty.py" "$UCJOB"
is "$STATUS" 0 "the pty driver ran" || diag "$ERR"
like "$OUT" 'prompt=1 echo-at-prompt=0' "login prompts for the token with echo off"
like "$OUT" "signal=2 " "Ctrl-C ends login by SIGINT"
like "$OUT" 'echo-after=1' "the echo is back on after Ctrl-C"
done_testing
