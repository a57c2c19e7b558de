"""An email backend with a mail server's pace, for workers killed in the middle of a batch."""

import time

from django.core.mail.backends.filebased import EmailBackend

SECONDS_PER_MESSAGE = 0.03


class SlowFileEmailBackend(EmailBackend):
    """Writes each message to EMAIL_FILE_PATH like the file backend, after a short wait."""

    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages:
            time.sleep(SECONDS_PER_MESSAGE)
            sent += super().send_messages([message]) or 0
        return sent
