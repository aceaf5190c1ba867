/*
 * fuzz_parse_keygen: libFuzzer target for the readers of ssh-keygen's
 * output (parse_keygen.h): the `ssh-keygen -l` fingerprint line and a
 * public key line.  The bytes are handed over exactly, without a NUL
 * after them, so ASan sees any read past the end.  Whatever the bytes:
 *
 *   - on success the copied fields are NUL-terminated in their buffers,
 *     the fingerprint starts with "HASH:", the type is not empty, the
 *     key size is at most 100000, and the comment lies inside the input;
 *   - a public key line accepted has no control character but tabs;
 *   - on failure the reason is one NUL-terminated line.
 *
 * abort() otherwise, which libFuzzer reports as a crash.  Never linked
 * into ucjob; built by tests/fuzz/run.sh (make fuzz).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse_keygen.h"

static void
broken(const char *what)
{
	fprintf(stderr, "fuzz_parse_keygen: invariant broken: %s\n", what);
	abort();
}

static void
one_line(const char *why, size_t size)
{
	if (memchr(why, '\0', size) == NULL)
		broken("reason not terminated");
	if (why[0] == '\0' || strchr(why, '\n') != NULL)
		broken("reason empty or of more than one line");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct key_fingerprint fp;
	char *text, why[256];
	size_t n, i, hl;

	/* malloc(0) may give NULL; one byte keeps the pointer valid. */
	if ((text = malloc(size > 0 ? size : 1)) == NULL)
		return 0;
	memcpy(text, data, size);

	memset(why, 0x55, sizeof(why));
	if (keygen_fingerprint_parse(text, size, &fp, why, sizeof(why)) == 0) {
		if (memchr(fp.fingerprint, '\0', sizeof(fp.fingerprint)) ==
		    NULL || memchr(fp.hash, '\0', sizeof(fp.hash)) == NULL ||
		    memchr(fp.type, '\0', sizeof(fp.type)) == NULL)
			broken("a field not terminated");
		hl = strlen(fp.hash);
		if (hl == 0 || strncmp(fp.fingerprint, fp.hash, hl) != 0 ||
		    fp.fingerprint[hl] != ':')
			broken("the fingerprint does not start with HASH:");
		if (fp.type[0] == '\0')
			broken("an empty key type");
		if (fp.bits < 0 || fp.bits > 100000)
			broken("a key size out of range");
		if (fp.comment != NULL && (fp.comment < text ||
		    fp.comment + fp.comment_len > text + size))
			broken("the comment lies outside the input");
		if (fp.comment == NULL && fp.comment_len != 0)
			broken("a comment length without a comment");
	} else
		one_line(why, sizeof(why));

	memset(why, 0x55, sizeof(why));
	if (pubkey_line_parse(text, size, &n, why, sizeof(why)) == 0) {
		if (n > size)
			broken("the line is longer than the input");
		for (i = 0; i < n; i++)
			if (((unsigned char)text[i] < 0x20 && text[i] != '\t') ||
			    text[i] == 0x7f)
				broken("a control character in an accepted "
				    "public key line");
	} else
		one_line(why, sizeof(why));
	free(text);
	return 0;
}
