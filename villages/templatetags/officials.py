from django import template

register = template.Library()


@register.filter
def days_left(official, today):
    """Days until an official's active term ends, when within the notice period; else None."""
    return official.days_left(today)
