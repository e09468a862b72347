"""Runs the client's unittest suite and prints a machine-readable count line last:

    python: N passed, N failed, N skipped

(``.ci/test`` adds these to the .NET totals.) Tests needing pyarrow are skipped, and counted as skipped, where it is
not installed. Exit code 0 when nothing failed.
"""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> int:
    sys.path.insert(0, HERE)
    suite = unittest.defaultTestLoader.discover(os.path.join(HERE, "tests"), top_level_dir=HERE)
    result = unittest.TextTestRunner(stream=sys.stderr, verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped) + len(result.expectedFailures)
    passed = result.testsRun - failed - skipped
    if result.testsRun == 0:
        failed += 1  # an empty run means discovery broke
    print(f"python: {passed} passed, {failed} failed, {skipped} skipped")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
