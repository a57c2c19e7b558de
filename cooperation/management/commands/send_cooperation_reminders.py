from django.core.management.base import BaseCommand

from cooperation.services import send_due_reminders


class Command(BaseCommand):
    help = "Kirim pengingat kerja sama antar desa yang sudah jatuh tempo (sama dengan tugas Celery beat)."

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(f"{sent} pengingat terkirim.")
