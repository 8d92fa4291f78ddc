"""``KMC_SEARCH`` (guidebuild/publish/search.py): the test builds that are not
about search skip the Pagefind index; the builds the search tests read (the
real rules, and the edited ones whose index must not keep an old value), like
production, make it."""

import pytest

from guidebuild.publish import search


def test_only_the_builds_whose_index_is_read_have_one(builds):
    for name in ("main", "edited"):
        assert (getattr(builds, name).site / search.OUTPUT_SUBDIR / "pagefind.js").is_file(), name
    site = builds.hostile.site
    assert (site / "index.html").is_file()
    assert not (site / search.OUTPUT_SUBDIR).exists(), "hostile: built with KMC_SEARCH=0, yet has an index"


@pytest.mark.parametrize(("value", "wanted"), [(None, True), ("1", True), ("0", False)])
def test_the_switch_reads_0_1_or_unset(monkeypatch, value, wanted):
    if value is None:
        monkeypatch.delenv(search.SWITCH, raising=False)
    else:
        monkeypatch.setenv(search.SWITCH, value)
    assert search.wanted() is wanted


@pytest.mark.parametrize("value", ["", "no", "false", "2"])
def test_any_other_value_stops_the_build_and_says_what_to_set(monkeypatch, value):
    monkeypatch.setenv(search.SWITCH, value)
    with pytest.raises(ValueError, match=r"KMC_SEARCH=.*set it to 0 .* or 1, or leave it unset"):
        search.wanted()
