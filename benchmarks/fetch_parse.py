"""Benchmark 1: fetch + parse, ours (parsed into typed models) vs the official metrifox-sdk (JSON only).

Same loopback server, same payloads, measured side by side in one run, interleaved; median of repeats, with
the range of the run-by-run ratios. Sizes: the documented example (small), the business fixture (five
products), the generated large customer (150 products x 40 history entries).
Run in the app's own environment (README: benchmarks): .venv-bench/bin/python benchmarks/fetch_parse.py
"""

from __future__ import annotations

import argparse
import statistics
import time

from _common import machine, ratio_spread, spread, verdict

from inspector.api.client import MetrifoxClient
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox, large_customer

TARGET = 1.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--large-repeats", type=int, default=7)
    args = parser.parse_args()
    try:
        from metrifox_sdk import MetrifoxClient as SdkClient
    except ImportError:
        raise SystemExit("pip install metrifox-sdk first (the official client is the baseline)") from None

    print(f"machine: {machine()}")
    with FakeMetrifox() as fake:
        fake.customers["cust-large-0001"] = large_customer()
        ours = MetrifoxClient(TEST_API_KEY, fake.base_url)
        sdk = SdkClient(api_key=TEST_API_KEY, base_url=fake.base_url)
        sizes = (("small", "cust-mljp3ra6ffjm", args.repeats), ("business", "cust-nordlicht-7f3k", args.repeats))
        for label, key, repeats in (*sizes, ("large", "cust-large-0001", args.large_repeats)):
            size = len(fake.customers[key]) / 1e6
            ours_ms, sdk_ms = [], []
            ours.customer_details(key)
            sdk.customers.get_details(key)
            for _ in range(repeats):  # interleaved, so machine noise hits both alike
                started = time.perf_counter()
                ours.customer_details(key)
                ours_ms.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                sdk.customers.get_details(key)
                sdk_ms.append((time.perf_counter() - started) * 1000)
            ratio, words = ratio_spread(ours_ms, sdk_ms)
            digits = 2 if statistics.median(sdk_ms) < 10 else 0
            print(
                f"{label} {key} ({size:.2f} MB): ours {spread(ours_ms, digits=digits)}, "
                f"sdk {spread(sdk_ms, digits=digits)}; ratio {words} (target <= {TARGET}x: {verdict(ratio, TARGET)})"
            )
        ours.close()


if __name__ == "__main__":
    main()
