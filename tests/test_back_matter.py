"""The back matter holds together: glossary, references and citations.

Every {term} names a glossary entry and every glossary entry is used; every {cite} key is in
book/references.bib and every entry there is cited; every journal article has a DOI and
every other source an address. (The -W -n build also fails on an unknown term or citation;
these tests say which one, and catch the unused ones, which the build does not.)
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

SOURCES = [*ROOT.glob("book/*.md"), *ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("exercises/**/*.ipynb")]
DATA = [*ROOT.glob("celltherapy/data/*.csv")]
BIB = (ROOT / "book" / "references.bib").read_text()
ENTRIES = {m.group(2): m.group(0) for m in re.finditer(r"@(\w+)\{([^,]+),.*?\n\}", BIB, re.S)}


def text_of(paths) -> str:
    # notebooks are JSON: undo the escaped line breaks so roles split over lines still match
    return "\n".join(p.read_text().replace("\\n", "\n").replace('\\"', '"') for p in paths)


def roles(role: str) -> set[str]:
    found = set()
    for match in re.finditer(r"\{" + role + r"(?::\w+)?\}`([^`]+)`", text_of(SOURCES), re.S):
        found.add(" ".join(match.group(1).split()))
    return found


def glossary_terms() -> list[str]:
    block = (ROOT / "book" / "glossary.md").read_text().split("```{glossary}")[1].split("```")[0]
    return [line.strip() for line in block.splitlines() if line.strip() and not line.startswith(" ")]


def term_targets() -> set[str]:
    targets = set()
    for used in roles("term"):
        explicit = re.match(r".*<(.+)>$", used)
        targets.add(explicit.group(1) if explicit else used)
    return targets


def cited_keys() -> set[str]:
    keys = {k.strip() for used in roles("cite") for k in used.split(",")}
    keys |= set(re.findall(r",([a-z][a-z0-9]+\d{4}[a-z0-9]+)(?=,|$)", text_of(DATA), re.M))
    return keys


def test_every_term_is_in_the_glossary():
    assert term_targets() <= set(glossary_terms()), term_targets() - set(glossary_terms())


def test_every_glossary_entry_is_used():
    unused = set(glossary_terms()) - term_targets()
    assert not unused, f"glossary entries never used with {{term}}: {sorted(unused)}"


def test_every_citation_is_in_the_bibliography():
    missing = cited_keys() - set(ENTRIES)
    assert not missing, f"cited but not in references.bib: {sorted(missing)}"


def test_every_bibliography_entry_is_cited():
    uncited = set(ENTRIES) - cited_keys()
    assert not uncited, f"in references.bib but cited nowhere: {sorted(uncited)}"


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_entry_has_a_doi_or_an_address(key):
    entry = ENTRIES[key]
    if entry.startswith("@article"):
        assert re.search(r"doi\s*=\s*\{10\.\d{4,}/\S+\}", entry), f"{key}: a journal article needs its DOI"
    else:
        assert "\\url{http" in entry, f"{key}: a web source needs its address"
