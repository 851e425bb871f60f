"""Command line: ``python -m viewer [groups|compare|topics] PATH... [--json]``.

``viewer.__main__`` sends everything else to the window. The JSON
printed by ``--json`` is a contract documented in the README: keys are only ever added.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from pathlib import Path
from typing import Optional, Sequence

from . import __version__
from .model import display_text, escape_surrogates

COMMANDS = ("groups", "compare", "topics", "index")
DOUBLE_DASH = ("Options go before --; everything after it is a file or folder, even a name that "
               "starts with - (a shell glob such as * can match one: python -m viewer compare "
               "--html out.html -- *). A name that starts with - and is an existing file is refused "
               "before --.")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m viewer",
                                     description="Compare how outlets report the same event.",
                                     epilog=DOUBLE_DASH)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    common.add_argument("--json", action="store_true", help="print machine-readable JSON")
    common.add_argument("--no-cache", action="store_true", help="ignore the analysis cache and the library index")
    common.add_argument("--no-state", action="store_true",
                        help="ignore the corrections made in the window (titles, outlets, dates, "
                             "events, links, encodings)")
    common.add_argument("--encoding", metavar="NAME",
                        help="read every file with this text encoding (e.g. cp1252, gb18030, "
                             "big5, shift_jis) instead of detecting it")
    sub.add_parser("groups", parents=[common], help="group articles into events", epilog=DOUBLE_DASH)
    compare = sub.add_parser("compare", parents=[common], help="align and diff two or more articles",
                             epilog=DOUBLE_DASH)
    compare.add_argument("--pdf", metavar="OUT.pdf",
                         help="also export the comparison as PDF (- for standard output)")
    compare.add_argument("--html", metavar="OUT.html",
                         help="also export the comparison as HTML (- for standard output)")
    compare.add_argument("--page-size", choices=("A4", "Letter"), default="A4")
    compare.add_argument("--landscape", action="store_true", default=None,
                         help="landscape pages (the default for more than three articles)")
    compare.add_argument("--portrait", dest="landscape", action="store_false", help="portrait pages")
    compare.add_argument("--reference", metavar="PATH",
                         help="the official readout to measure the others' coverage against (else detected)")
    index = sub.add_parser("index", help="build a library index on a Dask cluster (open it with the app or the "
                                         "other commands)")
    index.add_argument("paths", nargs="+", metavar="SOURCE", help="article files or folders")
    index.add_argument("--out", required=True, metavar="INDEX", help="folder to write the index into")
    index.add_argument("--scheduler", metavar="ADDRESS",
                       help="an existing Dask scheduler (e.g. tcp://10.0.0.5:8786); default: a local cluster")
    index.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                       help="worker processes of the local cluster (default: one per core)")
    index.add_argument("--first-pass", action="store_true",
                       help="group from the quick first pass only (no spaCy; analyses come when an event is opened)")
    index.add_argument("--batch", type=int, default=50, help="articles per task")
    index.add_argument("--json", action="store_true", help="print the figures as JSON")
    topics = sub.add_parser("topics", parents=[common], help="topics and their passages", epilog=DOUBLE_DASH)
    topics.add_argument("--topic", action="append", help="only this topic (repeatable; any phrase works)")
    return parser


def _exit_on_sigterm() -> None:
    """SIGTERM (and SIGHUP) end the command like Ctrl-C does: ``finally`` blocks run, so
    finished analyses are committed and worker processes are stopped (they also end on
    their own when this process dies, see ``analysis.pipeline``)."""
    import signal

    def stop(signum, _frame) -> None:
        raise SystemExit(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None:
            try:
                signal.signal(sig, stop)
            except (ValueError, OSError):  # not the main thread, or not allowed here
                pass


def option_like_files(argv: Sequence[str]) -> list[str]:
    """Arguments before ``--`` that look like options but name existing files.

    A shell glob (``*``) in a folder holding a file named ``--html=victim.txt`` hands
    that name to the command line, where it would be read as an option (and overwrite
    ``victim.txt``). Such an argument is refused instead: the user puts file names after
    ``--`` (or writes ``./--html=victim.txt``), or renames the file.
    """
    found = []
    for arg in argv:
        if arg == "--":
            break
        if len(arg) > 1 and arg.startswith("-") and os.path.lexists(arg):
            found.append(arg)
    return found


def main(argv: Sequence[str]) -> int:
    argv = list(argv)
    ambiguous = option_like_files(argv)
    if ambiguous:
        for arg in ambiguous:
            print(f"error: {display_text(arg)} is an option and also a file in this folder (a shell "
                  "glob such as * may have put it there); to read it as a file put it after -- "
                  f"(python -m viewer compare --html out.html -- {display_text(arg)}) or write "
                  f"./{display_text(arg)}; to use the option, rename or move that file", file=sys.stderr)
        return 2
    args = build_parser().parse_args(argv)
    _exit_on_sigterm()
    if args.command is None:
        build_parser().print_usage(sys.stderr)
        return 2
    status = _check_outputs(args)
    if status:
        return status
    for path in args.paths:
        if not _exists(path):
            print(f"error: {display_text(path)}: no such file or folder", file=sys.stderr)
            return 2
    if args.command == "index":
        return _index(args)
    from .library.library import Library
    from .library.index import LibraryIndex, open_index_folder
    from .ingest.loading import expand_paths
    index_path = cache_path = None
    built = open_index_folder(args.paths[0]) if len(args.paths) == 1 else None
    if built is not None:  # an index `python -m viewer index --out` made: open its sources with it
        args.paths, index_path, cache_path = built
    from .ingest.decoding import encoding_problem
    if args.encoding is not None and encoding_problem(args.encoding):
        print(f"error: --encoding {display_text(args.encoding)}: {encoding_problem(args.encoding)} "
              "(try cp1252, gb18030, big5, shift_jis, utf-16)", file=sys.stderr)
        return 2
    sources = expand_paths(args.paths)[0]
    status = _refuse_source_outputs(args, sources)
    if status:
        return status
    from .library.userstate import UserState
    state = None if args.no_state else UserState.load(read_only=True)
    encodings = state.encodings() if state else None
    if args.encoding:
        encodings = {path: args.encoding for path in sources}
    from .compare.comparison import compare_paths
    edits_key = state.edits_key() if state is not None else ""
    # The index lists events without decoding analyses: what `groups` prints. The other
    # commands read every analysis anyway (and report damaged cache rows as they do).
    index = None if args.no_cache or (args.command != "groups" and index_path is None) else LibraryIndex(index_path)
    library = Library.open(args.paths, use_cache=not args.no_cache, group=True, encodings=encodings,
                           index=index, edits_key=edits_key, cache_path=cache_path)
    if state is not None:
        state.read_only = True
        state.apply_to_library(library)
        for problem in state.problems:
            print(f"warning: {problem}", file=sys.stderr)
    if index is not None:
        if not library.from_index:
            library.remember(index, edits_key)
        index.close()
    for error in library.errors:
        print(f"warning: {error.message}", file=sys.stderr)
    if args.command == "groups":
        return _emit(groups_json(library), args.json, _groups_text)
    if args.command == "topics":
        return _emit(topics_json(library, args.topic), args.json, _topics_text)
    if not library.articles:
        print("error: no readable articles", file=sys.stderr)
        return 2
    # Every input file, readable or not, is a source no export may replace.
    args.protect = sources + [e.path for e in library.errors]
    if len(library.articles) == 1 and (args.pdf or args.html):
        # One article: export it alone, with its names, numbers, dates and quotes highlighted.
        return max(_export(library, fmt, out, args) for fmt, out in (("pdf", args.pdf), ("html", args.html)) if out)
    if len(library.articles) < 2:
        print("error: compare needs two or more readable articles (or one with --pdf/--html)", file=sys.stderr)
        return 2
    comparison = compare_paths(library, [a.path for a in library.articles])
    if state is not None:
        state.apply_to_comparison(comparison)
    comparison.reference = _reference_path(comparison, args.reference)
    status = 0
    for fmt, out in (("pdf", args.pdf), ("html", args.html)):
        if out:
            status = max(status, _export(comparison, fmt, out, args))
    if args.json or not (args.pdf or args.html):
        _emit(compare_json(library, comparison), args.json, _compare_text)
    return status


def _index(args) -> int:
    try:
        from .library.distributed import build_index
    except ImportError as exc:
        print(f"error: `index` needs Dask ({exc}); pip install 'dask[distributed]'", file=sys.stderr)
        return 2
    figures = build_index(args.paths, args.out, scheduler=args.scheduler, workers=max(1, args.workers),
                          first_pass=args.first_pass, batch=max(1, args.batch),
                          log=lambda message: print(message, file=sys.stderr))
    figures.pop("groups", None)
    if args.json:
        sys.stdout.write(json_text(figures) + "\n")
    else:
        print(f"indexed {figures['articles']} articles into {figures['events']} events in {figures['total_s']} s "
              f"({display_text(args.out)})")
    return 0


def _exists(path: str) -> bool:
    """False only when ``path`` is surely missing: one that cannot be looked at (a folder
    above it may not be searched) is reported by the loader with its reason, not as missing."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        return True
    return True


def _check_outputs(args) -> int:
    """Exit status 2 for an empty output name or two outputs to standard output, else 0."""
    from .export.files import STDOUT
    outputs = [(flag, getattr(args, flag, None)) for flag in ("pdf", "html")]
    for flag, out in outputs:
        if out == "":
            print(f"error: --{flag} needs a file name (an empty one was given)", file=sys.stderr)
            return 2
    to_stdout = [flag for flag, out in outputs if out == STDOUT]
    if len(to_stdout) > 1 or (to_stdout and args.json):
        both = " and ".join([f"--{flag} -" for flag in to_stdout] + (["--json"] if args.json else []))
        print(f"error: {both} would all write to standard output; send all but one to a file",
              file=sys.stderr)
        return 2
    return 0


def _refuse_source_outputs(args, sources: list[str]) -> int:
    """Exit status 3 with a message when an output would replace an input file, or is not
    a regular file or a new name (see ``export.files.target_problem``), else 0.

    Checked before any analysis, so the mistake costs nothing; the export checks again
    when it writes (a link could appear in between).
    """
    from .export.files import STDOUT, source_conflict, target_problem
    for flag in ("pdf", "html"):
        out = getattr(args, flag, None)
        if not out or out == STDOUT:
            continue
        source = source_conflict(out, sources)
        if source is not None:
            print(f"error: refusing to write {display_text(out)}: it is the source article {display_text(source)}; "
                  "choose another output file", file=sys.stderr)
            return 3
        # only a regular file or a new name: not a link, FIFO, device, folder or read-only file
        problem = target_problem(out)
        if problem is not None:
            print(f"error: refusing to write --{flag} {display_text(out)}: {problem}", file=sys.stderr)
            return 3
    return 0


def _export(source, fmt: str, out: str, args) -> int:
    """Export a comparison, or the only article of a library (``source`` is either)."""
    try:
        from . import export
    except ImportError:
        print(f"error: {fmt.upper()} export is not available in this build", file=sys.stderr)
        return 3
    single = hasattr(source, "analyses")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _export_to(export, source, fmt, out, args, single)
        for warning in caught:
            print(f"warning: {warning.message}", file=sys.stderr)
    except OSError as exc:
        print(f"error: cannot write {display_text(out)}: {exc.strerror or exc}", file=sys.stderr)
        return 3
    from .export.files import STDOUT
    print(f"wrote {fmt.upper()} to standard output" if out == STDOUT else f"wrote {display_text(out)}",
          file=sys.stderr)
    return 0


def _export_to(export, source, fmt: str, out: str, args, single: bool) -> None:
    protect = getattr(args, "protect", [])
    if fmt == "pdf" and single:
        export.export_article_pdf(source, source.articles[0], out, page_size=args.page_size,
                                  landscape=args.landscape, protect=protect)
    elif fmt == "pdf":
        export.export_pdf(source, out, page_size=args.page_size, landscape=args.landscape, protect=protect)
    elif single:
        export.export_article_html(source, source.articles[0], out, protect=protect)
    else:
        export.export_html(source, out, protect=protect)


def _emit(data: dict, as_json: bool, text) -> int:
    if as_json:
        sys.stdout.write(json_text(data) + "\n")
    else:
        text(data)
    return 0


def json_text(data: dict) -> str:
    """``data`` as JSON that is valid UTF-8 whatever the file names.

    A name that is not valid UTF-8 arrives with each undecodable byte as a lone surrogate;
    it is written as a ``\\udcXX`` escape, which ``json.loads`` turns back into that
    surrogate and ``os.fsencode`` into the original byte (documented in the README).
    Lone surrogates only ever occur inside JSON strings, so escaping them in the text is safe.
    """
    return escape_surrogates(json.dumps(data, ensure_ascii=False, indent=1))


def groups_json(library) -> dict:
    return {"events": [{"id": e.id, "label": e.label, "date": e.date, "articles": list(e.articles),
                        "participants": e.participants, "topics": e.topics} for e in library.events],
            "errors": [{"path": e.path, "message": e.message} for e in library.errors]}


def compare_json(library, comparison) -> dict:
    from .compare.diffing import link_diff
    from .compare.key_differences import cached_key_differences
    articles = []
    for a in comparison.articles:
        event = library.event_of(a.path)
        articles.append({"path": a.path, "title": a.meta.title, "outlet": a.meta.outlet,
                         "published": a.meta.published, "authors": a.meta.authors,
                         "dateline": a.meta.dateline, "event": event.id if event else None,
                         "encoding": a.encoding})
    alignments = []
    for (pa, pb), links in comparison.links.items():
        alignments.append({"a": pa, "b": pb, "pairs": [
            {"a": list(link.a_span), "b": list(link.b_span), "a_paragraph": link.a_paragraph,
             "b_paragraph": link.b_paragraph, "score": link.score, "manual": link.manual,
             "diff": [[op, text] for op, text in link_diff(link)]} for link in links]})
    entities = []
    for e in comparison.entities.entities:
        entities.append({"name": e.name, "label": e.label, "key": e.key,
                         "articles": {p: e.surface_forms(p) for p in comparison.paths if p in e.mentions},
                         "counts": {p: len(e.mentions[p]) for p in comparison.paths if p in e.mentions}})
    return {
        "event": comparison.event.id if comparison.event else None,
        "articles": articles,
        "alignments": alignments,
        "entities": entities,
        "only_in": {p: [e.name for e in ents] for p, ents in comparison.only_in.items()},
        "only_in_values": {p: [e.name for e in ents] for p, ents in comparison.only_in_values.items()},
        "quotes": [{"path": q.path, "span": [q.quote.start, q.quote.end], "text": q.quote.text,
                    "speaker": q.speaker} for q in comparison.quotes],
        "boilerplate": {a.path: [list(s) for s in a.boilerplate_spans] for a in comparison.articles},
        "unmatched": {p: comparison.unmatched(p) for p in comparison.paths},
        "differences": [d.to_json(comparison) for d in cached_key_differences(comparison)],
        "errors": [{"path": e.path, "message": e.message} for e in library.errors],
    }


def _reference_path(comparison, reference: Optional[str]) -> Optional[str]:
    """The compared article a ``--reference`` argument names (same file, however written)."""
    if not reference:
        return None
    wanted = Path(reference).resolve()
    return next((p for p in comparison.paths if Path(p).resolve() == wanted), None)


def topics_json(library, only: Optional[list[str]] = None) -> dict:
    from .analysis.topics import library_topics, topic_by_name, topic_passages
    names = only or [name for name, _ in library_topics(library.articles)]
    topics = []
    for name in names:
        view = topic_passages(topic_by_name(name), library.articles)
        topics.append({"topic": view.topic, "articles": {
            path: [{"paragraph": p.paragraph, "span": list(p.span), "hits": p.hits,
                    "event": (library.event_of(path).id if library.event_of(path) else None)}
                   for p in passages] for path, passages in view.passages.items()}})
    events = [{"id": e.id, "topics": e.topics} for e in library.events]
    return {"topics": topics, "events": events,
            "errors": [{"path": e.path, "message": e.message} for e in library.errors]}


def _groups_text(data: dict) -> None:
    for event in data["events"]:
        print(display_text(event["label"]))
        for path in event["articles"]:
            print(f"    {display_text(path)}")


def _compare_text(data: dict) -> None:
    for pair in data["alignments"]:
        print(f"{display_text(pair['a'])}  <->  {display_text(pair['b'])}: {len(pair['pairs'])} aligned passages")
    for path, names in data["only_in"].items():
        if names:
            print(f"only in {display_text(path)}: {', '.join(names)}")
    if data.get("differences"):
        print("key differences:")
        for difference in data["differences"][:20]:
            print(f"  [{difference['kind']}] {difference['summary']}")


def _topics_text(data: dict) -> None:
    for topic in data["topics"]:
        count = sum(len(v) for v in topic["articles"].values())
        print(f"{topic['topic']}: {count} passages in {len(topic['articles'])} articles")
