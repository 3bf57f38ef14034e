"""Benchmarks of SPEC section 4 (issue 8): `make bench`. Not part of `make test`."""
