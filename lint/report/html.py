"""The HTML report for editors: one self-contained page showing each article as readable text with
the offending passages highlighted in place, each finding's message and fix beside it, summary tables
per rule and per file, and filters by rule family and severity.

The page makes no network request: CSS and the small filter script are inline and allowed by their
hashes in a Content-Security-Policy that forbids everything else, and the article is rendered from
its text (``affilint.report.article``), escaped, never from its markup, so its images, scripts and
frames are never loaded or run. Files are written as they finish (each needs its document only while
its section is written); the summary comes last in the stream and is shown first by CSS ``order``.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import traceback
from collections import Counter
from html import escape
from typing import Any

from affilint.engine import DEBUG_ENV, FileResult
from affilint.finding import Finding
from affilint.report.article import Article, Passage, Piece, lay_out
from affilint.report.base import Formatter, Summary

SEVERITIES = ("error", "warning", "info")
_FAMILY = re.compile(r"[A-Za-z]+")

STYLE = """
:root{--error:#b42318;--error-bg:#fde4e1;--warning:#9a5b00;--warning-bg:#fff0c2;--info:#175cd3;--info-bg:#e0ecff;
--ink:#1d2433;--muted:#5d6677;--line:#e3e6eb;--paper:#fff;--page:#f4f5f7;color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:var(--page);color:var(--ink);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.report{display:flex;flex-direction:column;gap:24px;max-width:1180px;margin:0 auto;padding:24px}
.summary{order:-1}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:0;word-break:break-all}
h3{font-size:14px;margin:18px 0 6px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.card{background:var(--paper);border:1px solid var(--line);border-radius:10px;padding:18px 22px}
.totals{margin:0;color:var(--muted)}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:5px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted)}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.filters{display:flex;flex-wrap:wrap;gap:6px 18px;align-items:center;margin-top:14px;padding:10px 12px;background:var(--page);border-radius:8px}
.filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:6px}
.filters legend{float:left;font-weight:600;margin-right:8px;color:var(--muted)}
.filters label{display:inline-flex;align-items:center;gap:4px;padding:2px 10px;border:1px solid var(--line);border-radius:999px;background:var(--paper);cursor:pointer;font-size:13px}
.filters label:has(input:not(:checked)){opacity:.5;text-decoration:line-through}
.shown{margin-left:auto;color:var(--muted);font-size:13px}
.file>header{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 14px;margin-bottom:12px}
.file .meta{color:var(--muted);font-size:13px;margin:0}
.row{display:grid;grid-template-columns:minmax(0,1fr) 340px;gap:20px;padding:4px 0}
.row.has-notes{border-top:1px dashed var(--line)}
.row.all-filtered{border-top-color:transparent}
.text{max-width:44rem}
.text p,.text div{margin:0}
.k-heading{font-weight:700;font-size:17px;margin-top:10px}
.k-list-item{padding-left:1.2em;text-indent:-.8em}.k-list-item::before{content:"• "}
.k-quote{border-left:3px solid var(--line);padding-left:12px;font-style:italic}
.k-caption{font-size:13px;color:var(--muted)}
.k-preformatted{white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:13px}
.outside .text{color:var(--muted);font-size:13px}
.where-tag{display:inline-block;font-size:11px;color:var(--muted);border:1px solid var(--line);border-radius:4px;padding:0 5px;margin-right:6px;font-style:normal;text-indent:0}
.hidden-text .text{background:repeating-linear-gradient(135deg,#f7f7f9 0 6px,#eceef2 6px 12px);padding:2px 6px;border-radius:4px}
.link{color:#0b57d0;text-decoration:underline;text-decoration-thickness:1px}
.media{display:inline-block;font-size:12px;color:var(--muted);border:1px dashed #b8bec9;border-radius:4px;padding:0 6px;margin:0 2px}
mark{background:none;color:inherit;border-bottom:2px solid;padding:1px 0;cursor:pointer}
mark.error{background:var(--error-bg);border-color:var(--error)}
mark.warning{background:var(--warning-bg);border-color:var(--warning)}
mark.info{background:var(--info-bg);border-color:var(--info)}
mark.off{background:none;border-color:transparent;cursor:auto}
.notes{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
.note{border:1px solid var(--line);border-left:4px solid;border-radius:6px;padding:7px 10px;font-size:13px;background:var(--paper)}
.note.error{border-left-color:var(--error)}.note.warning{border-left-color:var(--warning)}.note.info{border-left-color:var(--info)}
.note.flash{box-shadow:0 0 0 3px #c7d7fe}
.note p{margin:4px 0 0}
.note .fix{color:#1f6f43}
.note.repeat{padding:3px 10px}.note .same{color:var(--muted)}
.note .loc{color:var(--muted);float:right;margin-left:8px;font-variant-numeric:tabular-nums}
.badge{display:inline-block;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.03em;padding:0 6px;border-radius:4px;color:#fff}
.badge.error{background:var(--error)}.badge.warning{background:var(--warning)}.badge.info{background:var(--info)}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
.page-notes{margin-bottom:10px}
.page-notes>h3{margin-top:0}
details.quiet>summary{cursor:pointer;color:var(--muted);font-size:13px;padding:4px 0}
.error-file{color:var(--error)}
.clean{color:#1f6f43}
[hidden]{display:none!important}
@media (max-width:820px){.row{grid-template-columns:1fr}}
@media print{.filters{display:none}}
"""

SCRIPT = """
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter]"));
  var notes = Array.prototype.slice.call(document.querySelectorAll("li.note"));
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark[data-f]"));
  var shown = document.getElementById("shown");
  function apply() {
    var off = {};
    boxes.forEach(function (box) { if (!box.checked) off[box.dataset.filter + ":" + box.value] = true; });
    var visible = {}, count = 0;
    notes.forEach(function (note) {
      var on = !off["family:" + note.dataset.family] && !off["severity:" + note.dataset.severity];
      note.hidden = !on;
      if (on) { visible[note.id] = true; count += 1; }
    });
    marks.forEach(function (mark) {
      var ids = mark.dataset.f.split(" ");
      mark.classList.toggle("off", !ids.some(function (id) { return visible[id]; }));
    });
    document.querySelectorAll(".row.has-notes,.page-notes").forEach(function (row) {
      row.classList.toggle("all-filtered", !row.querySelector("li.note:not([hidden])"));
    });
    if (shown) shown.textContent = "showing " + count + " of " + notes.length + " findings";
  }
  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  document.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest("mark[data-f]");
    if (!mark || mark.classList.contains("off")) return;
    var note = document.getElementById(mark.dataset.f.split(" ")[0]);
    if (!note) return;
    note.scrollIntoView({block: "nearest"});
    note.classList.add("flash");
    setTimeout(function () { note.classList.remove("flash"); }, 1200);
  });
  apply();
})();
"""


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 or word == 'info' else 's'}"


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


# Nothing may load: no fetches, images, fonts, frames or forms; only our own inline style and script.
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src {_csp_hash(STYLE)}; script-src {_csp_hash(SCRIPT)}; "
    "img-src 'none'; font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; "
    "frame-src 'none'; child-src 'none'; worker-src 'none'; manifest-src 'none'; form-action 'none'; base-uri 'none'"
)


class HtmlFormatter(Formatter):
    name = "html"
    needs_document = True

    def begin(self) -> None:
        self._finding_count = 0
        self._by_rule: dict[str, Counter] = {}
        self._families: Counter = Counter()
        self._files: list[tuple[int, str, str, Counter]] = []  # (index, path, status, severities)
        self.stream.write(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{escape(CONTENT_SECURITY_POLICY)}\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            f"<title>affilint report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main class=\"report\">\n"
        )

    # -- one file ------------------------------------------------------------------------------
    def file(self, result: FileResult) -> None:
        index = len(self._files)
        severities = Counter(f.severity.value for f in result.findings)
        self._files.append((index, result.path, result.status, severities))
        first_id = self._finding_count
        self._finding_count += len(result.findings)
        for finding in result.findings:
            self._by_rule.setdefault(finding.rule, Counter())[finding.severity.value] += 1
            self._families[self._family(finding.rule)] += 1
        ids = [f"f{first_id + n}" for n in range(len(result.findings))]
        out = self.stream
        out.write(f'<section class="file card" id="file-{index}">\n<header><h2>{escape(result.path)}</h2>')
        document = result.document or {}
        facts = [document.get("title"), document.get("kind") and f"kind: {document['kind']}", document.get("lang") and f"lang: {document['lang']}"]
        counts = ", ".join(_count(severities[s], s) for s in SEVERITIES if severities[s]) or "no findings"
        facts.append(counts + (f"; {result.suppressed} suppressed" if result.suppressed else "") + (f"; {result.fixed} fixed" if result.fixed else ""))
        out.write(f'<p class="meta">{escape(" · ".join(str(f) for f in facts if f))}</p></header>\n')
        if result.error:
            out.write(f'<p class="error-file">Could not lint this file: {escape(str(result.error.get("message")))} '
                      f'<code>[{escape(str(result.error.get("code")))}]</code></p>\n')
        article = self._lay_out(result)
        if article is not None:
            self._article(article, result.findings, ids)
        elif result.findings:
            self._notes_list(range(len(result.findings)), result.findings, ids)
        out.write("</section>\n")

    def _lay_out(self, result: FileResult) -> Article | None:
        """The article with its findings placed, or None (with a note on the page) when it cannot be shown."""
        if result.model is None:
            return None
        try:
            return lay_out(result.model, result.findings)
        except Exception as exc:  # an affilint bug must not cost the rest of the report
            if os.environ.get(DEBUG_ENV):
                traceback.print_exc()
            self.stream.write(f'<p class="error-file">Could not show this article ({escape(type(exc).__name__)}: {escape(str(exc))}); '
                              f"its findings are listed without it. Set {DEBUG_ENV}=1 for a traceback, and please report it.</p>\n")
            return None

    def _article(self, article: Article, findings: tuple[Finding, ...], ids: list[str]) -> None:
        out = self.stream
        if article.page_notes:
            out.write('<div class="page-notes"><h3>About the whole page</h3>')
            self._notes_list(article.page_notes, findings, ids)
            out.write("</div>\n")
        if not findings:
            out.write('<details class="quiet"><summary><span class="clean">No findings in this file.</span> Show the article</summary>\n')
            for passage in article.passages:
                self._passage(passage, (), [])
            out.write("</details>\n")
            return
        quiet: list[Passage] = []
        for passage in article.passages:
            if not passage.in_main_content and not passage.notes and not any(p.marks for p in passage.pieces):
                quiet.append(passage)
                continue
            self._quiet(quiet)
            quiet = []
            self._passage(passage, findings, ids)
        self._quiet(quiet)

    def _quiet(self, passages: list[Passage]) -> None:
        """Page chrome without findings (navigation, footers, sidebars): folded away."""
        if not passages:
            return
        self.stream.write(f'<details class="quiet"><summary>{len(passages)} passage{"s" if len(passages) != 1 else ""} '
                          "outside the article, no findings</summary>\n")
        for passage in passages:
            self._passage(passage, (), [])
        self.stream.write("</details>\n")

    def _passage(self, passage: Passage, findings: tuple[Finding, ...], ids: list[str]) -> None:
        classes = ["row"]
        if passage.notes:
            classes.append("has-notes")
        if not passage.in_main_content:
            classes.append("outside")
        if passage.visibility != "visible":
            classes.append("hidden-text")
        out = self.stream
        out.write(f'<div class="{" ".join(classes)}" data-line="{passage.line}"><div class="text k-{passage.kind}">')
        tags = []
        if not passage.in_main_content:
            tags.append(passage.region if passage.region != "main" else "widget")
        if passage.visibility != "visible":
            tags.append(f"{passage.visibility}: {passage.hidden_reason}" if passage.hidden_reason else passage.visibility)
        for tag in tags:
            out.write(f'<span class="where-tag">{escape(tag)}</span>')
        out.write("".join(self._piece(piece, findings, ids) for piece in passage.pieces))
        out.write("</div>")
        if passage.notes:
            self._notes_list(passage.notes, findings, ids)
        out.write("</div>\n")

    @staticmethod
    def _piece(piece: Piece, findings: tuple[Finding, ...], ids: list[str]) -> str:
        if piece.kind == "break":
            return "<br>"
        if piece.kind == "media":
            body = f'<span class="media">{escape(piece.text)}</span>'
        else:
            body = escape(piece.text)
        if piece.link is not None:
            body = f'<span class="link" title="{escape(piece.link)}">{body}</span>'
        if piece.marks:
            worst = max((findings[i].severity for i in piece.marks), key=lambda s: s.rank).value
            marked = " ".join(ids[i] for i in piece.marks)
            body = f'<mark class="{worst}" data-f="{marked}">{body}</mark>'
        return body

    def _notes_list(self, indices: Any, findings: tuple[Finding, ...], ids: list[str]) -> None:
        out = self.stream
        out.write('<ol class="notes">')
        said_before: set[tuple] = set()
        for index in indices:
            finding = findings[index]
            severity = finding.severity.value
            where = f"{finding.line}:{finding.column}" if finding.column else f"{finding.line}"
            # A paragraph of deal links repeats one finding many times: say it once, then only where.
            said = (finding.rule, severity, finding.message, finding.fix.message if finding.fix else None)
            repeat = said in said_before
            said_before.add(said)
            out.write(
                f'<li class="note {severity}{" repeat" if repeat else ""}" id="{ids[index]}" data-family="{escape(self._family(finding.rule))}" '
                f'data-severity="{severity}" data-rule="{escape(finding.rule)}">'
                f'<span class="loc">{where}</span><span class="badge {severity}">{severity}</span> <code>{escape(finding.rule)}</code> '
            )
            if repeat:
                out.write('<span class="same">as above</span></li>')
                continue
            out.write(f'{escape(finding.name)}<p class="msg">{escape(finding.message)}</p>')
            if finding.fix is not None:
                out.write(f'<p class="fix">Fix ({escape(finding.fix.applicability)}): {escape(finding.fix.message)}</p>')
            out.write("</li>")
        out.write("</ol>")

    def _family(self, code: str) -> str:
        entry = self.context.rules.get(code)
        family = getattr(getattr(entry, "rule", None), "family", "") if entry is not None else ""
        if family:
            return family
        match = _FAMILY.match(code)
        return match.group().upper() if match else code

    # -- the summary -----------------------------------------------------------------------------
    def end(self, summary: Summary) -> None:
        out = self.stream
        counts = summary.by_severity
        totals = (f"{_count(summary.findings, 'finding')} ({_count(counts['error'], 'error')}, {_count(counts['warning'], 'warning')}, "
                  f"{counts['info']} info) in {_count(summary.files, 'file')}")
        if summary.files_with_errors:
            totals += f"; {summary.files_with_errors} could not be linted"
        if summary.suppressed:
            totals += f"; {summary.suppressed} suppressed"
        if summary.fixed:
            totals += f"; {summary.fixed} fixed"
        out.write(f'<section class="summary card"><h1>affilint report</h1>\n<p class="totals">{escape(totals)} · affilint {escape(self.context.version)}</p>\n')
        if summary.findings:
            out.write('<div class="filters" role="group" aria-label="Filters">')
            out.write('<fieldset><legend>Severity</legend>')
            for severity in SEVERITIES:
                if counts[severity]:
                    out.write(f'<label><input type="checkbox" checked data-filter="severity" value="{severity}"> {severity} ({counts[severity]})</label>')
            out.write('</fieldset><fieldset><legend>Family</legend>')
            for family, number in sorted(self._families.items()):
                out.write(f'<label><input type="checkbox" checked data-filter="family" value="{escape(family)}"> {escape(family)} ({number})</label>')
            out.write(f'</fieldset><span class="shown" id="shown">{summary.findings} findings</span></div>\n')
            out.write('<h3>By rule</h3><table class="by-rule"><thead><tr><th>Rule</th><th>Name</th><th>Family</th>'
                      + "".join(f'<th class="n">{s}</th>' for s in SEVERITIES) + '<th class="n">total</th></tr></thead><tbody>')
            for code in sorted(self._by_rule):
                by_severity = self._by_rule[code]
                entry = self.context.rules.get(code)
                name = getattr(getattr(entry, "rule", None), "name", "") if entry is not None else ""
                out.write(f"<tr><td><code>{escape(code)}</code></td><td>{escape(name)}</td><td>{escape(self._family(code))}</td>"
                          + "".join(f'<td class="n">{by_severity[s] or ""}</td>' for s in SEVERITIES)
                          + f'<td class="n">{sum(by_severity.values())}</td></tr>')
            out.write("</tbody></table>\n")
        out.write('<h3>By file</h3><table class="by-file"><thead><tr><th>File</th><th>Status</th>'
                  + "".join(f'<th class="n">{s}</th>' for s in SEVERITIES) + "</tr></thead><tbody>")
        for index, path, status, severities in self._files:
            out.write(f'<tr><td><a href="#file-{index}">{escape(path)}</a></td><td>{escape(status)}</td>'
                      + "".join(f'<td class="n">{severities[s] or ""}</td>' for s in SEVERITIES) + "</tr>")
        out.write("</tbody></table>\n</section>\n</main>\n")
        out.write(f"<script>{SCRIPT}</script>\n</body>\n</html>\n")
