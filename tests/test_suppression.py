"""Inline suppression comments: disable/enable ranges, disable-next, disable-file, directives inside
block elements, unused-suppression reports (AFL001) and the suppressed counts."""

from __future__ import annotations

import pytest

from helpers_cli import AFFILIATE_LINK, UNSOURCED_ARTICLE, check_json, position_of, write

L = AFFILIATE_LINK


def lint_page(tmp_path, capsys, html, *args):
    page = write(tmp_path, "page.html", html)
    run = check_json(capsys, *args, page)
    entry = run.files[0]
    assert entry["status"] == "ok", entry
    return run, entry


def lines_of(entry, rule="AFF001"):
    return [f["line"] for f in entry["findings"] if f["rule"] == rule]


# -- disable / enable ----------------------------------------------------------------------------
def test_disable_enable_range_suppresses_only_inside(tmp_path, capsys):
    html = (
        "<p>Intro.</p>\n"
        "<!-- affilint-disable AFF001 -- reviewed by legal -->\n"
        f"<p>Inside: {L}</p>\n"
        "<!-- affilint-enable -->\n"
        f"<p>Outside: {L}</p>\n"
    )
    run, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == [5]
    assert entry["suppressed"] == 1
    assert run.report["summary"]["suppressed"] == 1
    assert run.code == 1


def test_disable_without_enable_runs_to_end_of_file(tmp_path, capsys):
    html = f"<p>Intro.</p>\n<!-- affilint-disable AFF001 -- ok -->\n<p>{L}</p>\n<p>{L}</p>\n"
    run, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == []
    assert entry["suppressed"] == 2
    assert run.code == 0


def test_disable_does_not_reach_findings_above_it(tmp_path, capsys):
    html = f"<p>Before: {L}</p>\n<!-- affilint-disable AFF001 -- ok -->\n<p>After: {L}</p>\n"
    _, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == [1]
    assert entry["suppressed"] == 1


def test_disable_for_another_rule_does_not_suppress(tmp_path, capsys):
    html = f"<p>Intro.</p>\n<!-- affilint-disable SRC001 -- ok -->\n<p>{L}</p>\n"
    _, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == [3]
    assert entry["suppressed"] == 0


def test_disable_without_codes_suppresses_every_rule(tmp_path, capsys):
    html = f"<p>Intro.</p>\n<!-- affilint-disable -->\n<p>{L}</p>\n<!-- affilint-enable -->\n<p>{L}</p>\n"
    _, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == [5]


def test_disable_by_rule_name_and_prefix(tmp_path, capsys):
    html = (
        "<p>Intro.</p>\n"
        "<!-- affilint-disable affiliate-link-without-sponsored -- ok -->\n"
        f"<p>{L}</p>\n"
        "<!-- affilint-enable -->\n"
        "<!-- affilint-disable AFF -- ok -->\n"
        f"<p>{L}</p>\n"
    )
    _, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == []
    assert entry["suppressed"] == 2


def test_enable_with_code_closes_matching_disable(tmp_path, capsys):
    html = f"<p>Intro.</p>\n<!-- affilint-disable AFF001 -->\n<p>{L}</p>\n<!-- affilint-enable AFF001 -->\n<p>{L}</p>\n"
    _, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == [5]


def test_enable_by_code_closes_disable_by_name(tmp_path, capsys):
    html = (
        "<p>Intro.</p>\n"
        "<!-- affilint-disable affiliate-link-without-sponsored -->\n"
        f"<p>{L}</p>\n"
        "<!-- affilint-enable AFF001 -->\n"
        f"<p>{L}</p>\n"
    )
    _, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == [5]


def test_directive_without_spaces_or_reason(tmp_path, capsys):
    html = f"<p>Intro.</p>\n<!--affilint-disable-next AFF001-->\n<p>{L}</p>\n<p>{L}</p>\n"
    _, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == [4]


# -- disable-next --------------------------------------------------------------------------------
def test_disable_next_covers_only_the_next_element(tmp_path, capsys):
    html = f"<p>Intro.</p>\n<!-- affilint-disable-next AFF001 -- partner page -->\n<p>{L}</p>\n<p>{L}</p>\n"
    run, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == [4]
    assert entry["suppressed"] == 1
    assert run.report["summary"]["suppressed"] == 1


def test_disable_next_covers_a_multiline_element(tmp_path, capsys):
    html = (
        "<p>Intro.</p>\n"
        "<!-- affilint-disable-next AFF001 -- ok -->\n"
        f"<ul>\n  <li>{L}</li>\n  <li>{L}</li>\n</ul>\n"
        f"<p>{L}</p>\n"
    )
    _, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == [7]
    assert entry["suppressed"] == 2


def test_disable_next_inside_paragraph_before_the_link(tmp_path, capsys):
    html = (
        "<p>Intro.</p>\n"
        f"<p>Our pick: <!-- affilint-disable-next AFF001 -- ok --> {L}.</p>\n"
        f"<p>{L}</p>\n"
    )
    _, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == [3]
    assert entry["suppressed"] == 1


def test_disable_next_inside_paragraph_covers_only_the_following_link(tmp_path, capsys):
    html = f"<p>Intro.</p>\n<p>First {L} then <!-- affilint-disable-next AFF001 -->{L}</p>\n"
    _, entry = lint_page(tmp_path, capsys, html)
    first = position_of(html, "<a ")
    assert [(f["line"], f["column"]) for f in entry["findings"]] == [first]
    assert entry["suppressed"] == 1


# -- directives inside block elements --------------------------------------------------------------
def test_disable_comment_inside_the_paragraph_with_the_link(tmp_path, capsys):
    html = (
        "<p>Intro.</p>\n"
        f"<p><!-- affilint-disable AFF001 -- sponsor approved -->Our pick: {L}.<!-- affilint-enable --></p>\n"
        f"<p>Not covered: {L}</p>\n"
    )
    _, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == [3]
    assert entry["suppressed"] == 1


def test_disable_comment_inside_a_nested_list_item(tmp_path, capsys):
    html = (
        "<article>\n<ul>\n"
        f"  <li>One <!-- affilint-disable-next AFF001 -- ok --> {L}</li>\n"
        f"  <li>Two {L}</li>\n"
        "</ul>\n</article>\n"
    )
    _, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == [4]


# -- disable-file --------------------------------------------------------------------------------
def test_disable_file_in_body_suppresses_whole_file(tmp_path, capsys):
    html = f"<html><body>\n<p>{L}</p>\n<!-- affilint-disable-file AFF001 -- syndicated page -->\n<p>{L}</p>\n</body></html>\n"
    run, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == []
    assert entry["suppressed"] == 2
    assert run.code == 0


def test_disable_file_in_head(tmp_path, capsys):
    html = (
        "<!DOCTYPE html>\n<html><head><!-- affilint-disable-file AFF001 -- ok --><title>T</title></head>\n"
        f"<body>\n<p>{L}</p>\n</body></html>\n"
    )
    _, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == []
    assert entry["suppressed"] == 1


def test_disable_file_only_suppresses_named_rule(tmp_path, capsys):
    html = UNSOURCED_ARTICLE.replace("<article>", f"<article>\n<!-- affilint-disable-file SRC001 -- opinion -->\n<p>{L}</p>")
    _, entry = lint_page(tmp_path, capsys, html)
    assert [f["rule"] for f in entry["findings"]] == ["AFF001"]
    assert entry["suppressed"] == 1


def test_disable_file_on_first_line_of_fragment(tmp_path, capsys):
    html = f"<!-- affilint-disable-file AFF001 -- syndicated -->\n<p>{L}</p>\n<p>{L}</p>\n"
    _, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == []
    assert entry["suppressed"] == 2


def test_disable_file_before_doctype(tmp_path, capsys):
    html = f"<!-- affilint-disable-file AFF001 -- ok -->\n<!DOCTYPE html>\n<html><body>\n<p>{L}</p>\n</body></html>\n"
    _, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == []


def test_disable_next_on_first_line_of_fragment(tmp_path, capsys):
    html = f"<!-- affilint-disable-next AFF001 -- ok -->\n<p>{L}</p>\n<p>{L}</p>\n"
    _, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == [3]


def test_disable_range_starting_on_first_line_of_fragment(tmp_path, capsys):
    html = f"<!-- affilint-disable AFF001 -- ok -->\n<p>{L}</p>\n<!-- affilint-enable -->\n<p>{L}</p>\n"
    _, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == [4]



def test_disable_file_after_the_closing_html_tag(tmp_path, capsys):
    html = f"<html><body><p>{L}</p></body></html>\n<!-- affilint-disable-file AFF001 -- ok -->\n"
    _, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == []
    assert entry["suppressed"] == 1


def test_disable_next_at_fragment_start_covers_a_multiline_element(tmp_path, capsys):
    html = f"<!-- affilint-disable-next AFF001 -- ok -->\n<ul>\n<li>{L}</li>\n<li>{L}</li>\n</ul>\n<p>{L}</p>\n"
    _, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == [6]
    assert entry["suppressed"] == 2


def test_disable_next_src001_before_the_article_at_fragment_start(tmp_path, capsys):
    html = "<!-- affilint-disable-next SRC001 -- opinion piece -->\n" + UNSOURCED_ARTICLE
    _, entry = lint_page(tmp_path, capsys, html)
    assert entry["findings"] == []
    assert entry["suppressed"] == 1


def test_disable_next_src001_before_the_article_inside_a_container(tmp_path, capsys):
    html = "<div>\n<!-- affilint-disable-next SRC001 -- opinion piece -->\n" + UNSOURCED_ARTICLE + "</div>\n"
    _, entry = lint_page(tmp_path, capsys, html)
    assert entry["findings"] == []
    assert entry["suppressed"] == 1

# -- unused suppressions (AFL001) ----------------------------------------------------------------
def test_unused_directive_is_reported_with_flag(tmp_path, capsys):
    html = f"<p>Intro.</p>\n<!-- affilint-disable-next AFF001 -- stale -->\n<p>No links here.</p>\n<p>{L}</p>\n"
    run, entry = lint_page(tmp_path, capsys, html, "--report-unused-suppressions")
    unused = [f for f in entry["findings"] if f["rule"] == "AFL001"]
    assert [(f["line"], f["column"], f["severity"]) for f in unused] == [(2, 1, "warning")]
    assert "affilint-disable-next AFF001" in unused[0]["message"]
    assert lines_of(entry) == [4]
    assert entry["suppressed"] == 0


def test_unused_directive_is_silent_without_flag(tmp_path, capsys):
    html = "<p>Intro.</p>\n<!-- affilint-disable-next AFF001 -- stale -->\n<p>No links here.</p>\n"
    run, entry = lint_page(tmp_path, capsys, html)
    assert entry["findings"] == []
    assert run.code == 0


def test_used_directive_is_not_reported_as_unused(tmp_path, capsys):
    html = f"<p>Intro.</p>\n<!-- affilint-disable-next AFF001 -- ok -->\n<p>{L}</p>\n"
    run, entry = lint_page(tmp_path, capsys, html, "--report-unused-suppressions")
    assert entry["findings"] == []
    assert entry["suppressed"] == 1
    assert run.code == 0


def test_unused_disable_range_and_disable_file_are_reported(tmp_path, capsys):
    html = (
        "<p>Intro.</p>\n"
        "<!-- affilint-disable-file SRC001 -- opinion -->\n"
        "<!-- affilint-disable AFF001 -->\n<p>Clean.</p>\n<!-- affilint-enable -->\n"
    )
    _, entry = lint_page(tmp_path, capsys, html, "--report-unused-suppressions")
    assert [(f["rule"], f["line"]) for f in entry["findings"]] == [("AFL001", 2), ("AFL001", 3)]


def test_unused_warning_fails_with_fail_on_warning(tmp_path, capsys):
    html = "<p>Intro.</p>\n<!-- affilint-disable AFF001 -->\n<p>Clean.</p>\n"
    run, _ = lint_page(tmp_path, capsys, html, "--report-unused-suppressions", "--fail-on", "warning")
    assert run.code == 1


def test_unused_suppressions_from_config(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "affilint.toml", "report-unused-suppressions = true\n")
    write(tmp_path, "page.html", "<p>Intro.</p>\n<!-- affilint-disable AFF001 -->\n<p>Clean.</p>\n")
    run = check_json(capsys, "page.html", isolated=False)
    assert run.rules() == ["AFL001"]


def test_ignoring_afl001_silences_unused_reports(tmp_path, capsys):
    html = "<p>Intro.</p>\n<!-- affilint-disable AFF001 -->\n<p>Clean.</p>\n"
    _, entry = lint_page(tmp_path, capsys, html, "--report-unused-suppressions", "--ignore", "AFL001")
    assert entry["findings"] == []


# -- counts --------------------------------------------------------------------------------------
def test_summary_suppressed_adds_up_over_files(tmp_path, capsys):
    one = write(tmp_path, "one.html", f"<p>Intro.</p>\n<!-- affilint-disable AFF001 -->\n<p>{L} {L}</p>\n")
    two = write(tmp_path, "two.html", f"<p>Intro.</p>\n<!-- affilint-disable-next AFF001 -->\n<p>{L}</p>\n<p>{L}</p>\n")
    run = check_json(capsys, one, two)
    assert [f["suppressed"] for f in run.files] == [2, 1]
    assert run.report["summary"]["suppressed"] == 3
    assert run.report["summary"]["findings"] == 1
    assert run.report["summary"]["by_rule"] == {"AFF001": 1}


def test_suppressed_findings_do_not_fail_the_run(tmp_path, capsys):
    html = f"<p>Intro.</p>\n<!-- affilint-disable AFF001 -- ok -->\n<p>{L}</p>\n"
    run, entry = lint_page(tmp_path, capsys, html)
    assert entry["findings"] == []
    assert run.code == 0


# -- review regressions ----------------------------------------------------------------------------
def test_reason_without_dashes_never_becomes_a_selector(tmp_path, capsys):
    html = (
        "<!-- affilint-disable SRC001 a reader asked for this -->\n"
        f"<p>{AFFILIATE_LINK}</p>\n"
    )
    _run, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == [2]  # the word "a" did not turn into the prefix A (AFF...)
    assert entry["suppressed"] == 0


def test_narrow_enable_inside_blanket_disable_reenables_only_that_rule(tmp_path, capsys):
    html = (
        "<!-- affilint-disable -->\n"
        f"<p>{AFFILIATE_LINK}</p>\n"
        "<!-- affilint-enable SRC001 -->\n"
        f"<p>{AFFILIATE_LINK}</p>\n"
    )
    _run, entry = lint_page(tmp_path, capsys, html)
    assert lines_of(entry) == []
    assert entry["suppressed"] == 2


def test_unknown_code_in_a_directive_is_reported(tmp_path, capsys):
    html = "<!-- affilint-disable-next AFF01 -- typo -->\n<p>x</p>\n"
    _run, entry = lint_page(tmp_path, capsys, html, "--report-unused-suppressions")
    (finding,) = entry["findings"]
    assert finding["rule"] == "AFL001" and "names no rule: AFF01" in finding["message"]


def test_directive_for_a_rule_that_did_not_run_is_not_called_unused(tmp_path, capsys):
    html = f"<!-- affilint-disable-next AFF001 -- partner link -->\n<p>{AFFILIATE_LINK}</p>\n"
    _run, entry = lint_page(tmp_path, capsys, html, "--report-unused-suppressions", "--select", "AFL001")
    assert entry["findings"] == []


def test_unused_suppression_findings_can_be_suppressed(tmp_path, capsys):
    html = "<!-- affilint-disable-file AFL001 -- legacy page -->\n<!-- affilint-disable-next AFF001 -- old -->\n<p>x</p>\n"
    _run, entry = lint_page(tmp_path, capsys, html, "--report-unused-suppressions")
    assert entry["findings"] == []


def test_sentence_starting_with_an_entity_is_located_and_suppressible(tmp_path, capsys):
    body = UNSOURCED_ARTICLE.replace("<article>\n<p>The ministry", "<!-- affilint-disable-next SRC001 -- wire copy --><article><p>&ldquo;The ministry")
    _run, entry = lint_page(tmp_path, capsys, body, "--report-unused-suppressions")
    assert entry["findings"] == [] and entry["suppressed"] == 1


@pytest.mark.parametrize("comment", ["affilint-disable-file AFF0001", "affilint-disable AFF01", "affilint-disable-next ZZZ999"])
def test_a_directive_naming_only_unknown_codes_suppresses_nothing(tmp_path, capsys, comment):
    # A typo must not turn into "disable every rule": the findings stay and AFL001 names the typo.
    html = f"<!-- {comment} -->\n<p>{AFFILIATE_LINK}</p>\n"
    _run, entry = lint_page(tmp_path, capsys, html, "--report-unused-suppressions")
    assert lines_of(entry) == [2] and entry["suppressed"] == 0
    assert [f["rule"] for f in entry["findings"] if f["rule"] == "AFL001"] == ["AFL001"]


def test_a_typo_beside_a_known_code_is_reported_though_the_known_code_worked(tmp_path, capsys):
    html = f"<!-- affilint-disable-next AFF001, AFF01 -->\n<p>{AFFILIATE_LINK}</p>\n"
    _run, entry = lint_page(tmp_path, capsys, html, "--report-unused-suppressions")
    assert lines_of(entry) == [] and entry["suppressed"] == 1
    (finding,) = [f for f in entry["findings"] if f["rule"] == "AFL001"]
    assert "names no rule: AFF01" in finding["message"]
