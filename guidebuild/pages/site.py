"""What the whole site says about itself (``<title>``, the meta description),
made from guide.yaml so that mkdocs.yml holds no fact of the guide."""

from __future__ import annotations

from .chapters.guide import GuideChapter


def site_description(guide: GuideChapter) -> str:
    """The meta description every page without its own carries."""
    return (f"{guide.service} 入稿ポータルプランの新規契約・変更・解約・お問い合わせの手続きガイド"
            f"（{guide.edition} Web 版）")
