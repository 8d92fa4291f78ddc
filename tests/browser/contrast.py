"""Text contrast as the page shows it (the WCAG 2 ratio), measured in the
page: each element's colour over the backgrounds it sits on, white below all."""

from __future__ import annotations

TEXT_CONTRAST = """([selector, ownText]) => {
  const rgba = (s) => { const m = s.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const lum = ([r, g, b]) => { const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                               return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
  const over = (top, under) => { const a = top[3]; return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1); };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
  };
  return [...document.querySelectorAll(selector)]
    .filter((e) => e.getClientRects().length
      && (!ownText || [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())))
    .map((e) => {
      const bg = background(e);
      const fg = over(rgba(getComputedStyle(e).color), bg);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      return [e.textContent.trim().slice(0, 20), Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100, lum(bg) > 0.5];
    });
}"""


def text_contrast(page, selector: str, own_text: bool = False) -> list[tuple[str, float, bool]]:
    """(text, ratio, on a light background) for each visible element of
    ``selector``; ``own_text``: only elements holding text themselves."""
    return [tuple(found) for found in page.evaluate(TEXT_CONTRAST, [selector, own_text])]
