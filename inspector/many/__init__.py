"""``--print-many``: many customers at once, headless — a row per customer, CSV or JSON Lines.

keylist.py reads the keys (streamed, bounded lines, cleaned as the look-up bar cleans them, each once);
run.py looks them up in parallel and writes the rows in input order; present/rows.py says what a row holds.
"""
