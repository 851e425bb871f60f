"""``python -m viewer``: the one entry point. With no sub-command the window opens
(``--self-test`` checks the install instead); a sub-command runs the command line.

Dispatching here keeps the command line, the window and the self-test independent:
none of them imports another.
"""
from __future__ import annotations

import sys

from .cli import COMMANDS


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] == "--self-test":
        from .selftest import run_self_test
        screenshot = argv[argv.index("--screenshot") + 1] if "--screenshot" in argv[:-1] else None
        return run_self_test(screenshot=screenshot)
    if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
        return _gui(argv)
    from .cli import main as cli_main
    return cli_main(argv)


def _gui(argv: list[str]) -> int:
    try:
        from .ui.app import run
    except ImportError as exc:
        print(f"error: the GUI is not available ({exc}); use {'|'.join(COMMANDS)}", file=sys.stderr)
        return 2
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
