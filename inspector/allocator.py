"""The C allocator's arenas, kept few (Linux, glibc only).

glibc gives each thread that allocates at the same time its own arena, up to eight per core, and keeps
what an arena once held. The app parses answers on up to a dozen worker threads, so a 17 MB customer
looked up again and again left a copy of its peak in arena after arena: +100 to +170 MB over ten F5 that
never came back (benchmarks/memory.py). Two arenas keep that under +20 MB and cost no measurable speed:
the window's thread and the workers rarely allocate at the same moment.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)
ARENAS = 2


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Ask glibc for at most ``arenas`` arenas; False where there is no glibc (Windows, macOS, musl)."""
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, arenas))
