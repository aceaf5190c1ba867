# static.mk - the static Linux build (`make static`, `make check-static`
# run it): ucjob linked statically against musl (Debian's musl-tools), one
# file to drop into ~/bin on a machine without root, and the shell suites
# run against it. GNU make. Everything it makes lives in $(STATICDIR)
# (build/, not committed); `sh tests/deps.sh static` installs what it needs.
#
# libconfuse and jansson are built from Debian's source packages with
# musl-gcc (tests/build-lib.sh). musl has strlcpy, strlcat and
# reallocarray but not closefrom: compat/bsd-compat.h declares it (included
# first) and compat/closefrom.c provides it. The Makefile's SRC is passed
# in and compiled unchanged.

include config.mk

MUSLCC = musl-gcc
STATICDIR = build/static
STATIC_CONFUSEDIR = $(STATICDIR)/libconfuse
STATIC_JANSSONDIR = $(STATICDIR)/jansson
STATICLIBS = $(STATIC_CONFUSEDIR)/lib/libconfuse.a \
	$(STATIC_JANSSONDIR)/lib/libjansson.a

COMPATSRC = compat/closefrom.c
STATICSRC = $(SRC) $(COMPATSRC)
STATICOBJ = $(STATICSRC:%.c=$(STATICDIR)/%.o)

STATICCPPFLAGS = $(CPPFLAGS) -Isrc -Icompat -I$(STATIC_CONFUSEDIR)/include \
	-I$(STATIC_JANSSONDIR)/include -include compat/bsd-compat.h
STATICCFLAGS = -std=c99 -pedantic -Wall -Wextra $(WERROR) -O2
STATICLDFLAGS = -static -s
STATICLDLIBS = -L$(STATIC_CONFUSEDIR)/lib -L$(STATIC_JANSSONDIR)/lib \
	-lconfuse -ljansson

# The notices shipped beside the executable: ucjob's own (once the
# top-level LICENSE is there) and those of the libraries linked in.
NOTICES = $(if $(wildcard LICENSE),$(STATICDIR)/LICENSE) \
	$(STATICDIR)/LICENSE.libconfuse $(STATICDIR)/LICENSE.jansson
# The link test of jansson, run by check-static.
JSONTEST = $(STATICDIR)/tests/static/jsonparse

static: $(STATICDIR)/ucjob $(NOTICES)

$(STATIC_CONFUSEDIR)/lib/libconfuse.a:
	sh tests/build-lib.sh libconfuse $(MUSLCC) $(STATIC_CONFUSEDIR)

$(STATIC_JANSSONDIR)/lib/libjansson.a:
	sh tests/build-lib.sh jansson $(MUSLCC) $(STATIC_JANSSONDIR)

$(STATICDIR)/LICENSE: LICENSE
	@mkdir -p $(STATICDIR)
	cp -f LICENSE $@

$(STATICDIR)/LICENSE.libconfuse: $(STATIC_CONFUSEDIR)/lib/libconfuse.a
	cp $(STATIC_CONFUSEDIR)/LICENSE $@

$(STATICDIR)/LICENSE.jansson: $(STATIC_JANSSONDIR)/lib/libjansson.a
	cp $(STATIC_JANSSONDIR)/LICENSE $@

$(STATICDIR)/%.o: %.c src/*.h compat/*.h config.mk static.mk $(STATICLIBS)
	@mkdir -p $(dir $@)
	$(MUSLCC) $(STATICCFLAGS) $(STATICCPPFLAGS) -c $< -o $@

$(STATICDIR)/ucjob: $(STATICOBJ)
	$(MUSLCC) -o $@ $(STATICOBJ) $(STATICLDFLAGS) $(STATICLDLIBS)

$(JSONTEST): $(STATICDIR)/tests/static/jsonparse.o
	$(MUSLCC) -o $@ $< $(STATICLDFLAGS) $(STATICLDLIBS)

# The shell suites against the static binary (lib.sh runs $UCJOB), and
# the jansson link test.
check-static: static $(JSONTEST)
	@UCJOB=$(CURDIR)/$(STATICDIR)/ucjob JSONPARSE=$(CURDIR)/$(JSONTEST) \
	    sh tests/run.sh tests/t0*.sh tests/static/s*.sh

.PHONY: static check-static
