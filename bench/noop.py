"""The baseline task of the reminders bar: takes the same arguments as
financing.tasks.installment_remind_batch_task and does nothing but count itself
(one Redis INCR), so the bench knows when the fan-out has drained. Loaded into the
benchmark's worker with `celery worker -I bench.noop`."""

import os

import redis

from kukm_portal.celery import app

COUNTER = "kukm-bench:noop-batches"
_redis = None


@app.task(name="bench.noop_batch", acks_late=True)
def noop_batch(pairs: list[list[int]], today: str) -> None:
    global _redis  # one client per worker process
    if _redis is None:
        _redis = redis.Redis.from_url(os.environ["REDIS_URL"])
    _redis.incr(COUNTER)
