"""Finding positions point at the source as the user sees it (1-based line, column of the ``<a``), and
fingerprints survive edits elsewhere in the file."""

from __future__ import annotations

import pytest

from helpers_cli import AFFILIATE_ANCHOR, AMAZON_HREF, UNSOURCED_ARTICLE, check_json, position_of, write

L = AFFILIATE_ANCHOR


def findings(tmp_path, capsys, html, name="page.html", *args):
    page = write(tmp_path, name, html)
    run = check_json(capsys, *args, page)
    entry = run.files[0]
    assert entry["status"] == "ok", entry
    return entry["findings"]


def aff(found):
    return [f for f in found if f["rule"] == "AFF001"]


def start(finding):
    return finding["line"], finding["column"]


# -- lines and columns ---------------------------------------------------------------------------
def test_link_on_first_line(tmp_path, capsys):
    html = f"<p>Buy {L}</p>\n"
    assert [start(f) for f in aff(findings(tmp_path, capsys, html))] == [(1, 8)]


def test_link_on_line_n_of_a_page(tmp_path, capsys):
    html = (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>Stoves</title>\n</head>\n<body>\n"
        "<article>\n<h1>Best stoves</h1>\n<p>Some intro text.</p>\n"
        f"<p>Our pick is   {L} for most people.</p>\n"
        "</article>\n</body>\n</html>\n"
    )
    (finding,) = aff(findings(tmp_path, capsys, html))
    assert start(finding) == position_of(html, "<a ") == (10, 18)


def test_end_position_is_after_the_end_tag(tmp_path, capsys):
    html = f"<p>Intro.</p>\n<p>Buy {L} now.</p>\n"
    (finding,) = aff(findings(tmp_path, capsys, html))
    end = position_of(html, "</a>")
    assert (finding["end_line"], finding["end_column"]) == (end[0], end[1] + len("</a>"))
    assert finding["snippet"] == L


def test_two_links_on_one_line_have_their_own_columns(tmp_path, capsys):
    html = f"<p>Intro.</p>\n<p>{L} or {L}</p>\n"
    found = aff(findings(tmp_path, capsys, html))
    assert [start(f) for f in found] == [position_of(html, "<a ", 0), position_of(html, "<a ", 1)]


def test_multiline_start_tag_reports_the_line_of_its_open_bracket(tmp_path, capsys):
    html = (
        "<article>\n<p>Intro.</p>\n"
        "<p>Our pick: <a\n"
        '     class="product"\n'
        '     data-id="42"\n'
        f'     href="{AMAZON_HREF}">a stove</a>.</p>\n'
        "</article>\n"
    )
    (finding,) = aff(findings(tmp_path, capsys, html))
    assert start(finding) == (3, 14)
    assert finding["end_line"] == 6


def test_multiline_start_tag_with_crlf(tmp_path, capsys):
    html = (
        "<article>\r\n<p>Intro.</p>\r\n"
        "<p>Our pick: <a\r\n"
        '     class="product"\r\n'
        f'     href="{AMAZON_HREF}">a stove</a>.</p>\r\n'
        "</article>\r\n"
    )
    (finding,) = aff(findings(tmp_path, capsys, html))
    assert start(finding) == (3, 14)


def test_crlf_line_endings_give_the_same_positions_as_lf(tmp_path, capsys):
    lf = f"<article>\n<h1>Title</h1>\n<p>One.</p>\n<p>Two: {L}</p>\n</article>\n"
    crlf = lf.replace("\n", "\r\n")
    lf_found = aff(findings(tmp_path, capsys, lf, "lf.html"))
    crlf_found = aff(findings(tmp_path, capsys, crlf, "crlf.html"))
    assert [start(f) for f in crlf_found] == [start(f) for f in lf_found] == [(4, 9)]
    assert crlf_found[0]["end_line"] == 4


def test_cr_only_line_endings_count_as_lines(tmp_path, capsys):
    html = f"<p>Intro.</p>\r<p>Two.</p>\r<p>Buy {L}</p>\r"
    (finding,) = aff(findings(tmp_path, capsys, html))
    assert start(finding) == (3, 8)


def test_columns_count_characters_not_bytes(tmp_path, capsys):
    html = f"<p>Intro.</p>\n<p>\u00c9t\u00e9 \u2014 caf\u00e9 \u65e5\u672c: {L}</p>\n"
    (finding,) = aff(findings(tmp_path, capsys, html))
    assert start(finding) == position_of(html, "<a ")


def test_uppercase_tags_are_located(tmp_path, capsys):
    html = f'<P>Intro.</P>\n<P>Buy <A HREF="{AMAZON_HREF}">x</A></P>\n'
    (finding,) = aff(findings(tmp_path, capsys, html))
    assert start(finding) == (2, 8)


def test_link_after_implied_end_tags(tmp_path, capsys):
    html = f"<p>one\n<p>two\n<p>three {L}\n<p>four\n"
    (finding,) = aff(findings(tmp_path, capsys, html))
    assert start(finding) == (3, 10)


def test_link_in_a_table_cell(tmp_path, capsys):
    html = f"<table>\n<tr><td>a</td></tr>\n<tr><td>{L}</td></tr>\n</table>\n"
    (finding,) = aff(findings(tmp_path, capsys, html))
    assert start(finding) == (3, 9)


def test_position_in_a_latin1_declared_page(tmp_path, capsys):
    html = f'<meta charset="iso-8859-1">\n<p>Caf\u00e9 cr\u00e8me.</p>\n<p>Caf\u00e9 {L}</p>\n'
    page = write(tmp_path, "latin.html", html.encode("latin-1"))
    run = check_json(capsys, page)
    assert [start(f) for f in aff(run.files[0]["findings"])] == [(3, 9)]


def test_fix_edit_inserts_rel_right_after_the_tag_name(tmp_path, capsys):
    html = f"<p>Intro.</p>\n<p>Buy {L}</p>\n"
    (finding,) = aff(findings(tmp_path, capsys, html))
    (edit,) = finding["fix"]["edits"]
    assert (edit["line"], edit["column"]) == (2, 8 + len("<a"))
    assert edit["content"] == ' rel="sponsored"'


def test_src001_points_at_the_first_claim_sentence(tmp_path, capsys):
    (finding,) = findings(tmp_path, capsys, UNSOURCED_ARTICLE)
    assert finding["rule"] == "SRC001"
    assert start(finding) == position_of(UNSOURCED_ARTICLE, "The ministry said")


def test_suppression_comment_position_is_reported_for_unused_directive(tmp_path, capsys):
    html = "<p>Intro.</p>\n<div>\n   <!-- affilint-disable-next AFF001 -->\n<p>clean</p>\n</div>\n"
    found = findings(tmp_path, capsys, html, "page.html", "--report-unused-suppressions")
    assert [(f["rule"], f["line"], f["column"]) for f in found] == [("AFL001", 3, 4)]


def test_commented_out_link_before_the_real_one_does_not_steal_its_position(tmp_path, capsys):
    html = f'<p>Intro.</p>\n<p>Buy <!-- was <a href="/old">old</a> -->\n{L}</p>\n'
    (finding,) = aff(findings(tmp_path, capsys, html))
    assert start(finding) == (3, 1)
    assert finding["fix"]["edits"][0]["line"] == 3


def test_a_tag_inside_script_before_the_real_link_does_not_steal_its_position(tmp_path, capsys):
    html = f"<p>Intro.</p>\n<div><script>var s = '<a href=\"/\">';</script>\n{L}</div>\n"
    (finding,) = aff(findings(tmp_path, capsys, html))
    assert start(finding) == (3, 1)


def test_a_tag_in_an_attribute_value_does_not_steal_the_position(tmp_path, capsys):
    html = f'<p>Intro.</p>\n<div><p title="<a b">t</p>\n{L}</div>\n'
    (finding,) = aff(findings(tmp_path, capsys, html))
    assert start(finding) == (3, 1)
    assert finding["snippet"] == L


# -- fingerprints --------------------------------------------------------------------------------
ARTICLE = "<article>\n<h1>Stoves</h1>\n<p>Our pick: {link}.</p>\n</article>\n"


def test_fingerprint_survives_a_paragraph_inserted_above(tmp_path, capsys):
    before = ARTICLE.format(link=L)
    after = before.replace("<h1>Stoves</h1>\n", "<h1>Stoves</h1>\n<p>A new intro paragraph.</p>\n<p>And another.</p>\n")
    (old,) = aff(findings(tmp_path, capsys, before))
    (new,) = aff(findings(tmp_path, capsys, after))
    assert (old["line"], new["line"]) == (3, 5)
    assert new["fingerprint"] == old["fingerprint"]


def test_fingerprint_survives_line_ending_change(tmp_path, capsys):
    lf = ARTICLE.format(link=L)
    (old,) = aff(findings(tmp_path, capsys, lf))
    (new,) = aff(findings(tmp_path, capsys, lf.replace("\n", "\r\n")))
    assert new["fingerprint"] == old["fingerprint"]


def test_fingerprint_changes_when_the_link_changes(tmp_path, capsys):
    (old,) = aff(findings(tmp_path, capsys, ARTICLE.format(link=L)))
    (new,) = aff(findings(tmp_path, capsys, ARTICLE.format(link=L.replace("a camp stove", "a tent"))))
    assert new["fingerprint"] != old["fingerprint"]


def test_identical_links_get_distinct_fingerprints(tmp_path, capsys):
    found = aff(findings(tmp_path, capsys, f"<p>Intro.</p>\n<p>{L}</p>\n<p>{L}</p>\n"))
    assert len({f["fingerprint"] for f in found}) == 2


def test_fingerprint_is_deterministic_across_runs(tmp_path, capsys):
    html = ARTICLE.format(link=L)
    first = [f["fingerprint"] for f in findings(tmp_path, capsys, html)]
    second = [f["fingerprint"] for f in findings(tmp_path, capsys, html)]
    assert first == second
