"""Sphinx configuration: the Markdown pages in docs/ plus the API reference.

Build:  python -m sphinx -W -b html docs docs/_build/html
The examples in every page and every docstring are run by the test suite
(pytest --doctest-modules --doctest-glob='*.md', each in its module's
namespace), and tests/test_quality.py runs this build with warnings as errors.
"""

from __future__ import annotations

project = "tracecode"
author = "tracecode maintainers"
extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build"]
myst_heading_anchors = 3
autodoc_member_order = "bysource"
autodoc_typehints = "description"
suppress_warnings = ["myst.xref_missing", "myst.header"]
html_theme = "alabaster"
