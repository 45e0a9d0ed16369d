"""Template helpers for the report: inline charts and strings safe inside CSS."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from ..builder.model import Chart
from ..charts import distribution_svg

register = template.Library()


@register.filter
def chart_svg(chart: Chart) -> SafeString:
    # The SVG is generated from the report's own figures and its text is escaped when it is made.
    return mark_safe(distribution_svg(chart))


@register.filter
def css_string(value: str) -> SafeString:
    """A quoted CSS string that cannot end the string, the rule or the <style> element early."""
    out = []
    for char in str(value):
        if char in '"\\<>&' or ord(char) < 0x20:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return mark_safe(f'"{"".join(out)}"')
