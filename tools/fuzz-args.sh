#!/bin/sh
# Print the libFuzzer flags for target $1: -dict= for targets/$1.dict and one
# -key=value per line of the [libfuzzer] section of targets/$1.options.
t=$1
[ -f "targets/$t.dict" ] && printf -- '-dict=targets/%s.dict ' "$t"
[ -f "targets/$t.options" ] || exit 0
awk '
	/^[ \t]*\[/ { sec = $0; gsub(/[][ \t]/, "", sec); next }
	sec == "libfuzzer" && /=/ {
		split($0, kv, "="); k = kv[1]; v = substr($0, index($0, "=") + 1)
		gsub(/[ \t]/, "", k); gsub(/^[ \t]+|[ \t]+$/, "", v)
		# dict= in an options file is relative to the binary (OSS-Fuzz
		# convention); the dictionary is passed above from targets/.
		if (k != "" && k != "dict") printf "-%s=%s ", k, v
	}' "targets/$t.options"
