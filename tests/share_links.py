"""The WhatsApp share link a page shows, decoded to the text the message starts with."""

import html
import re
from urllib.parse import unquote

WA_LINK = re.compile(r'href="https://wa\.me/\?text=([^"]*)"')


def whatsapp_text(page):
    found = WA_LINK.findall(page)
    assert len(found) == 1, found
    return unquote(html.unescape(found[0]))
