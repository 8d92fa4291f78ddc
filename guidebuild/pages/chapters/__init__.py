"""Page data per chapter: what each docs page shows, as typed rows.

Naming: a ``...Row`` is one line of a table or list on a page (``StepRow``,
``ChangeItemRow``); a ``...Chapter`` is a chapter as its pages see it
(``ChangesChapter``) and a ``...Block`` one part of a page (``FlowBlock``).
A "view" is only ever the engine's worded result (``calculators.views``). Unsuffixed names such as ``Flow`` or
``Closure`` are the rules' own models in ``guidebuild.rules.models``
(the engine's form of a closure is ``calculators.businesscalendar.ClosedPeriod``).
``guidebuild.pages.context`` assembles the chapters into the one page context.
"""
