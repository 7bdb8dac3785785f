"""Everything affilint reports about the corpus pages and the fixtures, as one JSON line per file and
view, so a speed-up can be shown to change nothing: take a snapshot before, one after, compare.

Each file is linted three ways (its own configuration; every rule with unused-suppression reports; a
given page URL) and its document model is dumped as ``affilint inspect --format json`` shows it.

    python benchmarks/snapshot.py before.jsonl      # on the old code
    python benchmarks/snapshot.py after.jsonl       # on the new code
    python benchmarks/snapshot.py --compare before.jsonl after.jsonl

Set ``PYTHONHASHSEED`` to the same value for both runs if you suspect an ordering that follows it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from affilint.config import ConfigResolver
from affilint.decode import decode
from affilint.engine import Linter
from affilint.inspect import model_dict
from affilint.plugins import build_registry
from affilint.settings import Overrides

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "pages"


def snapshot(paths: list[Path]) -> list[str]:
    registry = build_registry()
    views = {
        "configured": Linter(registry, ConfigResolver()),
        "all-rules": Linter(registry, ConfigResolver(isolated=True), Overrides(select=("ALL",), report_unused_suppressions=True)),
        "with-url": Linter(registry, ConfigResolver(isolated=True), Overrides(select=("ALL",), url="https://www.example.com/news/a.html")),
    }
    lines = []
    for path in paths:
        display = str(path)
        for view, linter in views.items():
            lines.append(json.dumps({"view": view, **linter.lint_path(path, display).to_dict()}, ensure_ascii=False, sort_keys=True))
        try:
            doc = views["configured"].document(decode(path.read_bytes()).text, display)
            model = model_dict(doc)
        except Exception as exc:  # bad inputs have no model; record what happened instead
            model = {"error": f"{type(exc).__name__}: {exc}"}
        lines.append(json.dumps({"view": "inspect", "path": display, **model}, ensure_ascii=False, sort_keys=True))
    return lines


def compare(before: Path, after: Path) -> int:
    old, new = before.read_text(encoding="utf-8").splitlines(), after.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(old, new) if a != b]
    for a, b in changed[:20]:
        first, second = json.loads(a), json.loads(b)
        keys = sorted(key for key in set(first) | set(second) if first.get(key) != second.get(key))
        print(f"{first.get('path')} [{first.get('view')}]: differs in {', '.join(keys)}")
    if len(old) != len(new):
        print(f"{len(old)} records before, {len(new)} after")
    print("identical" if not changed and len(old) == len(new) else f"{len(changed)} records differ")
    return 0 if not changed and len(old) == len(new) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", type=Path, help="where to write the snapshot (JSON lines)")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare)
    if args.output is None:
        parser.error("give an output file, or --compare BEFORE AFTER")
    paths = sorted(args.corpus.glob("*.html")) + sorted((REPO / "fixtures").rglob("*.html"))
    lines = snapshot(paths)
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(paths)} files, {len(lines)} records -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
