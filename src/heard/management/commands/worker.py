"""``heard worker``: run the tasks queued after commit (letters' PDF and Word files).

The same worker as django-tasks-db's ``db_worker``, under Heard's name, so the README, the
systemd unit and ``scripts/run`` say one thing. Every option of ``db_worker`` works here
(``--batch`` runs what is queued and stops).
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker


class Command(DatabaseWorker):
    help = "Run the tasks Heard queues after commit (letters' files). Stop with Ctrl-C."
