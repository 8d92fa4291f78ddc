"""One edit in rules/ changes every page that shows the value, and leaves no
trace of the old value anywhere (pages and the search index)."""

from __future__ import annotations

import gzip

from .conftest import NEW_EMAIL

OLD_LEAD, NEW_LEAD = "10～18営業日", "10～19営業日"  # only item 7 has these
OLD_EMAIL = "kmc-support@kddi.com"


def _search_text(site) -> str:
    """The text of the Pagefind index: gzipped fragments, words cut by U+200B."""
    fragments = sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments, "no Pagefind fragments"
    return "".join(gzip.decompress(f.read_bytes()).decode("utf-8").replace("\u200b", "")
                   for f in fragments)


def _everything(build) -> dict[str, str]:
    files = build.pages()
    files["pagefind/fragment/*"] = _search_text(build.site)
    return files


def test_the_values_picked_are_unique_in_the_real_build(site):
    everywhere = "".join(_everything(site).values())
    assert OLD_LEAD in everywhere and OLD_EMAIL in everywhere
    assert NEW_LEAD not in everywhere and NEW_EMAIL not in everywhere


def test_new_lead_time_on_every_page_that_shows_it(builds):
    pages = [p for p, html in builds.main.pages().items() if OLD_LEAD in html]
    assert "change/items/index.html" in pages
    for page in pages:
        assert NEW_LEAD in builds.edited.pages()[page], page


def test_new_contact_email_on_every_page_that_shows_it(builds):
    pages = [p for p, html in builds.main.pages().items() if OLD_EMAIL in html]
    # the desk is the form address (2.1, 3.1), the note ③ address and a sender (4.4)
    for expected in ("change/items/index.html", "cancel/notes/index.html", "cancel/flow/index.html",
                     "support/contacts/index.html", "support/maintenance/index.html"):
        assert expected in pages
    for page in pages:
        assert NEW_EMAIL in builds.edited.pages()[page], page


def test_old_values_are_gone_everywhere(builds):
    for name, text in _everything(builds.edited).items():
        assert OLD_LEAD not in text, name
        assert OLD_EMAIL not in text, name


def test_worked_example_follows_the_new_lead_time(builds):
    from calculators.api import Engine
    from calculators.jformat import ja_short
    from guidebuild.rules import build_bundle
    from guidebuild.rules import load_rules

    rules = load_rules(builds.edited.rules_dir)
    accepted = rules.models["calendar"].examples.accepted
    result = Engine(build_bundle(rules)).changes.compute(accepted, [7]).items[0]
    row = f"{result.lead_time} {ja_short(result.earliest)}～{ja_short(result.latest)}"
    assert result.lead_time == NEW_LEAD
    assert row in builds.edited.text("change/items/")
    assert row not in builds.main.text("change/items/")


def test_the_pages_count_days_in_the_calculators_words(site):
    """A page's day-by-day table and the calculator's say a day the same way:
    the words are the engine's (calculators/explain.py), written once."""
    from calculators.api import Engine
    from guidebuild.guide import build_guide

    from .conftest import ROOT

    guide = build_guide(ROOT / "rules", ROOT / "docs")
    walk = guide.context.changes.example.example
    engine = Engine(guide.bundle)
    expected = [day.label() for day in engine.changes.compute(walk.accepted, [guide.context.changes.example.no]).explanation]
    assert [d.label for d in walk.days] == expected
    skipped = next(label for label in expected if "数えません" in label)
    assert skipped in site.text("change/items/")
