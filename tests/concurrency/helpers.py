"""Races on the real database: threads with their own connections start together
at a barrier and commit for real (the tests are transactional)."""

import threading

from django.db import connection


def run_together(calls) -> list:
    """Run each call in its own thread at the same moment; their results (or
    the exception each raised), in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # reported to the test
            results[index] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, call))
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
