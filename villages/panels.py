"""Sections that other apps add to the village page.

The village page belongs to this app, but what a village does (its meetings, its practices, its
cooperation) lives in apps above it, which this app must not import. Those apps register a panel
here instead; the page renders every panel whose `context` returns something.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    # (request, village) -> dict for the template, or None when the panel has nothing to show.
    context: Callable
    order: int = 100


_panels: list[Panel] = []


def register(panel):
    if panel not in _panels:
        _panels.append(panel)
        _panels.sort(key=lambda p: p.order)


def rendered_panels(request, village):
    """(template, context) for each panel with something to show, in order."""
    out = []
    for panel in _panels:
        data = panel.context(request, village)
        if data is not None:
            out.append({"template": panel.template, "data": data})
    return out
