"""Money as people read it: Decimal, the currency's own symbol and number of decimals."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

# (symbol, decimals) for the currencies customers are most likely billed in; others show their code.
_CURRENCIES: dict[str, tuple[str, int]] = {
    "USD": ("$", 2),
    "EUR": ("€", 2),
    "GBP": ("£", 2),
    "JPY": ("¥", 0),
    "NGN": ("₦", 2),
    "CAD": ("CA$", 2),
    "AUD": ("A$", 2),
    "NZD": ("NZ$", 2),
    "INR": ("₹", 2),
    "CNY": ("CN¥", 2),
    "KRW": ("₩", 0),
    "BRL": ("R$", 2),
    "MXN": ("MX$", 2),
    "ZAR": ("R", 2),
    "KES": ("KSh", 2),
    "GHS": ("GH₵", 2),
    "CHF": ("CHF\u00a0", 2),
    "SEK": ("SEK\u00a0", 2),
    "NOK": ("NOK\u00a0", 2),
    "DKK": ("DKK\u00a0", 2),
    "PLN": ("PLN\u00a0", 2),
    "SGD": ("S$", 2),
    "HKD": ("HK$", 2),
    "ILS": ("₪", 2),
    "TRY": ("₺", 2),
    "VND": ("₫", 0),
    "CLP": ("CLP\u00a0", 0),
    "ISK": ("ISK\u00a0", 0),
    "KWD": ("KWD\u00a0", 3),
    "BHD": ("BHD\u00a0", 3),
    # ISO 4217 minor units that differ from 2 (the symbol stays the code); tests/unit/present/test_money.py
    # checks every ISO 4217 currency against the iso4217 package's copy of the standard
    "XOF": ("XOF\u00a0", 0),
    "XAF": ("XAF\u00a0", 0),
    "UGX": ("UGX\u00a0", 0),
    "RWF": ("RWF\u00a0", 0),
    "PYG": ("PYG\u00a0", 0),
    "BIF": ("BIF\u00a0", 0),
    "DJF": ("DJF\u00a0", 0),
    "GNF": ("GNF\u00a0", 0),
    "KMF": ("KMF\u00a0", 0),
    "UYI": ("UYI\u00a0", 0),
    "VUV": ("VUV\u00a0", 0),
    "XPF": ("XPF\u00a0", 0),
    "TND": ("TND\u00a0", 3),
    "OMR": ("OMR\u00a0", 3),
    "JOD": ("JOD\u00a0", 3),
    "IQD": ("IQD\u00a0", 3),
    "LYD": ("LYD\u00a0", 3),
    "CLF": ("CLF\u00a0", 4),
    "UYW": ("UYW\u00a0", 4),
}


def known_currencies() -> frozenset[str]:
    """The ISO 4217 codes this module styles (the common ones and every one whose decimals are not 2)."""
    return frozenset(_CURRENCIES)


# Amounts and quantities beyond these are no real bill (and expanding "1e99999999" would take gigabytes):
# they are shown as the API sent them, marked unreadable.
_LARGEST_EXPONENT = 20  # up to 10^21
_SMALLEST_EXPONENT = -12
_SHOWN_TEXT = 40  # characters of an unreadable number that are shown
UNREADABLE = "(unreadable number)"


def sane_decimal(value: Decimal | str | int | float | None) -> Decimal | None:
    """The value as a Decimal a person can read, or None when it is no number or beyond sane bounds."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        return None
    if not number.is_finite():
        return None
    if not number:
        return Decimal(0)  # "-0", "0E-8": plain zero
    if not _SMALLEST_EXPONENT <= number.adjusted() <= _LARGEST_EXPONENT:
        return None
    return number


def _unreadable(value: object) -> str:
    """Text that is no number stays as it came; a number beyond sane bounds is cut short and marked."""
    text = str(value)
    try:
        Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return text
    if len(text) > _SHOWN_TEXT:
        text = text[:_SHOWN_TEXT] + "…"
    return f"{text} {UNREADABLE}"


def currency_style(code: str | None, symbol: str | None = None, decimals: int | None = None) -> tuple[str, int]:
    """The symbol (or code) and decimals for ``code``; the API's own symbol/decimals win when given."""
    known = _CURRENCIES.get((code or "").upper())
    if symbol is None:
        symbol = known[0] if known else (f"{code.upper()}\u00a0" if code else "")
    if decimals is None:
        decimals = known[1] if known else 2
    return symbol, max(0, min(int(decimals), 8))


def format_money(
    amount: Decimal | str | int | None,
    code: str | None = None,
    *,
    symbol: str | None = None,
    decimals: int | None = None,
) -> str:
    """``$21.00``, ``€198.50``, ``¥1,200``, ``-$5.00``; text the API sent that is no number stays as it is."""
    if amount is None:
        return "—"
    number = sane_decimal(amount)
    if number is None:
        return _unreadable(amount)
    sign, digits = currency_style(code, symbol, decimals)
    with localcontext() as context:
        context.prec = 60  # 10^21 with 8 decimals fits: quantize never raises InvalidOperation
        quantised = number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{abs(quantised):,.{digits}f}"
    return f"{'-' if quantised < 0 else ''}{sign}{text}"


def format_number(value: Decimal | str | int | None) -> str:
    """A quantity or balance: thousands separators, no needless trailing zeros."""
    if value is None:
        return "—"
    number = sane_decimal(value)
    if number is None:
        return _unreadable(value)
    if number == number.to_integral_value():
        return f"{number:,.0f}"
    return f"{number.normalize():,f}"
