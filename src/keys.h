/*
 * keys: find the user's SSH key pair.  A pair counts only when both the
 * private key and its .pub exist.  No key is ever created or changed here.
 */
#ifndef UCJOB_KEYS_H
#define UCJOB_KEYS_H

#include <stddef.h>

/*
 * The first pair of ~/.ssh/id_ed25519, id_ecdsa, id_rsa (~ is $HOME) into
 * out.  Returns 0, or -1 when there is none: out then names the file
 * `ucjob key` would create for key_type.
 */
int	key_find(const char *key_type, char *out, size_t outlen);

#endif
