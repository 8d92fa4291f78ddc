"""The rules' own words the result views quote, and what every view ends with."""

from __future__ import annotations

from collections.abc import Mapping

from .assumptions import HEADING, Assumptions
from .changes import submit_desk
from .explain import option_words
from .viewparts import dated, plain, unit, whole

# Where the seed prints the change notes the results quote (①–③).
CHANGE_NOTES = "原本「2.1 変更内容一覧」の留意事項"
# What the page and every result call the rules version.
VERSION_LABEL = "計算に使う規則"


def version_parts(version: str) -> tuple[str, ...]:
    """The rules version as a customer reads it: the original's edition the
    rules follow, then the digest that tells two builds of one edition apart,
    named as an identifier (「原本1.8版に準拠」「（識別番号 c1234ea7d317）」,
    not 「1.8版-c1234ea7d317」). Each part is kept on one line; together they
    are wider than a 320 px phone's line."""
    edition, _, digest = version.rpartition("-")
    return (f"原本{edition}に準拠", f"（識別番号 {digest}）") if edition and digest else (version,)


def version_text(version: str) -> str:
    return "".join(version_parts(version))


class Wording:
    """The rules' own words the views quote: service, desks, documents, notes."""

    def __init__(self, bundle: Mapping):
        rules = bundle["rules"]
        self.version_parts = version_parts(bundle["rules_version"])
        self.version = "".join(self.version_parts)
        self.service = rules["guide"]["service"]
        self.contacts = {c["id"]: c for c in rules["contacts"]["contacts"]}
        self.documents = {d["id"]: d["name"] for d in rules["documents"]["documents"]}
        self.changes = rules["changes"]
        self.cancellation = rules["cancellation"]
        # By key, never by position or id; named as the page's rules section
        # names it, so its mark (①) never stands alone.
        self.notes = {n["key"]: f"{CHANGE_NOTES}{n['id']}：{n['text']}" for n in self.changes["notes"] if n.get("key")}
        self.option_words = option_words(rules["contract"]["softbank_option"]["counted_from"])
        self.assumptions = Assumptions(bundle, submit_desk(rules))

    def submit(self, section: Mapping, documents: list[str]) -> dict:
        """Documents and where to send them, as a block and as one line."""
        desk = self.contacts[section["submit_to"]]
        how = f"{section['submit_by']}で" if section.get("submit_by") else ""
        # The bracket closed after the address keeps its particle on its line.
        send = [*dated(f"{desk['name']}（"), {"href": f"mailto:{desk['email']}", "text": desk["email"]},
                whole("）へ"), f"{how}ご提出ください。"]
        return {
            "heading": "ご提出",
            "documents_label": "必要書類",
            "documents": documents,
            "send_label": "送付先",
            "send": send,
            "lines": ["必要書類：" + "、".join(documents), "送付先：" + plain(send)],
        }

    def finish(self, view: dict, notes: list[str] = ()) -> dict:
        """Add what every result carries: the assumptions that changed its
        dates (``notes`` first: how the input was read), the copied text and
        the rules version."""
        lines = [*notes, *view.pop("assumptions", [])]
        # ``items`` as text (what is copied), ``segments`` as the page shows them.
        view["assumptions"] = {"heading": HEADING, "items": lines, "segments": [dated(line) for line in lines]} \
            if lines else None
        if view.get("warning"):
            view["warning"]["segments"] = dated(view["warning"]["text"])
        version = f"{VERSION_LABEL}：{self.version}"
        view["copy"] = [f"{self.service} {view.pop('title')}", *view.pop("copy_body"),
                        *([f"{HEADING}：", *(f"  ・{line}" for line in lines)] if lines else []), version]
        view["version_note"] = [f"{VERSION_LABEL}：", unit(self.version_parts)]
        return view
