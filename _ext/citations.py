"""Citations read "Guedan et al., 2020" whenever the author list ends in "and others".

A BibTeX author list may name one author and then `and others` (the rest not transcribed).
sphinxcontrib-bibtex's author-year style joins two names with "and", so such an entry was cited
"Guedan and others, 2020" beside "Lee et al., 2019". This style, `author_year_et_al`, is the
author-year style with one change: a list ending in "others" is cited by its first author and
"et al.", however many authors it names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pybtex.richtext import Text
from pybtex.style.template import FieldIsMissing, first_of, node, optional, tag
from sphinxcontrib.bibtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.template import field as entry_field
from sphinxcontrib.bibtex.style.template import join


@node
def names(children, data, role, other=None, **separators):
    """The persons of `role`, as sphinxcontrib-bibtex's `names` formats them, except that a list
    ending in "others" becomes its first person and `other` (when `other` is asked for)."""
    assert not children
    try:
        persons = data["entry"].persons[role]
    except KeyError:
        raise FieldIsMissing(role, data["entry"]) from None
    person = data["style"].person
    formatted = [person.style_plugin.format(p, person.abbreviate) for p in persons]
    if other is not None and len(persons) > 1 and str(persons[-1]) == "others":
        return Text(formatted[0].format_data(data), other)
    return join(other=other, **separators)[formatted].format_data(data)


@node
def author_or_editor_or_title(children, data, **kwargs):
    assert not children
    return first_of[optional[names("author", **kwargs)], optional[names("editor", **kwargs)],
                    tag("em")[entry_field("title")]].format_data(data)


class EtAlPersonStyle(PersonStyle):
    def names(self, role: str, full: bool):
        return names(role=role, sep=self.sep, sep2=self.sep2, last_sep=self.last_sep,
                     other=None if full else self.other)

    def author_or_editor_or_title(self, full: bool):
        return author_or_editor_or_title(sep=self.sep, sep2=self.sep2, last_sep=self.last_sep,
                                         other=None if full else self.other)


@dataclass
class EtAlAuthorYearReferenceStyle(AuthorYearReferenceStyle):
    person: PersonStyle = field(default_factory=EtAlPersonStyle)


def setup(app):
    register_plugin("sphinxcontrib.bibtex.style.referencing", "author_year_et_al", EtAlAuthorYearReferenceStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
