"""A batch of rows for the staging table, ready for `COPY`."""

import io

from psycopg.copy import Copy, FileWriter


class StagedRows:
    """A batch's rows in COPY's text format, formatted on the thread that reads
    the file (psycopg's own formatting, with the job's connection's adapters:
    a cursor of its own, no statement) and sent as they are by the database
    thread, which so spends its time in the database, not in Python. Its values
    are text, numbers and None only: their formatting reads the connection's
    settings, never calls libpq on it while the other thread uses it."""

    def __init__(self, connection):
        self.buffer = io.BytesIO()
        self.copy = Copy(connection.cursor(), writer=FileWriter(self.buffer))
        self.count = 0

    def append(self, row: tuple) -> None:
        self.copy.write_row(row)
        self.count += 1

    def __len__(self) -> int:
        return self.count

    def data(self) -> bytes:
        self.copy.finish(None)
        return self.buffer.getvalue()
