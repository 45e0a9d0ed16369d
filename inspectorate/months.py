"""Months as the system writes them: "2007-10" (a published report's month, a police.uk file's month,
an observation's period), read into the first day of the month and written back.

Pure Python: the report builder, the importers and monitoring read months here."""

from __future__ import annotations

import datetime


def first_day(value: str) -> datetime.date:
    """'2007-10' -> 1 October 2007; ValueError when the value is not YYYY-MM."""
    year, month = (int(part) for part in value.split("-"))
    return datetime.date(year, month, 1)


def month_start(value: str) -> datetime.date | None:
    """`first_day`, or None when the value is not YYYY-MM."""
    try:
        return first_day(value)
    except (ValueError, AttributeError):
        return None


def month_key(day: datetime.date) -> str:
    """1 October 2007 (or any day of it) -> '2007-10'."""
    return day.strftime("%Y-%m")
