"""What the calculator page's browser tests share: the page's hooks, opening
it until the calculator is ready, and waiting for a form's result."""

from __future__ import annotations

import datetime as dt

BOOT_MS = 45_000
FORM = 'form[data-calculator="{}"]'
JST = dt.timezone(dt.timedelta(hours=9))
PHONE = {"width": 390, "height": 844}


def at_ten_in_japan(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), JST)


def open_calculator(p, url="calculator/"):
    p.goto(url)
    p.wait_for_selector(f'{FORM.format("change")}[data-state="ready"]', timeout=BOOT_MS)


def computed(p, kind, **params):
    """Wait until ``kind``'s form shows the result computed for ``params``."""
    p.wait_for_function("""([kind, params]) => {
      const f = document.querySelector(`form[data-calculator="${kind}"]`);
      const shown = new URLSearchParams(f.dataset.computedFor || '');
      return Object.entries(params).every(([k, v]) => shown.get(k) === v);
    }""", arg=[kind, params])
