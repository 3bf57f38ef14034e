"""`python -m bench [--scale province|tenth] [--rounds N] [--seed-only]`: seed (or
reuse) the kukm_bench database and measure the bars of SPEC section 4 (`full`,
the old name of the default scale, means `province`)."""
# ruff: noqa: T201 -- a command-line benchmark: prints, multiplication signs, local time, own SQL

import argparse
import sys
import time
from pathlib import Path

from . import env
from .seed import ALIASES

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument(
        "--scale", choices=["province", "tenth", *ALIASES], default="province"
    )
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument(
        "--only",
        help="comma-separated bars: list,aggregate,export,flat…; or import alone",
    )
    parser.add_argument("--no-installments", action="store_true")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.md"))
    args = parser.parse_args(argv)
    args.scale = ALIASES.get(args.scale, args.scale)
    if args.only == "import":  # its own database and file (bench/imports.py)
        from .imports import FULL_ROWS
        from .imports import main as import_bench

        rows = FULL_ROWS if args.scale == "province" else FULL_ROWS // 10
        return import_bench(["--rows", str(rows), "--output", args.output])

    url = env.configure(args.scale)
    sys.path.insert(0, str(ROOT))
    from .seed import ensure_database, ensure_seeded

    ensure_database(url, env.admin_dsn(url))
    import django

    django.setup()
    started = time.perf_counter()
    sizes = ensure_seeded(url, args.scale, installments=not args.no_installments)
    print("data:", ", ".join(f"{k} {v:,}" for k, v in sizes.items()), flush=True)
    if args.seed_only:
        return 0
    from . import flat
    from .bars import run_all

    only = set(args.only.split(",")) if args.only else None
    if only is None or only - {"flat"}:
        run_all(url, args, sizes)
    if only is None or "flat" in only:
        flat.run(url, args, sizes)
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
