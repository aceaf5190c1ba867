#!/bin/sh
# tests/static/s0100-static.sh - what `make check-static` checks besides
# the shell suites: the binary in $UCJOB is really static (no program
# interpreter, no shared library), the notices of the libraries linked
# in lie beside it, and jansson built with musl parses and encodes JSON
# ($JSONPARSE, tests/static/jsonparse.c). TAP; run by tests/run.sh.

n=0
failed=0
# check DESC STATUS: one TAP line for a test whose status is STATUS.
check() {
	n=$((n + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		failed=$((failed + 1))
	fi
}

echo 1..7
if [ -z "${UCJOB:-}" ] || [ -z "${JSONPARSE:-}" ]; then
	echo "Bail out! UCJOB and JSONPARSE must name the static build (make check-static)"
	exit 1
fi
headers=$(readelf -lW "$UCJOB" 2>&1)
case $headers in
*'Requesting program interpreter'* | *DYNAMIC* | '') status=1 ;;
*) status=0 ;;
esac
check "$UCJOB has no program interpreter and no dynamic section" "$status"
env -i "$UCJOB" --version >/dev/null 2>&1
check "it runs with an empty environment" $?
dir=$(dirname "$UCJOB")
grep -q 'Petri Lehtinen' "$dir/LICENSE.jansson" 2>/dev/null
check "jansson's notice lies beside it" $?
grep -q 'Martin Hedenfalk' "$dir/LICENSE.libconfuse" 2>/dev/null
check "libconfuse's notice lies beside it" $?

out=$(printf '{"b": [1, 2.5, "x\\u00e9\\n"], "a": null, "c": {"d": true}}' |
    "$JSONPARSE")
[ "$out" = "$(printf '{"a":null,"b":[1,2.5,"x\303\251\\n"],"c":{"d":true}}')" ]
check "jansson parses and encodes JSON (got: $out)" $?
err=$(printf '{"a": [1, 2,]}' | "$JSONPARSE" 2>&1 >/dev/null)
[ $? -eq 1 ] && case $err in *'line 1, column 13'*) true ;; *) false ;; esac
check "jansson reports a syntax error with its place (got: $err)" $?
out=$(printf '"\\ud83d\\ude00"' | "$JSONPARSE" 2>&1)
[ "$out" = "$(printf '"\360\237\230\200"')" ]
check "a surrogate pair decodes to one UTF-8 character (got: $out)" $?
[ "$failed" -eq 0 ]
