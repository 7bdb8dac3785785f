"""The command line: ``affilint check|rules|explain|inspect``. Others script against it: keep it stable.

Exit codes of ``check``: 0 nothing at or above ``--fail-on``; 1 findings at or above it, or an input
that could not be linted; 2 usage, configuration or plugin errors. Writing ``--output`` never changes
the exit code.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator, Sequence

from affilint import __version__
from affilint.atomic import atomic_writer
from affilint.baseline import Baseline, BaselineError, load_baseline
from affilint.cache import CACHE_DIR_ENV, ResultCache, default_directory
from affilint.config import FAIL_ON, ConfigResolver, parse_size
from affilint.engine import Linter
from affilint.errors import ConfigError, InputError, UsageError
from affilint.finding import Severity
from affilint.inputs import STDIN, Input, discover
from affilint.parallel import available_cpus
from affilint.plugins import PluginError, Registry, build_registry
from affilint.progress import Progress, progress_wanted
from affilint.reading import read_file, read_stream, same_file
from affilint.report.base import ReportContext, Summary
from affilint.runner import Engine, run
from affilint.settings import Overrides
from affilint.statindex import StatIndex
from affilint.tasks import WorkerSpec, plan
from affilint.warc import is_warc, require_warcio

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 already; keep its message short
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _selection(value: str) -> list[str]:
    """``--select``'s value: an empty one (an unset CI variable) would run no rule and pass, so it is
    a usage error; write ``--select ALL`` or name the rules."""
    codes = _codes(value)
    if not codes:
        raise argparse.ArgumentTypeError("empty selection: it would run no rule; name codes, prefixes or ALL")
    return codes


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number of processes, got {value!r}")
    return jobs


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="affilint", description="Lint HTML articles for affiliate-content compliance.")
    parser.add_argument("--version", action="version", version=f"affilint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="lint files, directories, globs or - (stdin)", description="Lint HTML files.")
    check.add_argument("paths", nargs="*", default=None, metavar="PATH", help="files, directories, globs, or - for stdin (default: .)")
    check.add_argument("--format", default=None, help="report format: text (default), json, jsonl, sarif, github, gitlab, junit, checkstyle, or one added by a plugin")
    check.add_argument("-o", "--output", type=Path, help="write the report to FILE (atomically) instead of stdout")
    check.add_argument("--select", type=_selection, action="append", help="rules to enable (codes, prefixes, names or ALL; comma-separated)")
    check.add_argument("--extend-select", type=_codes, action="append", default=[], help="rules to enable in addition to the selection")
    check.add_argument("--ignore", type=_codes, action="append", default=[], help="rules to disable")
    check.add_argument("--fail-on", choices=FAIL_ON, help="lowest severity that makes the exit code 1 (default: error)")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings (not for usage errors)")
    check.add_argument("--config", type=Path, help="use this configuration file instead of discovering one")
    check.add_argument("--isolated", action="store_true", help="ignore all configuration files")
    check.add_argument("--stdin-filename", help="the path to report (and to match config against) for input read from stdin")
    check.add_argument("--force-exclude", action="store_true", help="apply excludes to files named explicitly too (for pre-commit)")
    check.add_argument("--main-content-selector", metavar="CSS", help="CSS selector of the article body")
    check.add_argument("--url", help="the documents' URL, for resolving relative links (default: canonical URL)")
    check.add_argument("--max-file-size", metavar="SIZE", help="skip inputs larger than SIZE (e.g. 5MB) with an error")
    check.add_argument("--report-unused-suppressions", action="store_true", default=None, help="report affilint-disable comments that suppress nothing (AFL001)")
    check.add_argument("--fix", action="store_true", help="apply safe fixes to the files (atomically, editing only the bytes a fix names)")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff: apply unsafe fixes too")
    check.add_argument("--diff", action="store_true", help="print the fixes as a unified diff instead of writing them (exit 1 if there are any)")
    check.add_argument("--statistics", action="store_true", help="text format: print counts per rule")
    check.add_argument("--show-source", action="store_true", help="text format: show the offending source")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour the text report (default: auto)")
    check.add_argument("--baseline", type=Path, metavar="FILE", help="report only findings that FILE (written by --update-baseline) does not record")
    check.add_argument("--update-baseline", action="store_true", help="with --baseline: record this run's findings in FILE (atomically)")
    check.add_argument("--no-progress", action="store_true", help="never show progress on stderr (shown only on a terminal, for runs over half a second)")
    check.add_argument("-j", "--jobs", type=_jobs, default=None, metavar="N", help="lint N files at a time in worker processes (default: all CPUs; 1: no workers)")
    check.add_argument("--no-cache", action="store_true", help="neither read nor write the result cache")
    check.add_argument("--cache-dir", type=Path, metavar="DIR", help=f"where the result cache lives (default: ${CACHE_DIR_ENV}, else .affilint_cache in the project root)")
    check.add_argument("--engine", choices=("local", "dask"), default="local", help="run on this machine (default) or on a Dask cluster (pip install 'affilint[dask]')")
    check.add_argument("--scheduler", metavar="ADDRESS", help="--engine dask: the scheduler to use, e.g. tcp://10.0.0.5:8786 (default: start a local cluster)")

    rules = sub.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=("text", "json"), default="text")

    explain = sub.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule", metavar="CODE", help="a rule code or name, e.g. AFF001")

    inspect = sub.add_parser("inspect", help="print the document model rules see")
    inspect.add_argument("path", metavar="PATH", help="an HTML file, or - for stdin")
    inspect.add_argument("--format", choices=("text", "json"), default="text")
    inspect.add_argument("--main-content-selector", metavar="CSS")
    inspect.add_argument("--url")
    inspect.add_argument("--config", type=Path)
    inspect.add_argument("--isolated", action="store_true")

    serve = sub.add_parser("serve", help="run the pre-publish HTTP service (needs affilint[server])",
                           description="Serve POST /v1/lint and GET /healthz for a CMS's pre-publish hook (see docs/serve.md).")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port to listen on; 0 picks a free one (default: 8080)")
    serve.add_argument("--token-file", type=Path, help="require this file's bearer token (or set AFFILINT_SERVE_TOKEN)")
    serve.add_argument("--timeout", type=float, default=10.0, help="seconds per request before HTTP 504 (default: 10)")
    serve.add_argument("--max-body-size", default="5MiB", metavar="SIZE", help="largest request body; HTTP 413 past it (default: 5MiB)")
    serve.add_argument("--workers", type=int, default=2, help="lint worker processes (default: 2)")
    serve.add_argument("--fail-on", choices=FAIL_ON, help="lowest severity that makes the verdict block (default: error)")
    serve.add_argument("--config", type=Path, help="use this configuration file instead of the one found for the cwd")
    serve.add_argument("--isolated", action="store_true", help="ignore all configuration files")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_streams()
    parser = build_parser()
    try:
        args, extra = parser.parse_known_args(argv)
        # Paths may follow options (`check --format json a.html b.html`), as in other linters.
        if extra:
            if args.command != "check" or any(item.startswith("-") and item != STDIN for item in extra):
                parser.error(f"unrecognized arguments: {' '.join(extra)}")
            args.paths = (args.paths or []) + extra
        if args.command == "check":
            args.explicit_paths = bool(args.paths)
            if not args.paths:
                args.paths = ["."]
        if not args.command:
            parser.print_help()
            return EXIT_USAGE
        registry = build_registry()
        handler = {"check": run_check, "rules": run_rules, "explain": run_explain, "inspect": run_inspect, "serve": run_serve}[args.command]
        return handler(args, registry)
    except UsageError as exc:
        sys.stderr.write(f"affilint: error: {exc}\n")
        return EXIT_USAGE
    except ConfigError as exc:
        sys.stderr.write(f"affilint: configuration error: {exc}\n")
        return EXIT_USAGE
    except PluginError as exc:
        sys.stderr.write(f"affilint: plugin error: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("affilint: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (`affilint check … | head`): the report is incomplete, so never claim success.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_FINDINGS


def _utf8_streams() -> None:
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, io.UnsupportedOperation):
                pass


# -- check ---------------------------------------------------------------------------------------
def run_check(args: argparse.Namespace, registry: Registry) -> int:
    if args.config and args.isolated:
        raise UsageError("--config and --isolated cannot be used together")
    if args.config and not args.config.is_file():
        raise UsageError(f"--config {args.config}: no such file")
    resolver = ConfigResolver(explicit=args.config, isolated=args.isolated)
    project = resolver.project()
    max_size = None
    if args.max_file_size:
        try:
            max_size = parse_size(args.max_file_size)
        except ValueError as exc:
            raise UsageError(f"--max-file-size: {exc}") from None
    overrides = Overrides(
        select=tuple(code for group in args.select for code in group) if args.select else None,
        extend_select=tuple(code for group in args.extend_select for code in group),
        ignore=tuple(code for group in args.ignore for code in group),
        main_content_selector=args.main_content_selector,
        max_file_size=max_size,
        url=args.url,
        report_unused_suppressions=args.report_unused_suppressions,
    )
    if args.main_content_selector:
        from affilint.content import compile_selector

        try:
            compile_selector(args.main_content_selector)
        except ConfigError as exc:
            raise UsageError(f"--main-content-selector: {exc}") from None
    fmt = args.format or "text"
    if fmt not in registry.formats:
        raise UsageError(f"--format {fmt}: unknown format (available: {', '.join(sorted(registry.formats))})")
    if args.stdin_filename and args.paths == ["."] and not args.explicit_paths:
        args.paths = [STDIN]  # `--stdin-filename NAME` alone means "read stdin", as in Ruff
    if args.stdin_filename and STDIN not in args.paths:
        raise UsageError("--stdin-filename names the input read from stdin; add - to the paths")
    if args.paths.count(STDIN) > 1:
        raise UsageError("- (stdin) may be given only once")
    if (args.fix or args.diff) and STDIN in args.paths:
        raise UsageError("--fix and --diff work on files, not on stdin")
    if args.fix and args.diff:
        raise UsageError("--fix writes files and --diff only shows the changes; use one")
    baseline = _load_baseline(args)
    if args.output is not None:
        if args.output.is_dir():
            raise UsageError(f"--output {args.output}: is a directory")
        for path in args.paths:
            if path != STDIN and same_file(Path(path), args.output):
                raise UsageError(f"--output {args.output}: is one of the inputs; affilint never overwrites an input")
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler names a Dask scheduler; add --engine dask")
    if args.engine == "dask" and (args.fix or args.diff):
        raise UsageError("--fix and --diff edit local files; run them without --engine dask")
    needs_document = getattr(registry.formats[fmt], "needs_document", False)
    if needs_document and args.engine == "dask":
        raise UsageError(f"--format {fmt} shows each article, which stays on the Dask workers; run it without --engine dask")
    linter = Linter(registry, resolver, overrides, keep_documents=needs_document)
    linter.ruleset(project)  # validate selection and rule tables before reading any input
    fail_on = args.fail_on or project.fail_on
    threshold = None if fail_on == "never" else Severity.parse(fail_on).rank
    # Discover every input and load every configuration that applies before writing a byte of the
    # report, so a bad configuration anywhere is a clean exit 2, never a truncated report.
    inputs = list(discover(args.paths, resolver, force_exclude=args.force_exclude))
    for item in inputs:
        if item.path is not None and item.problem is None:
            linter.ruleset(resolver.for_path(item.path))
    if args.stdin_filename and STDIN in args.paths:
        linter.ruleset(resolver.for_path(Path(args.stdin_filename)))
    warcs = [item.display for item in inputs if item.problem is None and is_warc(item.path)]
    if warcs:
        if args.fix or args.diff:
            raise UsageError(f"--fix and --diff cannot edit WARC archives ({warcs[0]}); lint them without --fix")
        require_warcio()
    engine, cache = _engine(args, inputs, registry), _cache(args, registry, overrides, project.root)
    if needs_document:  # the format reads each Document, which exists only in the process that linted it
        engine, cache = Engine("local", jobs=1), None
    index = StatIndex.load(cache.directory) if cache is not None else None
    spec = WorkerSpec(overrides, args.config, args.isolated, resolver.cwd, __version__, registry.plugins)
    summary = Summary()
    failed = False
    with _report_stream(args.output) as stream:
        color = _use_color(args.color, stream)
        context = ReportContext(
            version=__version__,
            rules=registry.rules,
            color=color,
            options={"statistics": args.statistics, "show_source": args.show_source},
        )
        formatter = registry.formats[fmt](stream, context)
        if args.diff:
            return _run_diff(inputs, args, linter)
        tasks = plan(inputs, linter, stdin_filename=args.stdin_filename, force_exclude=args.force_exclude,
                     fix=("unsafe" if args.unsafe_fixes else "safe") if args.fix else None, index=index)
        outcomes = run(tasks, linter, spec, engine, cache)  # a cluster that cannot be used fails here, before the report
        formatter.begin()
        progress = Progress(len(inputs), sys.stderr, progress_wanted(sys.stderr, args.no_progress))
        try:
            for result, note in outcomes:
                progress.clear()
                if note:
                    sys.stderr.write(f"affilint: warning: {note}\n")
                if baseline is not None:
                    result = baseline.apply(result)  # exit codes follow the findings that remain
                summary.add(result)
                formatter.file(result)
                progress.advance()
                if result.status == "error":
                    failed = True
                elif threshold is not None and any(f.severity.rank >= threshold for f in result.findings):
                    failed = True
        finally:
            progress.clear()
        if index is not None:
            index.save()
        if baseline is not None:
            _finish_baseline(baseline, args.baseline)
        formatter.end(summary)
    if args.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if failed else EXIT_OK


def _load_baseline(args: argparse.Namespace) -> Baseline | None:
    """The baseline to apply, validated before any input is read (a bad one is a usage error)."""
    if args.update_baseline and args.baseline is None:
        raise UsageError("--update-baseline needs --baseline FILE (the file to write)")
    if args.baseline is None:
        return None
    if args.update_baseline and args.diff:
        raise UsageError("--diff writes nothing; it cannot be combined with --update-baseline")
    for path in args.paths:
        if path != STDIN and same_file(Path(path), args.baseline):
            raise UsageError(f"--baseline {args.baseline}: is one of the inputs")
    if args.output is not None and same_file(args.output, args.baseline):
        raise UsageError(f"--baseline {args.baseline}: is also the --output file")
    try:
        return load_baseline(args.baseline, update=args.update_baseline)
    except BaselineError as exc:
        raise UsageError(f"--baseline {args.baseline}: {exc}") from None


def _finish_baseline(baseline: Baseline, path: Path) -> None:
    """Rewrite the baseline (with --update-baseline), or say how many recorded findings are gone."""
    if baseline.update:
        try:
            recorded = baseline.write(__version__)
        except BaselineError as exc:
            raise UsageError(f"--baseline {path}: {exc}") from None
        sys.stderr.write(f"affilint: {path}: {recorded} finding{'s' if recorded != 1 else ''} recorded\n")
        return
    gone = baseline.unmatched()
    if gone:
        sys.stderr.write(f"affilint: {path}: {gone} recorded finding{'s' if gone != 1 else ''} no longer "
                         f"occur{'s' if gone == 1 else ''} in the linted files; run with --update-baseline to drop "
                         f"{'them' if gone != 1 else 'it'}\n")


def _engine(args: argparse.Namespace, inputs: list[Input], registry: Registry) -> Engine:
    """The engine that runs the lint: no worker processes when they cannot pay for themselves."""
    if args.engine == "dask":
        from affilint.dask_engine import require_distributed

        require_distributed()
        return Engine("dask", jobs=args.jobs or available_cpus(), scheduler=args.scheduler)
    if any(item.display == STDIN for item in inputs):
        # Workers are fed ahead of the report; reading stdin ahead would hold back every file before it.
        return Engine("local", jobs=1)
    jobs = args.jobs or available_cpus()
    if not any(is_warc(item.path) for item in inputs if item.problem is None):
        jobs = min(jobs, sum(1 for item in inputs if item.problem is None))
    return Engine("local", jobs=max(1, jobs))


def _cache(args: argparse.Namespace, registry: Registry, overrides: Overrides, project_root: Path) -> ResultCache | None:
    """The result cache, or None with --no-cache (or, with a warning, when it cannot be created)."""
    if args.no_cache or args.diff:
        return None
    directory = args.cache_dir or default_directory(project_root)
    try:
        return ResultCache.open(directory, registry, overrides)
    except OSError as exc:
        sys.stderr.write(f"affilint: warning: cache directory {directory} is not usable ({exc.strerror or exc}); running without a cache\n")
        return None


def _run_diff(inputs: list, args: argparse.Namespace, linter: Linter) -> int:
    """Print what --fix would change, as a unified diff per file; exit 1 when there is any."""
    import difflib

    changed = 0
    for item in inputs:
        if item.problem or item.path is None:
            continue
        _result, data, note = linter.fix_path(item.path, item.display, unsafe=args.unsafe_fixes, write=False)
        if note:
            sys.stderr.write(f"affilint: warning: {note}\n")
        if data is None:
            continue
        changed += 1
        before = item.path.read_bytes().decode("utf-8", "replace").splitlines(keepends=True)
        after = data.decode("utf-8", "replace").splitlines(keepends=True)
        sys.stdout.writelines(difflib.unified_diff(before, after, f"a/{item.display}", f"b/{item.display}"))
    sys.stderr.write(f"affilint: {changed} file{'s' if changed != 1 else ''} would be changed by --fix\n")
    return EXIT_FINDINGS if changed else EXIT_OK


def _use_color(choice: str, stream: IO[str]) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


@contextmanager
def _report_stream(output: Path | None) -> Iterator[IO[str]]:
    """stdout, or a temporary file beside ``output`` that replaces it only when the report is complete."""
    if output is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    directory = output.parent if str(output.parent) else Path(".")
    if not directory.is_dir():
        raise UsageError(f"--output {output}: directory {directory} does not exist")
    writer = atomic_writer(output)
    try:
        handle = writer.__enter__()
    except OSError as exc:
        raise UsageError(f"--output {output}: cannot write there: {exc.strerror or exc}") from None
    try:
        yield handle
    except BaseException:
        writer.__exit__(*sys.exc_info())
        raise
    try:
        writer.__exit__(None, None, None)
    except OSError as exc:
        raise UsageError(f"--output {output}: cannot replace it: {exc.strerror or exc}") from None


# -- rules / explain -----------------------------------------------------------------------------
def _rule_rows(registry: Registry) -> list[dict[str, object]]:
    rows = []
    for code in sorted(registry.rules):
        entry = registry.rules[code]
        rule = entry.rule
        rows.append(
            {
                "code": rule.code,
                "name": rule.name,
                "family": rule.family,
                "severity": rule.severity.value,
                "plugin": entry.plugin,
                "default_enabled": rule.default_enabled,
                "fixable": rule.fixable,
                "summary": rule.summary,
                "options": {key: {"default": opt.default, "description": opt.description} for key, opt in rule.options.items()},
            }
        )
    return rows


def run_rules(args: argparse.Namespace, registry: Registry) -> int:
    rows = _rule_rows(registry)
    if args.format == "json":
        json.dump({"schema_version": "1.0", "rules": rows}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    widths = {key: max([len(key)] + [len(str(row[key])) for row in rows]) for key in ("code", "name", "family", "severity", "plugin")}
    header = "  ".join(key.upper().ljust(widths[key]) for key in widths) + "  SUMMARY"
    sys.stdout.write(header + "\n")
    for row in rows:
        cells = "  ".join(str(row[key]).ljust(widths[key]) for key in widths)
        off = "" if row["default_enabled"] else " (off by default)"
        sys.stdout.write(f"{cells}  {row['summary']}{off}\n")
    return EXIT_OK


def run_explain(args: argparse.Namespace, registry: Registry) -> int:
    entry = registry.rule_by_code_or_name(args.rule)
    if entry is None:
        raise UsageError(f"no rule has the code or name {args.rule!r} (see `affilint rules`)")
    rule = entry.rule
    out = sys.stdout
    out.write(f"# {rule.code} {rule.name}\n\n")
    out.write(f"Family: {rule.family} · default severity: {rule.severity.value} · plugin: {entry.plugin}"
              f"{' · fixable' if rule.fixable else ''}{'' if rule.default_enabled else ' · off by default'}\n\n")
    if rule.summary:
        out.write(rule.summary + "\n\n")
    out.write(rule.documentation() + "\n")
    if rule.options:
        out.write("\n## Options\n\n")
        for key, option in rule.options.items():
            out.write(f"- `{key}` (default: `{json.dumps(option.default)}`): {option.description}\n")
    if rule.references and "## References" not in rule.documentation():
        out.write("\n## References\n\n" + "".join(f"- {ref}\n" for ref in rule.references))
    return EXIT_OK


# -- inspect -------------------------------------------------------------------------------------
def run_inspect(args: argparse.Namespace, registry: Registry) -> int:
    from affilint.decode import decode
    from affilint.inspect import model_dict, write_text

    if args.config and args.isolated:
        raise UsageError("--config and --isolated cannot be used together")
    if args.config and not args.config.is_file():
        raise UsageError(f"--config {args.config}: no such file")
    resolver = ConfigResolver(explicit=args.config, isolated=args.isolated)
    overrides = Overrides(main_content_selector=args.main_content_selector, url=args.url)
    linter = Linter(registry, resolver, overrides)
    try:
        if args.path == STDIN:
            ruleset = linter.ruleset(resolver.project())
            data = read_stream(sys.stdin.buffer, ruleset.max_file_size)
        else:
            path = Path(args.path)
            ruleset = linter.ruleset(resolver.for_path(path))
            data = read_file(path, ruleset.max_file_size)
        doc = linter.document(decode(data).text, args.path, ruleset)
        model = model_dict(doc)
    except InputError as exc:
        sys.stderr.write(f"affilint: {args.path}: {exc.message} [{exc.code}]\n")
        return EXIT_FINDINGS
    except RecursionError:
        sys.stderr.write(f"affilint: {args.path}: document is too deeply nested [too-deep]\n")
        return EXIT_FINDINGS
    if args.format == "json":
        json.dump(model, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        write_text(model, sys.stdout)
    return EXIT_OK


# -- serve ---------------------------------------------------------------------------------------
def run_serve(args: argparse.Namespace, registry: Registry) -> int:
    try:
        import waitress  # noqa: F401
    except ImportError:
        raise UsageError("affilint serve needs the server extra: pip install 'affilint[server]'") from None
    from affilint.server import ServeSettings, load_token, serve
    from affilint.workers import WorkerFailed

    if args.config and args.isolated:
        raise UsageError("--config and --isolated cannot be used together")
    if args.config and not args.config.is_file():
        raise UsageError(f"--config {args.config}: no such file")
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: expected 0 to 65535")
    if args.timeout <= 0:
        raise UsageError(f"--timeout {args.timeout:g}: expected a positive number of seconds")
    if args.workers < 1:
        raise UsageError(f"--workers {args.workers}: expected at least 1")
    try:
        max_body_size = parse_size(args.max_body_size)
    except ValueError as exc:
        raise UsageError(f"--max-body-size: {exc}") from None
    try:
        token = load_token(args.token_file)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    resolver = ConfigResolver(explicit=args.config, isolated=args.isolated)
    project = resolver.project()
    Linter(registry, resolver).ruleset(project)  # a bad configuration is exit 2 now, not HTTP 500 later
    settings = ServeSettings(
        host=args.host, port=args.port, token=token, timeout=args.timeout, max_body_size=max_body_size,
        workers=args.workers, fail_on=args.fail_on or project.fail_on,
        config=args.config.resolve() if args.config else None, isolated=args.isolated, cwd=resolver.cwd,
    )
    if token is None and args.host not in ("127.0.0.1", "::1", "localhost"):
        sys.stderr.write(f"affilint: warning: serving on {args.host} without a token; anyone who can reach it can use it "
                         "(set --token-file or AFFILINT_SERVE_TOKEN)\n")

    def ready(address: str) -> None:
        sys.stderr.write(f"affilint serve: listening on {address} ({settings.workers} workers, timeout {settings.timeout:g}s, "
                         f"max body {settings.max_body_size:,} bytes, {'bearer token required' if token else 'no token'})\n")
        sys.stderr.flush()

    try:
        serve(settings, ready)
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    except WorkerFailed as exc:
        raise UsageError(f"lint workers could not start: {exc}") from None
    return EXIT_OK
