from django import template

from core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """{{ post.body|markdown }}: a user's Markdown as sanitized HTML."""
    return render_markdown(text)
