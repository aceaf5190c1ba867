/*
 * keys: discovery of an existing key pair.  It only looks (stat); it
 * never runs ssh-keygen, prints or writes.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "paths.h"

static const char *const default_names[] = { "id_ed25519", "id_ecdsa",
    "id_rsa" };
#define NDEFAULT	(sizeof(default_names) / sizeof(default_names[0]))

static const struct {
	const char	*type;
	const char	*file;
} type_files[] = {
	{ "ed25519",	"id_ed25519" },
	{ "ecdsa",	"id_ecdsa" },
	{ "rsa",	"id_rsa" },
	{ "ed25519-sk",	"id_ed25519_sk" },
	{ "ecdsa-sk",	"id_ecdsa_sk" },
};

static int
regular_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

enum key_state
key_state(const char *priv)
{
	char pub[4200];
	int has_priv, has_pub;

	if ((size_t)snprintf(pub, sizeof(pub), "%s.pub", priv) >= sizeof(pub))
		return KEY_NONE;
	has_priv = regular_file(priv);
	has_pub = regular_file(pub);
	if (has_priv)
		return has_pub ? KEY_PAIR : KEY_PRIVATE_ONLY;
	return has_pub ? KEY_PUBLIC_ONLY : KEY_NONE;
}

static int
ssh_path(const char *file, char *out, size_t outlen)
{
	return (size_t)snprintf(out, outlen, "%s/.ssh/%s", home_dir(), file) >=
	    outlen ? -1 : 0;
}

int
key_default_path(const char *key_type, char *out, size_t outlen)
{
	size_t i;

	for (i = 0; i < sizeof(type_files) / sizeof(type_files[0]); i++)
		if (strcmp(key_type, type_files[i].type) == 0)
			return ssh_path(type_files[i].file, out, outlen);
	return -1;
}

int
key_find(const char *key_type, char *out, size_t outlen)
{
	size_t i;

	for (i = 0; i < NDEFAULT; i++)
		if (ssh_path(default_names[i], out, outlen) == 0 &&
		    key_state(out) == KEY_PAIR)
			return 0;
	if (key_default_path(key_type, out, outlen) != 0)
		(void)ssh_path("id_ed25519", out, outlen);
	return -1;
}

void
key_search(struct key_search *ks)
{
	char path[sizeof(ks->path)];
	size_t i;

	memset(ks, 0, sizeof(*ks));
	ks->state = KEY_NONE;
	for (i = 0; i < NDEFAULT; i++) {
		if (ssh_path(default_names[i], path, sizeof(path)) != 0)
			continue;
		switch (key_state(path)) {
		case KEY_PAIR:
			memcpy(ks->path, path, sizeof(path));
			ks->state = KEY_PAIR;
			return;
		case KEY_PRIVATE_ONLY:
			if (ks->state == KEY_NONE) {
				memcpy(ks->path, path, sizeof(path));
				ks->state = KEY_PRIVATE_ONLY;
			}
			break;
		case KEY_PUBLIC_ONLY:
			if (ks->orphan[0] == '\0')
				memcpy(ks->orphan, path, sizeof(path));
			break;
		case KEY_NONE:
			break;
		}
	}
}
