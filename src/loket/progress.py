"""Progress reporting for long work. Services accept any object with
``start(label, total, unit)``, ``advance(amount)`` and ``finish()``."""

import sys

from tqdm import tqdm


class ConsoleProgress:
    """A progress bar per step on the terminal (stderr), quiet when piped."""

    def __init__(self, stream=None, enabled=None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.bar = None

    def start(self, label, total, unit="it"):
        self.finish()
        if self.enabled:
            self.bar = tqdm(
                total=total, desc=str(label), unit=unit, unit_scale=unit == "B", file=self.stream, leave=True, dynamic_ncols=True
            )
        else:
            self.stream.write(f"{label} …\n")

    def advance(self, amount=1):
        if self.bar:
            self.bar.update(amount)

    def finish(self):
        if self.bar:
            self.bar.close()
            self.bar = None
