#!/bin/sh
# w0300-jansson.sh - jansson built with mingw-w64 from Debian's source
# (tests/build-lib.sh) links and works under wine: jsonparse.exe
# (tests/static/jsonparse.c) parses JSON on stdin and writes it back
# compact, and reports a syntax error with its place. Its notice lies
# beside ucjob.exe.

. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/wine.sh"

exe=$WIN_BUILD/tests/jsonparse.exe
[ -f "$exe" ] || skip_all "no $exe (make -f windows.mk check-windows)"

printf '{"b": [1, 2.5, "x\\u00e9\\n"], "a": null, "c": {"d": true}}' \
    >"$TMPD/in.json"
wrun "$exe" <"$TMPD/in.json"
is "$STATUS" 0 "jsonparse.exe exits 0 on valid JSON"
is "$(printf '%s' "$OUT" | tr -d '\r')" \
    "$(printf '{"a":null,"b":[1,2.5,"x\303\251\\n"],"c":{"d":true}}')" \
    "it writes the value back compact, keys sorted, UTF-8 decoded"

printf '{"a": [1, 2,]}' >"$TMPD/bad.json"
wrun "$exe" <"$TMPD/bad.json"
is "$STATUS" 1 "a syntax error exits 1"
like "$ERR" "line 1, column 13" "saying where"

if grep -q 'Petri Lehtinen' "$WIN_BUILD/LICENSE.jansson" 2>/dev/null; then
	ok "jansson's notice lies beside ucjob.exe"
else
	fail "jansson's notice lies beside ucjob.exe" "no $WIN_BUILD/LICENSE.jansson"
fi
done_testing
