"""Date engine of the guide: business days, change lead times, cancellation.

Standard library only: the same code runs in CPython at build time and in
Pyodide in the reader's browser. Rules arrive as plain data (the bundle made by
``guidebuild.bundle``), never as YAML.
"""

from .businesscalendar import BusinessCalendar
from .cancel import CancellationCalculator, CancellationResult
from .changes import ChangeCalculator, ChangeResult
from .errors import CalculatorError, InputError, OutOfCoverage
from .months import YearMonth
from .option import SoftBankOptionCalculator

__all__ = [
    "BusinessCalendar",
    "CalculatorError",
    "CancellationCalculator",
    "CancellationResult",
    "ChangeCalculator",
    "ChangeResult",
    "InputError",
    "OutOfCoverage",
    "SoftBankOptionCalculator",
    "YearMonth",
]
