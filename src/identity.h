/*
 * identity: judge a key file named for an entry (-i, the identity-file
 * setting, an entry's IdentityFile) and find the key pairs in ~/.ssh
 * whatever their names, so the advice of add, key and doctor can name
 * them.  It only looks (stat, glob); it never prints, writes or runs
 * ssh-keygen.
 */
#ifndef UCJOB_IDENTITY_H
#define UCJOB_IDENTITY_H

#include <stddef.h>

enum identity_verdict {
	IDENTITY_OK,		/* a regular file, not named .pub */
	IDENTITY_PUBLIC,	/* a .pub: ssh needs the private key */
	IDENTITY_MISSING,	/* no such file (yet) */
	IDENTITY_NOT_FILE	/* a directory or other non-file */
};

/*
 * Judge the key file given (as the user wrote it; expanded, the file
 * looked at).  For IDENTITY_PUBLIC, hint gets the private key's name as
 * given ("~/.ssh/id_ed25519" for "~/.ssh/id_ed25519.pub"), for the others
 * "".
 */
enum identity_verdict identity_judge(const char *given, const char *expanded,
	    char *hint, size_t hintlen);

/* The key pairs in ~/.ssh: private keys whose .pub twin exists. */
struct key_pairs {
	size_t	  n;
	char	**path;		/* absolute, sorted */
};

void	key_pairs_find(struct key_pairs *kp);
void	key_pairs_free(struct key_pairs *kp);

/*
 * The pairs other than the one at used (NULL: all of them) as one
 * phrase, "~/.ssh/ucloud, ~/.ssh/work" (~ for the password database's
 * home, as written in a config), into out; the number of them.
 */
size_t	key_pairs_others(const struct key_pairs *kp, const char *used,
	    char *out, size_t outlen);

#endif
