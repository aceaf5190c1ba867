# ucjob - SSH access to UCloud jobs
# See LICENSE file for copyright and license details.
.POSIX:

include config.mk

LIBSRC = src/atomicfile.c src/osfile_posix.c src/buf.c src/xmalloc.c src/diff.c src/entry.c src/keys.c src/knownhosts.c \
	src/identity.c src/suggest.c \
	src/parse_ssh.c src/precedence.c src/verify.c \
	src/msg.c src/pasted.c src/paste_input.c src/paths.c src/paths_posix.c \
	src/settings.c src/spawn.c src/spawn_posix.c src/spawn_many_posix.c \
	src/parse_keygen.c src/clipboard.c src/clip_exe.c \
	src/sshconfig.c src/sshtok.c src/json.c src/validate.c \
	src/sshprobe.c src/sshprobe_net.c src/endpoint.c src/interrupt.c \
	src/http.c src/api.c src/ucloud.c src/credentials.c src/sshkeys_api.c src/secret.c \
	src/sync.c src/sync_job.c
SRC = src/main.c src/cmd_add.c src/cmd_common.c src/cmd_list.c src/cmd_rm.c \
	src/mainconfig.c \
	src/help.c src/cmd_check.c src/cmd_doctor.c src/cmd_exec.c \
	src/jobcheck.c src/cmd_key.c \
	src/account.c src/cmd_login.c src/cmd_jobs.c \
	src/cmd_sync.c src/cmd_wait.c $(LIBSRC)
LIBOBJ = $(LIBSRC:.c=.o)
OBJ = $(SRC:.c=.o)
HDR = src/*.h

TESTSRC = tests/unit.c tests/check_validate.c tests/check_settings.c \
	tests/check_spawn.c tests/check_sshconfig.c tests/check_pasted.c \
	tests/check_suggest.c \
	tests/check_parse_keygen.c tests/check_clipboard.c \
	tests/check_diff.c \
	tests/check_knownhosts.c tests/check_parse_ssh.c \
	tests/check_precedence.c \
	tests/check_winargv.c compat/win32/winargv.c \
	tests/check_clip_exe.c \
	tests/check_endpoint.c \
	tests/check_sshprobe.c tests/check_atomicfile.c \
	tests/check_http.c tests/check_sync.c tests/check_jwt.c
TESTOBJ = $(TESTSRC:.c=.o)
# Helpers the shell tests run (never installed).
TOOLSRC = tests/tools/sancanary.c tests/tools/killafter.c
TOOLS = $(TOOLSRC:.c=)
# The probe timing of `make bench` (not part of check, never installed).
PROBEBENCHOBJ = tests/tools/probebench.o src/sshprobe.o src/sshprobe_net.o \
	src/validate.o src/xmalloc.o

all: ucjob

.c.o:
	$(CC) $(CFLAGS) $(CPPFLAGS) $(INCS) -Isrc -c $< -o $@

$(OBJ) $(TESTOBJ) tests/tools/probebench.o: $(HDR) config.mk .buildflags

ucjob: $(OBJ)
	$(CC) -o $@ $(OBJ) $(LDFLAGS) $(LIBS)

tests/unit: $(TESTOBJ) $(LIBOBJ)
	$(CC) -o $@ $(TESTOBJ) $(LIBOBJ) $(LDFLAGS) $(LIBS) $(CHECKLIBS)

# The flags of the last build: objects built with other flags (a plain
# build before `make check SANITIZE=1`) are rebuilt.
.buildflags: FORCE
	@echo '$(CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS)' >.buildflags.new; \
	if cmp -s .buildflags.new .buildflags; then rm -f .buildflags.new; \
	else mv -f .buildflags.new .buildflags; fi

FORCE:

tests/tools/probebench: $(PROBEBENCHOBJ)
	$(CC) -o $@ $(PROBEBENCHOBJ) $(LDFLAGS) $(LIBS)

$(TOOLS): $(TOOLSRC) .buildflags
	$(CC) $(CFLAGS) $(CPPFLAGS) -o $@ $@.c $(LDFLAGS)

# Test objects: each from its own source (listed below), with Check's
# flags; the winargv cases are a header of the tests.
$(TESTOBJ):
	$(CC) $(CFLAGS) $(CPPFLAGS) $(INCS) $(CHECKINCS) -Isrc -c $(@:.o=.c) -o $@
tests/check_winargv.o: tests/winargv_cases.h compat/win32/winargv.h
compat/win32/winargv.o: compat/win32/winargv.h
tests/unit.o: tests/unit.c
tests/check_validate.o: tests/check_validate.c
tests/check_settings.o: tests/check_settings.c
tests/check_spawn.o: tests/check_spawn.c
tests/check_sshconfig.o: tests/check_sshconfig.c
tests/check_pasted.o: tests/check_pasted.c
tests/check_suggest.o: tests/check_suggest.c
tests/check_parse_keygen.o: tests/check_parse_keygen.c
tests/check_clipboard.o: tests/check_clipboard.c
tests/check_diff.o: tests/check_diff.c
tests/check_knownhosts.o: tests/check_knownhosts.c
tests/check_parse_ssh.o: tests/check_parse_ssh.c
tests/check_precedence.o: tests/check_precedence.c
tests/check_winargv.o: tests/check_winargv.c
compat/win32/winargv.o: compat/win32/winargv.c
tests/check_clip_exe.o: tests/check_clip_exe.c
tests/check_endpoint.o: tests/check_endpoint.c
tests/check_sshprobe.o: tests/check_sshprobe.c
tests/check_atomicfile.o: tests/check_atomicfile.c
tests/check_http.o: tests/check_http.c
tests/check_sync.o: tests/check_sync.c
tests/check_jwt.o: tests/check_jwt.c

# Install what is missing (Debian/Ubuntu: apt-get, sudo when not root).
deps:
	@sh tests/deps.sh

check:
	@sh tests/deps.sh test
	$(MAKE) ucjob tests/unit $(TOOLS)
	@sh tests/run.sh

# The long soaks: 200 SIGKILLs, 80 concurrent writers and 20001 jobs
# (check runs a short version of each but the last).
stress:
	@sh tests/deps.sh test
	$(MAKE) ucjob $(TOOLS)
	@UCJOBTEST_STRESS=1 sh tests/run.sh tests/t0400-crash.sh tests/t0410-concurrency.sh \
	    tests/t0627-jobs-bounds.sh

# libFuzzer targets (clang), FUZZ_SECONDS each; not part of check.
fuzz:
	@sh tests/fuzz/deps.sh
	@LIBSRC="$(LIBSRC)" sh tests/fuzz/run.sh

demo: deps
	$(MAKE) ucjob
	@sh tests/demo.sh

# Timings against the I/O floor, ssh -G and a peer; not part of check.
bench: deps
	$(MAKE) ucjob tests/tools/probebench
	@sh tests/bench/bench.sh
	@sh tests/bench/sync.sh

# The Windows cross-build and its tests under wine (windows.mk, GNU make).
windows:
	@sh tests/windows/deps.sh build
	$(MAKE) -f windows.mk SRC="$(SRC)" windows

check-windows:
	@sh tests/windows/deps.sh
	@$(MAKE) -s -f windows.mk SRC="$(SRC)" check-windows

# The static musl build and the shell suites against it (static.mk, GNU make).
static:
	@sh tests/deps.sh static
	$(MAKE) -f static.mk SRC="$(SRC)" static

check-static:
	@sh tests/deps.sh test static
	$(MAKE) $(TOOLS)
	@$(MAKE) -s -f static.mk SRC="$(SRC)" check-static

clean:
	rm -f ucjob tests/unit $(OBJ) $(TESTOBJ) ucjob-$(VERSION).tar.gz
	rm -f $(TOOLS) .buildflags tests/tools/probebench tests/tools/probebench.o
	rm -rf tests/fuzz/work
	rm -rf build

# The committed tree (HEAD), as git has it.
dist:
	git archive --format=tar --prefix=ucjob-$(VERSION)/ HEAD | \
		gzip -c > ucjob-$(VERSION).tar.gz

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin
	cp -f ucjob $(DESTDIR)$(PREFIX)/bin
	chmod 755 $(DESTDIR)$(PREFIX)/bin/ucjob
	mkdir -p $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man5
	sed "s/VERSION/$(VERSION)/g" < man/ucjob.1 \
		> $(DESTDIR)$(MANPREFIX)/man1/ucjob.1
	sed "s/VERSION/$(VERSION)/g" < man/ucjob.conf.5 \
		> $(DESTDIR)$(MANPREFIX)/man5/ucjob.conf.5
	chmod 644 $(DESTDIR)$(MANPREFIX)/man1/ucjob.1 \
		$(DESTDIR)$(MANPREFIX)/man5/ucjob.conf.5
	mkdir -p $(DESTDIR)$(SHAREDIR)
	cp -f share/ucjob/config.example $(DESTDIR)$(SHAREDIR)
	chmod 644 $(DESTDIR)$(SHAREDIR)/config.example
	mkdir -p $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DESTDIR)$(FISHCOMPDIR)
	cp -f completions/ucjob.bash $(DESTDIR)$(BASHCOMPDIR)/ucjob
	cp -f completions/_ucjob $(DESTDIR)$(ZSHCOMPDIR)/_ucjob
	cp -f completions/ucjob.fish $(DESTDIR)$(FISHCOMPDIR)/ucjob.fish
	chmod 644 $(DESTDIR)$(BASHCOMPDIR)/ucjob $(DESTDIR)$(ZSHCOMPDIR)/_ucjob \
		$(DESTDIR)$(FISHCOMPDIR)/ucjob.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/ucjob \
		$(DESTDIR)$(MANPREFIX)/man1/ucjob.1 \
		$(DESTDIR)$(MANPREFIX)/man5/ucjob.conf.5 \
		$(DESTDIR)$(SHAREDIR)/config.example \
		$(DESTDIR)$(BASHCOMPDIR)/ucjob $(DESTDIR)$(ZSHCOMPDIR)/_ucjob \
		$(DESTDIR)$(FISHCOMPDIR)/ucjob.fish
	-rmdir $(DESTDIR)$(SHAREDIR)

.PHONY: all deps check stress demo clean dist install uninstall windows check-windows
.PHONY: FORCE fuzz
.PHONY: bench static check-static
