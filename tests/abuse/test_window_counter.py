"""core.ratelimit.window_hit, the counter behind the API throttles and the abuse
limits, on the real Redis cache."""

import uuid

from django.core.cache import cache

from core.ratelimit import window_hit


def _key() -> str:
    return f"test-window:{uuid.uuid4().hex}"


def test_uses_over_the_limit_wait_for_the_window_to_close():
    key = _key()

    results = [window_hit(key, 2, 60) for _ in range(4)]

    assert results[:2] == [None, None]
    assert all(0 < wait <= 60 for wait in results[2:])


def test_each_key_counts_apart():
    first, second = _key(), _key()

    assert window_hit(first, 1, 60) is None
    assert window_hit(first, 1, 60) is not None
    assert window_hit(second, 1, 60) is None


def test_a_count_left_without_expiry_gets_one():
    key = _key()
    name = cache.make_and_validate_key(f"{key}:30s")
    client = cache._cache.get_client(name, write=True)
    client.set(name, 5)  # as if its expiry had been lost

    wait = window_hit(key, 3, 30)

    assert 0 < wait <= 30
    assert 0 < client.ttl(name) <= 30


def test_a_shorter_rate_counts_in_a_window_of_its_own():
    key = _key()
    for _ in range(3):
        window_hit(key, 100_000, 3600)

    assert window_hit(key, 2, 60) is None
