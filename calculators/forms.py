"""The calculators, declared once: each one's name and the fields it takes.

The name is what a request's ``calculator`` says (``api.Engine.run``), what
the page's form carries as ``data-calculator``, and what a shared link to its
result ends in (``#<name>-result``). The build writes this list into the
calculator page (each form's ``data-fields``, the head script that knows a
shared link's form before the first paint, the stylesheet that keeps that
result's space), and the page script reads the fields from there: adding a
calculator here is the one list to change.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

DAY, MONTH, ITEMS = "day", "month", "items"


@dataclass(frozen=True)
class Field:
    """One field of a calculator's request.

    ``name``: the request's key. ``input``: the form's input (its ``name``),
    and the shared address's parameter unless ``param`` says otherwise.
    ``error``: the field the engine reports a refusal at (the form's
    ``data-error-for`` slot), ``name`` unless said. ``type``: ``day``
    (a date), ``month`` (a year and month) or ``items`` (ticked numbers).
    ``stands_for``: a real day here is shown, locked, in that field (a sent
    day stands for the acceptance day); once computed, that field shows the
    result's ``counted_as`` (the day it is counted as: a closed day's next
    business day). ``help``: what the field is, in a
    few English words, for the CLI's ``--help`` (the page labels its inputs
    in its own words)."""

    name: str
    input: str
    type: str = DAY
    param: str = ""
    error: str = ""
    stands_for: str = ""
    counted_as: str = ""
    help: str = ""

    @property
    def slot(self) -> str:
        """Where the engine reports a refusal of this field: ``error``, else ``name``."""
        return self.error or self.name

    def as_page(self) -> dict[str, str]:
        page = {**asdict(self), "param": self.param or self.input, "error": self.slot}
        del page["help"], page["counted_as"]
        return page


@dataclass(frozen=True)
class Calculator:
    """``help``: what the calculator answers, in a few English words, for the CLI's ``--help``."""

    name: str
    fields: tuple[Field, ...]
    help: str = ""

    @property
    def anchor(self) -> str:
        """The element id a shared link to this calculator's result ends in."""
        return f"{self.name}-result"

    @property
    def fields_json(self) -> str:
        """The fields as the page carries them (``data-fields``)."""
        return json.dumps([f.as_page() for f in self.fields], ensure_ascii=False, separators=(",", ":"))


CALCULATORS: tuple[Calculator, ...] = (
    Calculator("change", (
        Field("accepted", "accepted", help="day the desk accepts the form"),
        Field("sent", "sent", stands_for="accepted", counted_as="effective_accepted", help="day the form is sent"),
        Field("items", "item", ITEMS, param="items", error="item", help="change item No of 2.1"),
    ), help="when is a change (2.1) done"),
    Calculator("cancel", (Field("applied", "applied", help="day the application is received"),),
               help="last usage month for a cancellation received on a day"),
    Calculator("deadline", (Field("last_usage_month", "last_usage_month", MONTH, help="last usage month wanted"),),
               help="last day to apply for a wanted last usage month"),
    # The engine's field is "applied"; the page's input is named for the contract.
    Calculator("option", (Field("applied", "contract_applied", help="application day"),),
               help="the SoftBank sender-number option of a new contract"),
)

BY_NAME: dict[str, Calculator] = {c.name: c for c in CALCULATORS}
