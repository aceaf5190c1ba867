/*
 * keys: discovery of an existing key pair.
 */
#include <stdio.h>
#include <unistd.h>

#include "keys.h"
#include "paths.h"

static int
pair_exists(const char *priv)
{
	char pub[4200];

	if (snprintf(pub, sizeof(pub), "%s.pub", priv) >= (int)sizeof(pub))
		return 0;
	return access(priv, F_OK) == 0 && access(pub, F_OK) == 0;
}

int
key_find(const char *key_type, char *out, size_t outlen)
{
	static const char *const names[] = { "id_ed25519", "id_ecdsa",
	    "id_rsa" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(out, outlen, "%s/.ssh/%s", home_dir(), names[i]);
		if (pair_exists(out))
			return 0;
	}
	snprintf(out, outlen, "%s/.ssh/id_%s", home_dir(), key_type);
	return -1;
}
