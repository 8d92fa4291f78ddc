"""The front matter of the guide: title page, notices, materials, revisions;
and the support site of 4.3."""

from __future__ import annotations

from dataclasses import dataclass

from ...rules import models as model
from ...rules.placeholders import fill
from .wording import ja_plain


@dataclass(frozen=True)
class RevisionRow:
    revision: model.Revision
    date_text: str


@dataclass(frozen=True)
class GuideChapter:
    title: str
    service: str
    edition: str
    published_text: str
    providers: tuple[str, ...]
    notices: tuple[str, ...]
    terms: tuple[str, ...]
    introduction: tuple[str, ...]
    materials_intro: str
    application_materials: list[model.Material]
    usage_materials: list[model.Material]
    materials_note: str
    revisions: tuple[RevisionRow, ...]


def guide_chapter(g: model.GuideFile) -> GuideChapter:
    return GuideChapter(
        title=g.title, service=g.service, edition=g.edition, published_text=ja_plain(g.published),
        providers=tuple(g.providers), notices=tuple(g.notices), terms=tuple(g.terms),
        introduction=tuple(g.introduction), materials_intro=g.materials_intro,
        application_materials=g.application_materials, usage_materials=g.usage_materials,
        materials_note=g.materials_note,
        revisions=tuple(RevisionRow(r, ja_plain(r.date)) for r in g.revisions),
    )


def support_web(web: model.SupportWeb, contacts: dict[str, model.Contact]) -> model.SupportWeb:
    """The support site with {contact_form} in its texts filled from the form's desk."""
    form = web.contact_form
    values = {"contact_form": str(form.web or form.email or form.name)}
    categories = [c.model_copy(update={"content": [fill(line, values) for line in c.content]})
                  for c in web.categories]
    return web.model_copy(update={"categories": categories})
