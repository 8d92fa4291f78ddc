"""The rules step: rules/*.yaml read strictly, validated by the models and the
cross-file checks, and turned into the calculators' JSON bundle.

``load_rules`` reports every problem as ``rules/<file>:<line>: what : fix``;
``build_bundle`` is what the engine reads, at build time and in the browser.
"""

from .bundle import build_bundle
from .load import Rules, load_rules
from .yamlfile import LoadedFile, Problem, RulesError, load_file

__all__ = ["LoadedFile", "Problem", "Rules", "RulesError", "build_bundle", "load_file", "load_rules"]
