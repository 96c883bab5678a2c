"""The ``perfmeasures`` command's entry point, outside the package.

Importing :mod:`perfmeasures.cli` imports the package first, which takes a
few tens of milliseconds; a Ctrl-C in that time would stop the import with
a traceback.  This module is all the console script imports before it
catches the interruption, so that the command ends with one line and the
status a shell gives an interrupted command, whenever it is interrupted.
"""

import sys

__all__ = ["main"]

# As a shell reports a command ended by SIGINT: 128 + the signal's number.
_INTERRUPTED = 130


def main() -> int:
    """Run ``perfmeasures`` with the process's arguments; its exit status."""
    try:
        from perfmeasures.cli import main as run  # noqa: PLC0415
    except KeyboardInterrupt:
        sys.stderr.write("perfmeasures: interrupted\n")
        return _INTERRUPTED
    return run()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
