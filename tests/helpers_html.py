"""Pages for the HTML report tests (a plain module, imported by test_report_html*.py)."""

from __future__ import annotations

from pathlib import Path

from affilint.cli import main


def hostile_article(origin: str) -> str:
    """A news article with affiliate links that also tries every way to load from ``origin`` or run
    script in the report: scripts, images, frames, styles, event handlers and escaped markup in text."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><title>Storm &lt;script&gt; week</title>
<link rel="stylesheet" href="{origin}/style.css">
<script src="{origin}/tracker.js"></script>
<script>window.__pwned = "head-script";</script>
<style>body {{ background: url("{origin}/bg.png"); }}</style>
</head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Storm hits the coast</h1>
<p>Tom &amp; Jerry&#39;s caf&eacute; closed &lt;script&gt;window.__pwned = "escaped-text"&lt;/script&gt; early on Monday.</p>
<p><img src="{origin}/photo.jpg" alt="Flooded street" onerror="window.__pwned = 'onerror'"> The water rose fast.</p>
<iframe src="{origin}/frame.html" title="Live map"></iframe>
<video poster="{origin}/poster.jpg" src="{origin}/clip.mp4"></video>
<p style="background:url({origin}/inline.png)">Residents bought supplies: <a href="https://www.amazon.com/dp/B0STOVE?tag=storm-20">a camp stove &quot;deluxe&quot;</a>
and <a href="https://amzn.to/3blanket" onclick="window.__pwned = 'onclick'">warm blankets</a>.</p>
<p>Officials said the damage was limited.</p>
<object data="{origin}/object.swf"></object>
</article>
<footer><p>&copy; Example News</p></footer>
</body></html>
"""


def html_report(tmp_path: Path, *paths: Path | str, name: str = "report.html") -> tuple[int, Path]:
    """Run ``affilint check --isolated --format html -o REPORT PATHS``; return the exit code and report path."""
    report = tmp_path / name
    code = main(["check", "--isolated", "--format", "html", "-o", str(report), *map(str, paths)])
    return code, report
