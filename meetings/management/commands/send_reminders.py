from core.management.commands.send_due import Command as SendDue


class Command(SendDue):
    help = "Deliver the scheduled jobs that are due; the former name of send_due, kept for scripts and habits."
