"""Markdown written by users, rendered to HTML that is safe to show to everyone else.

Markdown first turns the text into HTML (raw HTML in the input is escaped, not passed through);
nh3 (the Ammonia sanitizer) then keeps only a short list of tags and attributes, drops every
script, style and event handler, allows only http(s) and mailto links, and marks links
rel="nofollow noopener" so a post cannot pass page rank or reach back into ForumDesa's window.
"""

import markdown as markdown_lib
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
MAX_LENGTH = 50_000


class _EscapeHtml(markdown_lib.extensions.Extension):
    """Treat HTML typed by users as text."""

    def extendMarkdown(self, md):  # noqa: N802 - Markdown's API
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def render_markdown(text):
    """Sanitized HTML for a user's Markdown text; marked safe for templates."""
    html = markdown_lib.markdown(
        (text or "")[:MAX_LENGTH], extensions=[_EscapeHtml(), "sane_lists", "tables"], output_format="html"
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
    )
    return mark_safe(clean)  # noqa: S308 - sanitized by nh3 just above
