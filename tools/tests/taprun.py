"""TAP output for the Python unit tests (`make test` parses "ok N - name").

usage, at the end of a test file:
    if __name__ == "__main__":
        taprun.main(sys.modules[__name__])
`--tap` prints one TAP line per test (skips as "# SKIP reason", failure
output as "#" comments) and exits 1 on any failure; otherwise unittest.main().
"""

import io
import sys
import unittest


def run_tap(module):
    tests = []

    def flat(s):
        for t in s:
            if isinstance(t, unittest.TestSuite):
                flat(t)
            else:
                tests.append(t)
    flat(unittest.defaultTestLoader.loadTestsFromModule(module))
    print(f"1..{len(tests)}")
    failed = 0
    for i, t in enumerate(tests, 1):
        buf = io.StringIO()
        r = unittest.TextTestRunner(stream=buf, verbosity=0).run(unittest.TestSuite([t]))
        name = t.id().split(".", 1)[1]
        if r.skipped:
            print(f"ok {i} - {name} # SKIP {r.skipped[0][1]}")
        elif r.wasSuccessful():
            print(f"ok {i} - {name}")
        else:
            failed += 1
            print(f"not ok {i} - {name}")
            for line in buf.getvalue().splitlines():
                print(f"# {line}")
    sys.stdout.flush()
    return 1 if failed else 0


def main(module):
    if "--tap" in sys.argv:
        sys.exit(run_tap(module))
    unittest.main(module=module)
