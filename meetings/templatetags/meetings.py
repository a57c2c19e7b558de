import zoneinfo

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from regions.models import TIME_ZONES

register = template.Library()


@register.simple_tag
def meeting_when(meeting, viewer_tz=None):
    """ "Senin, 2 Maret 2026 · 10.00–12.00 WIT (08.00 WIB)": the host's time, and the viewer's when it differs."""
    text = f"{date_format(meeting.local_start, 'l, j F Y')} · {meeting.time_range()}"
    if viewer_tz and viewer_tz != meeting.timezone and TIME_ZONES.get(viewer_tz) != meeting.timezone_abbr:
        mine = timezone.localtime(meeting.starts_at, zoneinfo.ZoneInfo(viewer_tz))
        return format_html(
            '{} <span class="text-muted viewer-time">({} {})</span>', text, f"{mine:%H.%M}", TIME_ZONES[viewer_tz]
        )
    return text
