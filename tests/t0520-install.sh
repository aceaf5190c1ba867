#!/bin/sh
# tests/t0520-install.sh - make install / uninstall into a DESTDIR with
# PREFIX, MANPREFIX and the completion directories, as a packager would;
# then make dist: the tarball lists what git tracks, and it builds.

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

# make dist from a clone of the committed tree, so the working tree is
# left alone: the tarball holds exactly the files git tracks, under
# ucjob-VERSION/, and what it holds builds.
if ! git -C "$TOP" rev-parse --verify -q HEAD >/dev/null 2>&1; then
	skip "make dist" "not a git checkout"
	done_testing
fi
git clone -q "$TOP" "$TMPD/src" || fail "git clone of the tree"
run $MAKE -s -C "$TMPD/src" dist
is "$STATUS" 0 "make dist succeeds"
version=$(sed -n 's/^VERSION = //p' "$TOP/config.mk")
tarball=$TMPD/src/ucjob-$version.tar.gz
check "make dist writes ucjob-$version.tar.gz" test -f "$tarball"
git -C "$TMPD/src" ls-files | sed "s|^|ucjob-$version/|" | sort >"$TMPD/tracked"
gzip -dc "$tarball" | tar -tf - | grep -v '/$' | sort >"$TMPD/listed"
if cmp -s "$TMPD/tracked" "$TMPD/listed"; then
	ok "the tarball holds exactly the files git ls-files lists"
else
	fail "the tarball holds exactly the files git ls-files lists" \
	    "$(diff "$TMPD/tracked" "$TMPD/listed" | head -n 20)"
fi
mkdir "$TMPD/unpack"
(cd "$TMPD/unpack" && gzip -dc "$tarball" | tar -xf -)
dir=$TMPD/unpack/ucjob-$version
run $MAKE -C "$dir" ucjob
is "$STATUS" 0 "the unpacked tarball builds"
run "$dir/ucjob" --version
is "$OUT" "ucjob $version" "and its ucjob runs"

done_testing
