/*
 * jsonparse: the link test of the jansson built from source for the
 * static and Windows builds. It reads one JSON value on stdin and writes
 * it back compact with sorted keys, or the parser's error (line, column,
 * text) on stderr with exit status 1. Not installed; tests/static and
 * the Windows tests compare its output.
 */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

int
main(void)
{
	json_t		*root;
	json_error_t	 error;
	char		*text;

	if ((root = json_loadf(stdin, JSON_DECODE_ANY, &error)) == NULL) {
		fprintf(stderr, "jsonparse: line %d, column %d: %s\n",
		    error.line, error.column, error.text);
		return 1;
	}
	if ((text = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_ENCODE_ANY)) == NULL) {
		fprintf(stderr, "jsonparse: cannot encode\n");
		json_decref(root);
		return 1;
	}
	printf("%s\n", text);
	free(text);
	json_decref(root);
	return 0;
}
