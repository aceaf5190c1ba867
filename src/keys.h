/*
 * keys: find the user's SSH key pair.  A pair counts only when both the
 * private key and its .pub exist; a .pub whose private half is gone does
 * not count at all.  No key is ever created or changed here: that is
 * cmd_key.c's, through ssh-keygen.
 */
#ifndef UCJOB_KEYS_H
#define UCJOB_KEYS_H

#include <stddef.h>

#include "paths.h"

enum key_state {
	KEY_NONE,		/* neither file */
	KEY_PAIR,		/* private key and .pub */
	KEY_PRIVATE_ONLY,	/* private key, no .pub: ssh-keygen -y can
				 * make one */
	KEY_PUBLIC_ONLY		/* .pub only: its private half is gone */
};

/* What is at priv and priv.pub (regular files, symlinks followed). */
enum key_state	key_state(const char *priv);

/*
 * ~/.ssh/id_TYPE for a key type of ssh-keygen -t ("ed25519-sk" gives
 * id_ed25519_sk) into out.  Returns 0, or -1 for an unknown type or a
 * path that does not fit.
 */
int	key_default_path(const char *key_type, char *out, size_t outlen);

/*
 * The first pair of ~/.ssh/id_ed25519, id_ecdsa, id_rsa (~ is $HOME) into
 * out.  Returns 0, or -1 when there is none: out then names the file
 * `ucjob key` would create for key_type.
 */
int	key_find(const char *key_type, char *out, size_t outlen);

struct key_search {
	char		path[PATH_LEN];	/* the key found, or "" */
	enum key_state	state;		/* KEY_PAIR, KEY_PRIVATE_ONLY or
					 * KEY_NONE */
	char		orphan[PATH_LEN];	/* the missing private key of the
					 * first lone .pub seen, or "" */
};

/*
 * What `ucjob key` uses when it is not told a file: the first pair of
 * the default names, else the first private key without .pub (to be
 * completed), else none.
 */
void	key_search(struct key_search *ks);

#endif
