"""An A–Z jump list above the glossary, built from its terms, so it never goes stale.

On a phone the glossary is a long scroll; the list links each initial letter to the first
term that starts with it (letters without a term are left out).
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes


def add_jump_list(app, doctree, docname):
    for glossary in list(doctree.findall(addnodes.glossary)):  # the tree changes below
        first = {}
        for term in glossary.findall(nodes.term):
            letter = term.astext().strip()[:1].upper()
            if letter.isalpha() and term["ids"]:
                first.setdefault(letter, term["ids"][0])
        if not first:
            continue
        jump = nodes.paragraph(classes=["glossary-jump"])
        jump += nodes.strong(text="Jump to: ")
        for number, (letter, target) in enumerate(sorted(first.items())):
            if number:
                jump += nodes.Text(" · ")
            jump += nodes.reference(text=letter, refuri=f"#{target}",
                                    reftitle=f"Terms starting with {letter}")
        nav = nodes.container(classes=["glossary-index"])
        nav += jump
        glossary.parent.insert(glossary.parent.index(glossary), nav)


def setup(app):
    app.connect("doctree-resolved", add_jump_list)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
