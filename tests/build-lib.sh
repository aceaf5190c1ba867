#!/bin/sh
# tests/build-lib.sh LIB CC DIR - build the static library LIB
# (libconfuse or jansson) with the C compiler CC (x86_64-w64-mingw32-gcc
# for `make windows`, musl-gcc for `make static`) from Debian's own source
# package, into DIR (under build/, never committed):
#
#   DIR/include/   confuse.h, or jansson.h and jansson_config.h
#   DIR/lib/       libconfuse.a or libjansson.a
#   DIR/LICENSE    the library's copyright notice, shipped beside the
#                  executable that links it
#
# The archiver is AR, or CC's own (x86_64-w64-mingw32-ar) when there is
# one, or ar. The target is told from CC's predefined macros: _WIN32 is
# mingw-w64, anything else a POSIX C library (musl).
#
# The source is fetched with `apt-get source --download-only` through a
# sources list of our own (a deb-src twin of each deb entry the machine
# already uses, Debian's and its security archive), with its own package
# lists under DIR/apt: the system's apt configuration is left unchanged.
# Only the .orig tarball is needed; its few .c files are compiled
# directly with a config header written here (no configure step, so no
# autotools or cmake).
set -eu

usage="usage: build-lib.sh libconfuse|jansson CC DIR"
lib=${1:?$usage}
cc=${2:?$usage}
dir=${3:?$usage}
case $lib in
libconfuse) archive=libconfuse.a header=confuse.h ;;
jansson) archive=libjansson.a header=jansson.h ;;
*) echo "$usage" >&2; exit 2 ;;
esac
[ -f "$dir/lib/$archive" ] && [ -f "$dir/include/$header" ] &&
    [ -f "$dir/LICENSE" ] && exit 0
if [ -n "${AR:-}" ]; then
	ar=$AR
elif [ "${cc%-gcc}" != "$cc" ] && command -v "${cc%gcc}ar" >/dev/null 2>&1
then
	ar=${cc%gcc}ar
else
	ar="ar"
fi
if printf '#ifdef _WIN32\nyes\n#endif\n' | "$cc" -E -P - | grep -q yes; then
	target=windows
else
	target=posix
fi
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
	echo "build-lib.sh: no Debian deb entry in /etc/apt to derive a deb-src entry from" >&2
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
rm -f "$dir/src/${lib}_"*
# shellcheck disable=SC2086
(cd "$dir/src" && apt-get -q $apt_opts -o APT::Sandbox::User=root \
    source --download-only "$lib") >"$dir/apt/source.log" 2>&1 || :
orig=$(ls "$dir/src/${lib}_"*.orig.tar.* 2>/dev/null | head -n 1)
if [ -z "$orig" ]; then
	cat "$dir/apt/source.log" >&2
	echo "build-lib.sh: no $lib .orig tarball fetched" >&2
	exit 1
fi
tree=$dir/src/tree
rm -rf "$tree"
mkdir -p "$tree"
tar -xf "$orig" -C "$tree" --strip-components=1
# The upstream version, from the tarball's name (libconfuse_3.3.orig...).
version=${orig##*/"${lib}"_}
version=${version%%.orig.*}

# libconfuse_config: what its configure would find (configure.ac checks
# these). mingw-w64 has neither fmemopen nor reallocarray: reallocarray.c
# is compiled, fmemopen comes from ucjob's Windows compat layer (the
# library's stand-in uses the ANSI API for its temporary file name).
libconfuse_config() {
	cat <<CONF
#define PACKAGE_VERSION "$version"
#define VERSION "$version"
#define PACKAGE_STRING "libConfuse $version"
#define HAVE_STRING_H 1
#define HAVE_STRINGS_H 1
#define HAVE_UNISTD_H 1
#define HAVE_SYS_STAT_H 1
#define HAVE_STRCASECMP 1
#define HAVE_STRDUP 1
CONF
	if [ "$target" = windows ]; then
		echo '#define HAVE_WINDOWS_H 1'
	else
		printf '#define %s 1\n' HAVE_FMEMOPEN HAVE_REALLOCARRAY \
		    HAVE_STRNDUP
	fi
}

# jansson_configs: jansson_config.h (public, what its configure
# substitutes into jansson_config.h.in) and jansson_private_config.h
# (what its cmake/jansson_private_config.h.cmake names). Both targets are
# gcc: inline, long long, and the __atomic builtins for reference counts.
jansson_configs() {
	sed -e 's/@json_inline@/inline/' \
	    -e 's/@json_have_long_long@/1/' \
	    -e 's/@json_have_localeconv@/1/' \
	    -e 's/@json_have_atomic_builtins@/1/' \
	    -e 's/@json_have_sync_builtins@/1/' \
	    "$tree/src/jansson_config.h.in" >"$tree/src/jansson_config.h"
	if grep -q "^#.*@[a-z_]*@" "$tree/src/jansson_config.h"; then
		echo "build-lib.sh: jansson_config.h.in has a substitution this script does not know:" >&2
		grep "^#.*@[a-z_]*@" "$tree/src/jansson_config.h" >&2
		exit 1
	fi
	{
		printf '#define %s 1\n' HAVE_FCNTL_H HAVE_UNISTD_H \
		    HAVE_SYS_PARAM_H HAVE_SYS_STAT_H HAVE_SYS_TIME_H \
		    HAVE_SYS_TYPES_H HAVE_STDINT_H HAVE_CLOSE HAVE_GETPID \
		    HAVE_GETTIMEOFDAY HAVE_OPEN HAVE_READ HAVE_SYNC_BUILTINS \
		    HAVE_ATOMIC_BUILTINS HAVE_LOCALE_H HAVE_SETLOCALE \
		    HAVE_INT32_T HAVE_UINT32_T HAVE_UINT16_T HAVE_UINT8_T \
		    HAVE_SSIZE_T
		if [ "$target" = windows ]; then
			echo '#define USE_WINDOWS_CRYPTOAPI 1'
		else
			printf '#define %s 1\n' HAVE_ENDIAN_H HAVE_SCHED_H \
			    HAVE_SCHED_YIELD USE_URANDOM
		fi
		echo '#define INITIAL_HASHTABLE_ORDER 3'
	} >"$tree/src/jansson_private_config.h"
}

case $lib in
libconfuse)
	libconfuse_config >"$tree/src/config.h"
	(cd "$tree/src" && flex -Pcfg_yy -olexer.c lexer.l)
	sources="confuse.c lexer.c"
	[ "$target" = windows ] && sources="$sources reallocarray.c"
	headers=confuse.h
	;;
jansson)
	jansson_configs
	sources=$(cd "$tree/src" && echo *.c)
	headers="jansson.h jansson_config.h"
	;;
esac
objs=
for c in $sources; do
	o=$tree/src/${c%.c}.o
	"$cc" -O2 -DHAVE_CONFIG_H -D_GNU_SOURCE -I"$tree/src" \
	    -c "$tree/src/$c" -o "$o"
	objs="$objs $o"
done
rm -f "$dir/lib/$archive"
# shellcheck disable=SC2086 # $objs is a word list
"$ar" rcs "$dir/lib/$archive" $objs
for h in $headers; do
	cp "$tree/src/$h" "$dir/include/$h"
done
# The notice its license asks to keep with every copy (ucjob links it
# statically).
rm -f "$dir/LICENSE"
for f in LICENSE COPYING; do
	if [ -f "$tree/$f" ]; then
		cp "$tree/$f" "$dir/LICENSE"
		break
	fi
done
if [ ! -f "$dir/LICENSE" ]; then
	echo "build-lib.sh: no LICENSE or COPYING in the $lib source" >&2
	exit 1
fi
