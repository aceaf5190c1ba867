# ucjob version
VERSION = 0.1.0

# paths
PREFIX = /usr/local
MANPREFIX = $(PREFIX)/share/man
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR = $(PREFIX)/share/fish/vendor_completions.d
SHAREDIR = $(PREFIX)/share/ucjob

PKG_CONFIG = pkg-config

# libbsd-overlay gives strlcpy, reallocarray, strtonum on Linux;
# the BSDs and macOS have them natively: set BSDPKG to nothing there.
BSDPKG = libbsd-overlay
# OpenBSD, FreeBSD, NetBSD and macOS (libconfuse, jansson and pkg-config
# from ports, pkgsrc, Homebrew or MacPorts):
#BSDPKG =
PKGS = libconfuse jansson $(BSDPKG)

# includes and libs (evaluated when a recipe runs, after `make deps`)
INCS = `$(PKG_CONFIG) --cflags $(PKGS)`
LIBS = `$(PKG_CONFIG) --libs $(PKGS)`
CHECKINCS = `$(PKG_CONFIG) --cflags check`
CHECKLIBS = `$(PKG_CONFIG) --libs check`

# sanitizers: make SANITIZE=1
SANFLAGS_1 = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SANFLAGS = $(SANFLAGS_$(SANITIZE))
# gcc's runtimes are linked statically, or UBSan ignores log_path (which
# tests/run.sh uses to catch every report); clang: SANLINK_1 = -static-libsan
SANLINK_1 = -static-libasan -static-libubsan
SANLINK = $(SANLINK_$(SANITIZE))

# flags (CI adds WERROR=-Werror)
WERROR =
CPPFLAGS = -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -DVERSION=\"$(VERSION)\"
# OpenBSD, FreeBSD, NetBSD:
#CPPFLAGS = -D_BSD_SOURCE -DVERSION=\"$(VERSION)\"
# macOS:
#CPPFLAGS = -D_DARWIN_C_SOURCE -DVERSION=\"$(VERSION)\"
CFLAGS = -std=c99 -pedantic -Wall -Wextra -Wformat=2 -Wwrite-strings -Wshadow \
	$(WERROR) -O2 -g $(SANFLAGS)
LDFLAGS = $(SANFLAGS) $(SANLINK)

# compiler and linker
CC = cc
