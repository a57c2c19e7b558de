"""Signals meetings sends for changes it writes with a bulk UPDATE (which sends no post_save), so
apps above it that keep figures derived from meetings can follow."""

from django.dispatch import Signal

# sender=Meeting, meeting=<Meeting>: its status or its registrations' attendance changed.
meeting_figures_changed = Signal()
