"""Command line: ``python -m viewer [groups|compare|topics] PATH... [--json]``."""
from __future__ import annotations

import argparse
import sys

from . import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m viewer",
                                     description="Compare how outlets report the same event.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: list[str]) -> int:
    build_parser().parse_args(argv)
    print("usage: python -m viewer groups|compare|topics PATH... --json", file=sys.stderr)
    return 2
