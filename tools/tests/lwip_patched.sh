#!/bin/bash
# Checks of tools/lwip_patched.sh (the source tree of `make LWIP=patched`) on
# a small stand-in tree, printed as TAP. Run from the repository root.
set -u
T=build/lwip-patched-test.$$
rm -rf "$T"
mkdir -p "$T/src/core" "$T/p" "$T/bad"
trap 'rm -rf "$T"' EXIT
printf 'int a = 1;\nint b = 2;\n' > "$T/src/core/x.c"
touch "$T/src/.complete"
cat > "$T/p/WC-0001.patch" <<'P'
a one-line fix
--- a/core/x.c
+++ b/core/x.c
@@ -1,2 +1,2 @@
 int a = 1;
-int b = 2;
+int b = 3;
P
printf -- '--- a/core/x.c\n+++ b/core/x.c\n@@ -1,1 +1,1 @@\n-int c = 9;\n+int c = 0;\n' > "$T/bad/WC-0002.patch"
S="sh tools/lwip_patched.sh"

n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else failed=1; echo "not ok $n - $2"; fi; }

$S "$T/src" "$T/p" "$T/out" > "$T/log" 2>&1
ok $? "applies every patch of the directory"
grep -q 'int b = 3;' "$T/out/core/x.c" && grep -q 'int b = 2;' "$T/src/core/x.c"
ok $? "the copy is patched, the source tree is not"
grep -q 'WC-0001.patch' "$T/out/.complete"
ok $? ".complete lists the patches with their hashes"
touch -d '2001-01-01' "$T/out/.complete" "$T/out/core/x.c"
$S "$T/src" "$T/p" "$T/out" > "$T/log" 2>&1 && [ "$(stat -c %Y "$T/out/core/x.c")" = "$(stat -c %Y "$T/out/.complete")" ] \
	&& [ "$(date -d @"$(stat -c %Y "$T/out/.complete")" +%Y)" = 2001 ]
ok $? "an unchanged patch set leaves the tree untouched (nothing rebuilds)"
cp "$T/bad/WC-0002.patch" "$T/p/"
$S "$T/src" "$T/p" "$T/out" > "$T/log" 2>&1
[ $? -ne 0 ] && grep -q "step 'apply WC-0002.patch' failed" "$T/log" && [ "$(wc -l < "$T/log")" = 1 ]
ok $? "a patch that does not apply: one line naming the patch, non-zero exit"
grep -q 'int b = 3;' "$T/out/core/x.c" && ! ls -d "$T"/out.tmp.* > /dev/null 2>&1
ok $? "after a failed patch the previous tree is left as it was, no temporary left"
$S "$T/src" "$T/missing" "$T/out2" > "$T/log" 2>&1
[ $? -ne 0 ] && grep -q "step 'find patches' failed" "$T/log" && [ ! -e "$T/out2" ]
ok $? "a missing patch directory is an error naming the step"
rm -f "$T/src/.complete"
$S "$T/src" "$T/p" "$T/out3" > "$T/log" 2>&1
[ $? -ne 0 ] && grep -q "step 'find the lwIP source tree' failed" "$T/log"
ok $? "an incomplete source tree is an error naming the step"
echo "1..$n"
exit $failed
