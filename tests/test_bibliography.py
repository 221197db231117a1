"""A bibliography a student can use: no working notes in print, and journal papers cited as such.

Two rules, checked entry by entry on book/references.bib (parsed with pybtex, the parser the
book's sphinxcontrib-bibtex uses):

1. No printed field carries an author's working note ("authors and DOI not seen", "confirm",
   "TODO", "(?)", "[U]", "facts.md" ...). The patterns are phrases, not single common words, so
   that a real title cannot trip them: "checkpoint", "CheckMate", "confirmatory", "Innate or
   adaptive immunity? The example of ..." all pass (see test_the_patterns_spare_real_titles).
2. A journal paper is an @article with authors, year, journal and a DOI. A journal paper hidden
   in a @misc (an article address, a DOI, or a "Journal 12(3):456"-style citation in its text)
   fails. Every other @misc/@online (regulator pages, news items, vendor pages, model
   repositories) needs an author or organisation, a year (of publication or, for an undated
   page, of access) and an address.

Exceptions: JOURNAL_PAPERS_WITHOUT_DOI lists, with a reason, the journal papers that have no DOI
at all. It is empty: every journal paper the book cites has one.
"""

from __future__ import annotations

import re

import pytest
from pybtex.database import parse_string

from conftest import ROOT

BIB_TEXT = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
DATABASE = parse_string(BIB_TEXT, "bibtex")
ENTRIES = dict(DATABASE.entries.items())

# key -> why it has no DOI (must be a journal paper that truly has none). Keep this short.
JOURNAL_PAPERS_WITHOUT_DOI: dict[str, str] = {}

PRINTED_FIELDS = ("title", "note", "howpublished", "journal", "booktitle", "publisher", "organization",
                  "institution", "school", "series", "edition", "address", "volume", "number", "pages",
                  "year", "month", "doi", "url", "urldate", "chapter", "type")

# Working notes, as phrases. Case-insensitive. Each is something no published title says.
WORKING_NOTES = [
    r"\bnot\s+(?:yet\s+)?(?:seen|read|verified|shown|checked|confirmed|found|known)\b",
    r"\b(?:seen|read|found)\s+only\b",                       # "DOI seen only in secondary lists"
    r"\bsecondary\s+(?:reference\s+)?lists?\b",
    r"\bconfirm(?:ed)?\b(?!\w)(?!\s+(?:by|in|that|the|a|an)\b)",  # "confirm", "-- confirm before printing"
    r"\bto\s+be\s+(?:confirmed|checked|verified|added|completed)\b",
    r"\b(?:please|must|should|needs?\s+to)\s+(?:re-?)?(?:check|verify|confirm)\b",
    r"\bcheck\s+(?:this|before|again|against|later|source|doi|authors?|pages|volume)\b",
    r"(?:^|[\s(\[])(?:re-?)?check(?:ed)?\s*[)\]]",            # "(check)", "[checked]"
    r"\b(?:un|not\s+)verified\b",
    r"\bverify\b",
    r"\bTODO\b", r"\bFIXME\b", r"\bTBD\b", r"\bXXX\b", r"\bto\s+do\b:",
    r"\?\?", r"[(\[]\s*\?\s*[)\]]", r"\s\?(?:\s|$|[.,;)])",   # "??", "(?)", "authors ?"
    r"\[(?:U|V|V-sec)\b[^\]]*\]",                             # the fact sheet's status marks
    r"\bfacts\.md\b", r"\bthe\s+brief\b", r"\bworking\s+note\b",
    r"\bfull\s+title\b", r"\bauthors?\s+(?:list\s+)?(?:unknown|missing|not)\b",
    r"\bDOI\s+(?:unknown|missing|not)\b", r"\bplaceholder\b", r"\bI\s+(?:believe|think|guess)\b",
    r"\.\.\.\s*\(", r"\bet\s+al\.?\s*\)?\s*$",
]
NOTE_RE = re.compile("|".join(f"(?:{p})" for p in WORKING_NOTES), re.I | re.M)

# A @misc is a journal paper in disguise if it has a DOI, an article address, or a citation in its text.
ARTICLE_ADDRESS = re.compile(
    r"ashpublications\.\w+/(?:blood|bloodadvances)/article|pmc\.ncbi\.nlm\.nih\.gov/articles"
    r"|pubmed\.ncbi\.nlm\.nih\.gov|(?:dx\.)?doi\.org/10\.|nejm\.org/doi|thelancet\.com/journals"
    r"|nature\.com/articles|sciencedirect\.com/science/article|onlinelibrary\.wiley\.com/doi"
    r"|jamanetwork\.com/journals|frontiersin\.org/articles|ispor\.org/vih-articles|academic\.oup\.com"
    r"|link\.springer\.com/article|journals\.plos\.org|science\.org/doi|cell\.com/.+/fulltext"
    r"|aacrjournals\.org/(?!cdnews)|ascopubs\.org/doi|jitc\.bmj\.com|repository\.cam\.ac\.uk"
    r"|metajournal\.com|e-cancer\.fr/.+Veille-bibliographique", re.I)
JOURNAL_CITATION = re.compile(r"\b\d{1,4}\s*\(\s*(?:\d{1,2}|Suppl[^)]*|Supplement[^)]*)\s*\)\s*:\s*[e\d]", re.I)
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")


def printed(entry) -> dict[str, str]:
    fields = {name.lower(): value for name, value in entry.fields.items()}
    for role in ("author", "editor"):
        if role in entry.persons:
            fields[role] = " and ".join(str(person) for person in entry.persons[role])
    return {name: value for name, value in fields.items() if name in PRINTED_FIELDS + ("author", "editor")}


def working_notes(entry) -> list[str]:
    return [f"{name}: {match.group(0)!r} in {value!r}"
            for name, value in printed(entry).items() for match in [NOTE_RE.search(value)] if match]


def looks_like_a_journal_paper(entry) -> bool:
    text = " ".join(entry.fields.get(name, "") for name in ("title", "howpublished", "url", "note", "journal"))
    return bool("doi" in {f.lower() for f in entry.fields} or "journal" in {f.lower() for f in entry.fields}
                or ARTICLE_ADDRESS.search(text) or JOURNAL_CITATION.search(text))


def has_authors(entry) -> bool:
    people = [p for p in entry.persons.get("author", []) if str(p).strip().lower() not in {"others", ""}]
    return bool(people)


def problems(key: str, entry) -> list[str]:
    found = working_notes(entry)
    fields = {name.lower(): value.strip() for name, value in entry.fields.items()}
    if fields.get("unverified"):  # what is not yet read in a source, kept out of print
        found.append(f"not yet verified in a source: {fields['unverified']}")
    kind = entry.type.lower()
    if kind == "article" or (kind in {"misc", "online"} and looks_like_a_journal_paper(entry)):
        if kind != "article":
            found.append(f"a journal paper as @{kind}: make it an @article with authors, journal and DOI")
        if not has_authors(entry):
            found.append("a journal paper needs its authors")
        if not re.fullmatch(r"(19|20)\d\d", fields.get("year", "")):
            found.append("a journal paper needs its year")
        if not fields.get("journal"):
            found.append("a journal paper needs its journal")
        if key not in JOURNAL_PAPERS_WITHOUT_DOI and not DOI_RE.match(fields.get("doi", "")):
            found.append("a journal paper needs its DOI (doi = {10.xxxx/...})")
    elif kind in {"misc", "online"}:
        if not (has_authors(entry) or fields.get("organization")):
            found.append("a web source needs an author or organisation")
        if not re.fullmatch(r"(19|20)\d\d", fields.get("year", "")):
            found.append("a web source needs a year (of publication, or of access for an undated page)")
        if not re.search(r"https?://", fields.get("howpublished", "") + fields.get("url", "")):
            found.append("a web source needs its address")
    return found


# Known unfinished entries: journal papers whose DOI (and, for some, authors) could not yet be read
# in a source. They are expected to fail (strict xfail): fixing one makes its test pass, which fails
# the run until its line here is deleted. This list must only shrink.
DOI_NOT_YET_READ = "journal paper: DOI not yet read in a source"
PENDING: dict[str, str] = {
    key: DOI_NOT_YET_READ for key in (
        "awasthi2020tisagenlecleucel", "blood2022axicel2lcea", "blood2023medicareolder", "bloodadv2023flcea",
        "bloodadv2023nodetectable", "bloodadv2024car19monitoring", "dulobdas2025risk", "fry2018cd22",
        "jamanetwopen2023cea", "lamble2023preinfusion", "mitsuyasu2000prolonged",
        "valueinhealth2022waittimes", "vercellino2020predictive", "zhou2015longterm",
        # added with the Going deeper sections: abstracts read, DOIs (and some author lists) not yet
        "caruso2015tuning", "hill2019durable", "romee2013nk", "zhu2020pluripotent")
} | {
    "frontimmunol2021cartmanufacturing": "authors not yet read in a source",
    "kuhnl2022national": "author list not yet read in a source",
    "locke2020tumor": "DOI and pages read only in secondary reference lists",
    "majzner2018lowcd19ash": "conference abstract: full title and authors not yet read",
}


@pytest.mark.parametrize("key", [pytest.param(k, marks=pytest.mark.xfail(strict=True, reason=PENDING[k]))
                                 if k in PENDING else k for k in sorted(ENTRIES)])
def test_entry_is_fit_to_print(key):
    found = problems(key, ENTRIES[key])
    assert not found, f"{key}: " + "; ".join(found)


def test_pending_entries_exist():
    assert set(PENDING) <= set(ENTRIES), sorted(set(PENDING) - set(ENTRIES))


def test_exceptions_are_few_and_real():
    assert len(JOURNAL_PAPERS_WITHOUT_DOI) <= 5, "the list of journal papers without a DOI must stay short"
    for key, reason in JOURNAL_PAPERS_WITHOUT_DOI.items():
        assert key in ENTRIES and reason.strip(), f"{key}: an exception needs an entry and a reason"
        assert "doi" not in {f.lower() for f in ENTRIES[key].fields}, f"{key} has a DOI: drop the exception"


REAL_TITLES = [
    "Innate or adaptive immunity? The example of natural killer cells",
    "Immune checkpoint blockade in CheckMate 067: a confirmatory phase 3 trial",
    "Results confirmed by an independent review committee",
    "A checkpoint inhibitor to check tumour growth",
    "Long-Term Follow-up of CD19 CAR Therapy in Acute Lymphoblastic Leukemia",
    "Quality control and release testing: TODOs are not in titles",  # contains "TODOs", not "TODO"
    "Unknown primary: what is known?",
    "Is CAR T cell therapy worth it? A cost-effectiveness analysis",
]
NOTES = [
    "authors and DOI not seen", "full title not seen", "confirm", "-- confirm before printing",
    "Abstract read; author list NOT seen", "DOI 10.1/x seen only in secondary reference lists",
    "DOI not verified", "TODO: pages", "Authors (?)", "Pages ??", "[U]", "facts.md section 4.1",
    "first author from the brief", "unverified", "check before printing", "(check)",
    "Low CD19 antigen density diminishes efficacy of ... (full title not seen)",
]


@pytest.mark.parametrize("title", REAL_TITLES)
def test_the_patterns_spare_real_titles(title):
    assert not NOTE_RE.search(title), NOTE_RE.search(title).group(0)


@pytest.mark.parametrize("note", NOTES)
def test_the_patterns_catch_working_notes(note):
    assert NOTE_RE.search(note)
