#!/bin/sh
# tests/t0520-install.sh - make install / uninstall into a DESTDIR with
# PREFIX, MANPREFIX and the completion directories, as a packager would;
# then make dist, and make check from the tarball (once: not recursively).

. "$(dirname "$0")/lib/lib.sh"

TOP=$(pwd)
D=$TMPD/dest
MAKE=${MAKE:-make}

run $MAKE -s install DESTDIR="$D" PREFIX=/opt/uc MANPREFIX=/opt/uc/man \
    BASHCOMPDIR=/bc ZSHCOMPDIR=/zc FISHCOMPDIR=/fc
is "$STATUS" 0 "make install with DESTDIR and PREFIX succeeds"
for f in /opt/uc/bin/ucjob:-rwxr-xr-x /opt/uc/man/man1/ucjob.1:-rw-r--r-- \
    /opt/uc/man/man5/ucjob.conf.5:-rw-r--r-- \
    /opt/uc/share/ucjob/config.example:-rw-r--r-- /bc/ucjob:-rw-r--r-- \
    /zc/_ucjob:-rw-r--r-- /fc/ucjob.fish:-rw-r--r--; do
	path=${f%%:*}
	mode=${f#*:}
	if [ -f "$D$path" ]; then
		is "$(file_mode "$D$path")" "$mode" "installed $path with mode $mode"
	else
		fail "installed $path"
	fi
done
like "$(grep -c . "$D/opt/uc/man/man1/ucjob.1")" '^[0-9]+$' "the man page is there"
if command -v mandoc >/dev/null 2>&1; then
	like "$(MANPATH=$D/opt/uc/man man -M "$D/opt/uc/man" ucjob 2>/dev/null | head -5)" \
	    'UCJOB' "man -M finds the installed page"
fi
run "$D/opt/uc/bin/ucjob" --version
like "$OUT" '^ucjob [0-9]' "the installed binary runs"

run $MAKE -s uninstall DESTDIR="$D" PREFIX=/opt/uc MANPREFIX=/opt/uc/man \
    BASHCOMPDIR=/bc ZSHCOMPDIR=/zc FISHCOMPDIR=/fc
is "$STATUS" 0 "make uninstall succeeds"
is "$(find "$D" -type f | wc -l | tr -d ' ')" 0 "uninstall leaves no file behind"

if [ -n "${UCJOBTEST_IN_DIST:-}" ]; then
	skip "make dist" "already inside a dist tree"
	done_testing
fi
# make dist from a copy, so the working tree's build is left alone.
cp -R "$TOP" "$TMPD/src"
run $MAKE -s -C "$TMPD/src" dist
is "$STATUS" 0 "make dist succeeds"
tarball=$(ls "$TMPD/src"/ucjob-*.tar.gz 2>/dev/null | head -n 1)
check "make dist writes ucjob-VERSION.tar.gz" test -f "$tarball"
mkdir "$TMPD/unpack"
(cd "$TMPD/unpack" && gzip -dc "$tarball" | tar -xf -)
dir=$(ls -d "$TMPD/unpack"/ucjob-* | head -n 1)
(cd "$dir" && UCJOBTEST_IN_DIST=1 $MAKE check >"$TMPD/dist-check.log" 2>&1)
status=$?
is "$status" 0 "make check passes in the unpacked tarball"
like "$(grep -v '^make' "$TMPD/dist-check.log" | tail -n 1)" \
    '^[0-9]+ passed, 0 failed' "and ends with its totals"

done_testing
