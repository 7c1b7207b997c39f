"""Money as people read it: Decimal, the currency's own symbol and number of decimals."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

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
}


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
    if isinstance(amount, str):
        try:
            number = Decimal(amount)
        except InvalidOperation:
            return amount  # text the API sent that is no number
    else:
        number = Decimal(amount)
    if not number.is_finite():
        return str(amount)
    sign, digits = currency_style(code, symbol, decimals)
    quantised = number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{abs(quantised):,.{digits}f}"
    return f"{'-' if quantised < 0 else ''}{sign}{text}"


def format_number(value: Decimal | str | int | None) -> str:
    """A quantity or balance: thousands separators, no needless trailing zeros."""
    if value is None:
        return "—"
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    if number == number.to_integral_value():
        return f"{number:,.0f}"
    return f"{number.normalize():,f}"
