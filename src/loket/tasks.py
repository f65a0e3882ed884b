"""Long work in the background: the embedded default runs it in threads of the web process.

One ``InProcessTasks`` per kind of work (batch matching runs, the fund's allocation rounds). The work
itself keeps its progress in its own row, so a page can show it and a run a restart cut short can be
resumed; this only starts, tracks and waits for the threads.
"""

import threading

from django.db import connection


class InProcessTasks:
    def __init__(self, name, execute):
        """``execute(pk)`` does the work for the row with that primary key."""
        self.name, self.execute = name, execute
        self.threads = {}

    def _run(self, pk):
        try:
            self.execute(pk)
        finally:
            connection.close()  # this thread's own connection
            self.threads.pop(pk, None)

    def start(self, pk):
        thread = threading.Thread(target=self._run, args=(pk,), name=f"{self.name}-{pk}", daemon=True)
        self.threads[pk] = thread
        thread.start()
        return thread

    def wait(self, pk, timeout=None):
        """Wait for the work on ``pk`` started in this process to finish (tests, and a server shutting down politely)."""
        thread = self.threads.get(pk)
        if thread is not None:
            thread.join(timeout)
