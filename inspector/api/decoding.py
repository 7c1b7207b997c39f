"""Content-Encoding decoded by us, never more than a cap: a compression bomb stops at the cap, not at 8 GB.

httpx inflates each received chunk whole, so a few kilobytes of ``Content-Encoding: gzip, gzip`` become
gigabytes in one call before any size check can run. Here every layer of the stack is inflated at most
``_STEP`` bytes at a time, and the decoded total is checked after every step.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

_STEP = 64 * 1024  # decoded bytes per inflate call: memory stays at a few of these per layer
# What we ask for, and all we can decode (brotli and zstd would need their bounded decoders too).
ACCEPT_ENCODING = "gzip, deflate"


class BodyTooLarge(Exception):
    """The decoded answer passed the cap."""


class UnsupportedEncoding(Exception):
    """A Content-Encoding this client did not ask for and cannot decode."""


class _Inflater:
    """One gzip or deflate layer, inflating in bounded steps."""

    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        self._inflater: zlib._Decompress | None = None

    def _start(self, first: bytes) -> zlib._Decompress:
        if self._encoding == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        # "deflate" is zlib-wrapped by the standard, raw deflate by some servers: the header tells.
        zlib_header = len(first) >= 2 and (first[0] & 0x0F) == 8 and ((first[0] << 8) | first[1]) % 31 == 0
        return zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not data:
            return
        if self._inflater is None:
            self._inflater = self._start(data)
        inflater = self._inflater
        pending = data
        while pending:
            try:
                out = inflater.decompress(pending, _STEP)
            except zlib.error as exc:
                raise ValueError("the compressed answer is damaged") from exc
            if out:
                yield out
            pending = inflater.unconsumed_tail
            if inflater.eof:
                return  # anything after the end of the stream is ignored, as browsers do

    def flush(self) -> Iterator[bytes]:
        if self._inflater is not None:
            # max_length bounds flush too, so a stream that ends early cannot dump its rest at once
            while (out := self._inflater.decompress(b"", _STEP)) != b"":
                yield out
            if not self._inflater.eof:
                raise ValueError("the compressed answer ends too early")


def _layers(content_encodings: Iterable[str]) -> list[_Inflater]:
    """Decoders in the order to apply them (the header lists encodings in the order they were applied)."""
    layers: list[_Inflater] = []
    for raw in content_encodings:
        for token in raw.split(","):
            name = token.strip().lower()
            if name in {"", "identity"}:
                continue
            if name in {"gzip", "x-gzip"}:
                layers.append(_Inflater("gzip"))
            elif name == "deflate":
                layers.append(_Inflater("deflate"))
            else:
                raise UnsupportedEncoding(name)
    layers.reverse()
    return layers


def decoded_chunks(raw_chunks: Iterable[bytes], content_encodings: Iterable[str], max_bytes: int) -> Iterator[bytes]:
    """The body decoded layer by layer, raising :class:`BodyTooLarge` as soon as it passes ``max_bytes``."""
    layers = _layers(content_encodings)
    total = 0

    def through(data: bytes, depth: int) -> Iterator[bytes]:
        if depth == len(layers):
            yield data
            return
        for piece in layers[depth].feed(data):
            yield from through(piece, depth + 1)

    def flushed(depth: int) -> Iterator[bytes]:
        if depth == len(layers):
            return
        for piece in layers[depth].flush():
            yield from through(piece, depth + 1)
        yield from flushed(depth + 1)

    def counted(pieces: Iterator[bytes]) -> Iterator[bytes]:
        nonlocal total
        for piece in pieces:
            total += len(piece)
            if total > max_bytes:
                raise BodyTooLarge()
            yield piece

    for chunk in raw_chunks:
        yield from counted(through(chunk, 0))
    yield from counted(flushed(0))
