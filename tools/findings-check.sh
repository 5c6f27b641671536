#!/bin/sh
# TAP check of the findings' disclosure clocks for `make test`: "# warn" lines for
# findings within 14 days of their deadline, "not ok" (exit 1) for undisclosed
# findings past it or corrupt records. See tools/findings.py.
exec /usr/bin/python3 "$(dirname "$0")/findings.py" check "$@"
