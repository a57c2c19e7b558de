from django.core.management.base import BaseCommand

from cooperation.services import send_due_reminders


class Command(BaseCommand):
    help = "Kirim pengingat kerja sama yang sudah jatuh tempo (send_due mengirim ini dan semua tugas terjadwal lain)."

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(f"{sent} pengingat terkirim.")
