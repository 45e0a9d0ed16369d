"""The error a methodology pack that cannot be read raises."""

from __future__ import annotations

from inspectorate.datafiles import DataFileError


class PackError(DataFileError):
    """A pack could not be read; ``problems`` lists everything found, in file and line order."""
