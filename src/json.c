/*
 * json: write strings for JSON output.
 */
#include "json.h"

void
json_quote(struct buf *out, const char *s, size_t n)
{
	size_t i;
	unsigned char ch;

	if (s == NULL) {
		buf_adds(out, "null");
		return;
	}
	buf_adds(out, "\"");
	for (i = 0; i < n; i++) {
		ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			buf_printf(out, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			buf_printf(out, "\\u%04x", ch);
		else
			buf_add(out, &s[i], 1);
	}
	buf_adds(out, "\"");
}
