"""Page data per chapter: what each docs page shows, as typed rows.

Naming: a ``...Row`` is one line of a table or list on a page (``StepRow``,
``ChangeItemRow``); a ``...View`` is a chapter or block as a page sees it
(``ChangesView``, ``FlowView``). Unsuffixed names such as ``Flow`` or
``Closure`` are the rules' own models in ``guidebuild.rules.models``
(the engine's form of a closure is ``calculators.businesscalendar.ClosedPeriod``).
``guidebuild.context`` assembles the views into the one page context.
"""
