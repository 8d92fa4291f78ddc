"""``KMC_PDF`` (hooks/pdf.py): the test builds that are not about the PDF
skip its render; the build of the real rules, like production, makes it."""

import importlib.util

import pytest
from mkdocs.exceptions import PluginError

from guidebuild.pdf import PDF_DIR, PDF_NAME

from .conftest import ROOT


def test_only_the_build_of_the_real_rules_has_the_pdf(builds):
    assert (builds.main.site / PDF_DIR / PDF_NAME).is_file()
    for name in ("edited", "hostile"):
        site = getattr(builds, name).site
        assert (site / "index.html").is_file(), name
        assert not (site / PDF_DIR / PDF_NAME).exists(), f"{name}: built with KMC_PDF=0, yet has a PDF"


def _hook():
    spec = importlib.util.spec_from_file_location("kmc_pdf_hook_under_test", ROOT / "hooks" / "pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Config(dict):
    config_file_path = str(ROOT / "mkdocs.yml")


@pytest.mark.parametrize(("value", "skip"), [(None, False), ("1", False), ("0", True)])
def test_the_switch_reads_0_1_or_unset(monkeypatch, value, skip):
    if value is None:
        monkeypatch.delenv("KMC_PDF", raising=False)
    else:
        monkeypatch.setenv("KMC_PDF", value)
    hook = _hook()
    hook.on_config(_Config())
    assert hook._state["skip"] is skip


@pytest.mark.parametrize("value", ["", "no", "false", "2"])
def test_any_other_value_stops_the_build_and_says_what_to_set(monkeypatch, value):
    monkeypatch.setenv("KMC_PDF", value)
    with pytest.raises(PluginError, match=r"KMC_PDF=.*set it to 0 .* or 1, or leave it unset"):
        _hook().on_config(_Config())
