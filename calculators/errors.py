"""Errors a reader can act on; messages are Japanese because readers see them."""


class CalculatorError(ValueError):
    """Base class; ``field`` names the form input the message belongs next to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class InputError(CalculatorError):
    """The reader's input cannot be computed (bad date, no item, unknown item)."""


class OutOfCoverage(CalculatorError):
    """A date, or a result, lies outside the calendar's coverage window.

    Outside the window we do not know the holidays, so we refuse rather than guess.
    """
