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

/*
 * identity_judge on given (~ expanded here), with a one-line message for
 * any verdict but IDENTITY_OK in why: a .pub gets "did you mean ...?",
 * a missing file how to make it.
 */
enum identity_verdict identity_problem(const char *given, char *why,
	    size_t whylen);

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

/*
 * What to tell about the key a new entry gets when none was named: used
 * is the pair found (NULL when none, then create is the file `ucjob key`
 * would make with key_type).  Returns 0 and a message in out when there is
 * something to say, -1 when not (a pair was found and there is no other).
 */
int	key_pairs_advice(const char *used, const char *create,
	    const char *key_type, char *out, size_t outlen);

#endif
