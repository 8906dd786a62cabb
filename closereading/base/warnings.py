"""The package's own warning class, so tests can turn exactly these warnings into errors."""


class CloseReadingWarning(UserWarning):
    """Something was read or computed, but not quite as asked (e.g. a file that was not UTF-8)."""
