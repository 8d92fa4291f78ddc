"""``KMC_PDF`` (guidebuild/publish/pdf.py): the test builds that are not about the PDF
skip its render; the build of the real rules, like production, makes it."""

import pytest

from guidebuild.publish import pdf
from guidebuild.publish.pdf import PDF_DIR, PDF_NAME


def test_only_the_build_of_the_real_rules_has_the_pdf(builds):
    assert (builds.main.site / PDF_DIR / PDF_NAME).is_file()
    for name in ("edited", "hostile"):
        site = getattr(builds, name).site
        assert (site / "index.html").is_file(), name
        assert not (site / PDF_DIR / PDF_NAME).exists(), f"{name}: built with KMC_PDF=0, yet has a PDF"


@pytest.mark.parametrize(("value", "wanted"), [(None, True), ("1", True), ("0", False)])
def test_the_switch_reads_0_1_or_unset(monkeypatch, value, wanted):
    if value is None:
        monkeypatch.delenv("KMC_PDF", raising=False)
    else:
        monkeypatch.setenv("KMC_PDF", value)
    assert pdf.wanted() is wanted


@pytest.mark.parametrize("value", ["", "no", "false", "2"])
def test_any_other_value_stops_the_build_and_says_what_to_set(monkeypatch, value):
    monkeypatch.setenv("KMC_PDF", value)
    with pytest.raises(ValueError, match=r"KMC_PDF=.*set it to 0 .* or 1, or leave it unset"):
        pdf.wanted()
