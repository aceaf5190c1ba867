#!/bin/sh
# tests/windows/libconfuse.sh DIR - build libconfuse for x86_64-w64-mingw32
# from Debian's own source package, into DIR (under build/, never
# committed): DIR/include/confuse.h, DIR/lib/libconfuse.a and its license
# notice, DIR/LICENSE, which ships beside the static ucjob.exe.
#
# The source is fetched with `apt-get source --download-only` through a
# sources list of our own (a deb-src twin of each deb entry the machine
# already uses, Debian's and its security archive), with its own package
# lists under DIR/apt: the system's apt configuration is left unchanged.
# Only the .orig tarball is needed; its few .c files are compiled
# directly (no configure step, so no autotools).
set -eu

dir=${1:?usage: libconfuse.sh DIR}
cc=${MINGW_CC:-x86_64-w64-mingw32-gcc}
ar=${MINGW_AR:-x86_64-w64-mingw32-ar}
[ -f "$dir/lib/libconfuse.a" ] && [ -f "$dir/include/confuse.h" ] &&
    [ -f "$dir/LICENSE" ] && exit 0
mkdir -p "$dir/apt/lists/partial" "$dir/src" "$dir/include" "$dir/lib"
dir=$(cd "$dir" && pwd)

# deb-src twins of the machine's deb entries (deb822 and one-line form).
sources=$dir/apt/sources.list
: >"$sources"
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
    /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	case $f in
	*.sources)
		awk '
			/^[ \t]*$/ { flush(); next }
			/^[A-Za-z-]+:/ {
				key = $1; sub(/:$/, "", key); val = $0
				sub(/^[^:]*:[ \t]*/, "", val); f[key] = val; next
			}
			function flush(   n, s, i, opt) {
				if (f["Types"] ~ /(^| )deb( |$)/ &&
				    f["URIs"] ~ /debian/ && f["Enabled"] != "no") {
					opt = ""
					if (f["Signed-By"] != "")
						opt = " [signed-by=" f["Signed-By"] "]"
					n = split(f["Suites"], s, " ")
					for (i = 1; i <= n; i++)
						printf "deb-src%s %s %s %s\n", opt,
						    f["URIs"], s[i], f["Components"]
				}
				delete f
			}
			END { flush() }' "$f" >>"$sources"
		;;
	*)
		sed -n 's/^deb \(.*debian.*\)$/deb-src \1/p' "$f" >>"$sources"
		;;
	esac
done
if [ ! -s "$sources" ]; then
	echo "libconfuse.sh: no Debian deb entry in /etc/apt to derive a deb-src entry from" >&2
	exit 1
fi

apt_opts="-o Dir::Etc::SourceList=$sources -o Dir::Etc::SourceParts=/nonexistent
 -o Dir::State::Lists=$dir/apt/lists -o APT::Get::List-Cleanup=0"
# shellcheck disable=SC2086 # $apt_opts is a word list
apt-get -q $apt_opts update >"$dir/apt/update.log" 2>&1 || {
	cat "$dir/apt/update.log" >&2
	exit 1
}
# Only the .orig tarball is used: a mirror that lacks the Debian diff
# makes apt-get fail after fetching it, which is fine.
rm -f "$dir"/src/libconfuse_*
# shellcheck disable=SC2086
(cd "$dir/src" && apt-get -q $apt_opts -o APT::Sandbox::User=root \
    source --download-only libconfuse) >"$dir/apt/source.log" 2>&1 || :
orig=$(ls "$dir"/src/libconfuse_*.orig.tar.* 2>/dev/null | head -n 1)
if [ -z "$orig" ]; then
	cat "$dir/apt/source.log" >&2
	echo "libconfuse.sh: no libconfuse .orig tarball fetched" >&2
	exit 1
fi
tree=$dir/src/tree
rm -rf "$tree"
mkdir -p "$tree"
tar -xf "$orig" -C "$tree" --strip-components=1

# What its configure would find for mingw-w64 (configure.ac checks these).
# Neither fmemopen nor reallocarray is there: reallocarray.c is compiled,
# fmemopen comes from ucjob's compat_win32.c (libconfuse's stand-in uses
# the ANSI API for its temporary file name).
cat >"$tree/src/config.h" <<'CONF'
#define PACKAGE_VERSION "3.3"
#define VERSION "3.3"
#define HAVE_STRING_H 1
#define HAVE_STRINGS_H 1
#define HAVE_UNISTD_H 1
#define HAVE_SYS_STAT_H 1
#define HAVE_WINDOWS_H 1
#define HAVE_STRCASECMP 1
#define HAVE_STRDUP 1
#define PACKAGE_STRING "libConfuse 3.3"
CONF
(cd "$tree/src" && flex -Pcfg_yy -olexer.c lexer.l)
objs=
for c in confuse.c lexer.c reallocarray.c; do
	o=$tree/src/${c%.c}.o
	$cc -O2 -DHAVE_CONFIG_H -D_GNU_SOURCE -I"$tree/src" \
	    -c "$tree/src/$c" -o "$o"
	objs="$objs $o"
done
rm -f "$dir/lib/libconfuse.a"
# shellcheck disable=SC2086 # $objs is a word list
$ar rcs "$dir/lib/libconfuse.a" $objs
cp "$tree/src/confuse.h" "$dir/include/confuse.h"
# The notice its license asks to keep with every copy (ucjob.exe links it
# statically).
for f in LICENSE COPYING; do
	if [ -f "$tree/$f" ]; then
		cp "$tree/$f" "$dir/LICENSE"
		break
	fi
done
[ -f "$dir/LICENSE" ] || {
	echo "libconfuse.sh: no LICENSE or COPYING in the libconfuse source" >&2
	exit 1
}
