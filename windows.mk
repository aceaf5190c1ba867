# windows.mk - the Windows cross-build (`make windows`, `make check-windows`
# run it): ucjob.exe with Debian's x86_64-w64-mingw32 toolchain, and the
# Windows tests, run under wine.  GNU make.  Everything it makes lives in
# $(WINDIR) (build/, not committed).
#
# The POSIX platform files are swapped for their Windows twins in
# compat/win32/; every other source of the Makefile's SRC (passed in) is
# shared unchanged, with compat/win32/compat_win32.h included first for
# what libbsd and <err.h> give on POSIX (compat/win32/include stands in
# for the POSIX-only system headers).  A new POSIX-only source must be
# added to POSIXSRC (and get a Windows twin in WIN32SRC).

include config.mk

MINGW = x86_64-w64-mingw32
WINCC = $(MINGW)-gcc
WINDIR = build/win64
CONFUSEDIR = $(WINDIR)/libconfuse
JANSSONDIR = $(WINDIR)/jansson
# Built from Debian's sources by tests/build-lib.sh.
DEPLIBS = $(CONFUSEDIR)/lib/libconfuse.a $(JANSSONDIR)/lib/libjansson.a

W32 = compat/win32
POSIXSRC = src/osfile_posix.c src/paths_posix.c src/spawn_posix.c \
	src/spawn_many_posix.c
WIN32SRC = $(W32)/osfile_win32.c $(W32)/paths_win32.c $(W32)/spawn_win32.c \
	$(W32)/program_win32.c \
	$(W32)/compat_win32.c $(W32)/main_win32.c $(W32)/winargv.c \
	$(W32)/fileperm_win32.c $(W32)/glob_win32.c
WINSRC = $(filter-out $(POSIXSRC),$(SRC)) $(WIN32SRC)
WINOBJ = $(WINSRC:%.c=$(WINDIR)/%.o)
# What test_spawn.exe links besides its own object.
TESTLIBOBJ = $(WINDIR)/src/spawn.o $(WINDIR)/$(W32)/spawn_win32.o \
	$(WINDIR)/$(W32)/program_win32.o \
	$(WINDIR)/$(W32)/winargv.o \
	$(WINDIR)/src/clipboard.o $(WINDIR)/src/clip_exe.o $(WINDIR)/src/buf.o \
	$(WINDIR)/src/xmalloc.o \
	$(WINDIR)/$(W32)/compat_win32.o $(WINDIR)/$(W32)/paths_win32.o \
	$(WINDIR)/src/paths.o \
	$(WINDIR)/$(W32)/main_win32.o

WINCPPFLAGS = -DVERSION=\"$(VERSION)\" -D_POSIX_C_SOURCE=200809L \
	-D__USE_MINGW_ANSI_STDIO=1 -D_WIN32_WINNT=0x0A00 -DWINVER=0x0A00 \
	-DWIN32_LEAN_AND_MEAN \
	-I$(W32)/include -I$(W32) -Isrc -I$(CONFUSEDIR)/include \
	-I$(JANSSONDIR)/include -include $(W32)/compat_win32.h
WINCFLAGS = -std=c99 -pedantic -Wall -Wextra -Wformat=2 -Wwrite-strings \
	-Wshadow $(WERROR) -O2
WINLDFLAGS = -static -municode
WINLIBS = -L$(CONFUSEDIR)/lib -L$(JANSSONDIR)/lib -lconfuse -ljansson \
	-lshell32 -lole32 -luuid -ladvapi32 -lntdll -lws2_32

TESTEXE = $(WINDIR)/tests/test_spawn.exe $(WINDIR)/tests/helper.exe \
	$(WINDIR)/tests/jsonparse.exe

# The license notices that go with the static executable: ucjob's own
# (once the top-level LICENSE is there), libconfuse's and jansson's
# (linked in).
NOTICES = $(if $(wildcard LICENSE),$(WINDIR)/LICENSE) \
	$(WINDIR)/LICENSE.libconfuse $(WINDIR)/LICENSE.jansson

windows: $(WINDIR)/ucjob.exe $(NOTICES)

$(WINDIR)/LICENSE: LICENSE
	@mkdir -p $(WINDIR)
	cp -f LICENSE $@

$(WINDIR)/LICENSE.libconfuse: $(CONFUSEDIR)/lib/libconfuse.a
	cp -f $(CONFUSEDIR)/LICENSE $@

$(WINDIR)/LICENSE.jansson: $(JANSSONDIR)/lib/libjansson.a
	cp -f $(JANSSONDIR)/LICENSE $@

$(CONFUSEDIR)/lib/libconfuse.a:
	sh tests/build-lib.sh libconfuse $(WINCC) $(CONFUSEDIR)

$(JANSSONDIR)/lib/libjansson.a:
	sh tests/build-lib.sh jansson $(WINCC) $(JANSSONDIR)

$(WINDIR)/%.o: %.c src/*.h $(W32)/*.h $(W32)/include/*.h $(W32)/include/*/*.h \
    config.mk windows.mk $(DEPLIBS)
	@mkdir -p $(dir $@)
	$(WINCC) $(WINCFLAGS) $(WINCPPFLAGS) $(EXTRA_$(notdir $*)) -c $< -o $@

# main.c keeps its main(); main_win32.c's wmain() calls it by this name
# (test_spawn.c's too: it gets UTF-8 arguments the same way).
EXTRA_main = -Dmain=ucjob_main
EXTRA_test_spawn = -Dmain=ucjob_main

$(WINDIR)/ucjob.exe: $(WINOBJ)
	$(WINCC) -o $@ $(WINOBJ) $(WINLDFLAGS) $(WINLIBS)

$(WINDIR)/tests/helper.exe: $(WINDIR)/tests/windows/helper.o
	$(WINCC) -o $@ $< $(WINLDFLAGS)

# jansson's link test (tests/static/jsonparse.c).
$(WINDIR)/tests/jsonparse.exe: $(WINDIR)/tests/static/jsonparse.o
	$(WINCC) -o $@ $< -static -L$(JANSSONDIR)/lib -ljansson

$(WINDIR)/tests/test_spawn.exe: $(WINDIR)/tests/windows/test_spawn.o \
    $(TESTLIBOBJ)
	$(WINCC) -o $@ $(WINDIR)/tests/windows/test_spawn.o $(TESTLIBOBJ) \
	    $(WINLDFLAGS) $(WINLIBS)

check-windows: $(WINDIR)/ucjob.exe $(NOTICES) $(TESTEXE)
	@sh tests/windows/run.sh $(WINDIR)

.PHONY: windows check-windows
