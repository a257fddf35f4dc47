"""Renames that hold on every system: a folder swapped in one step where Linux can, renames tried
again while Windows says a file is in use, and whether the process that made a folder still runs."""
from __future__ import annotations

import functools
import os
import sys
import time
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def process_exists(pid: int) -> bool:
    """Whether a process `pid` runs. On Windows `os.kill(pid, 0)` would end it: ask the system."""
    if sys.platform == "win32":
        return _windows_process_exists(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, and belongs to another user
        return True
    return True


def _windows_process_exists(pid: int) -> bool:
    import ctypes  # here, as in _renameat2: most commands never need it

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


RENAME_TRIES = 20  # Windows refuses to rename a folder while any file in it is open (an editor, a virus scan)


def rename_folder(source: Path, target: Path) -> None:
    """`source.rename(target)`, tried again for a few seconds where the OS says the folder is in use."""
    for attempt in range(RENAME_TRIES):
        try:
            source.rename(target)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == RENAME_TRIES - 1:
                raise
            time.sleep(0.1 * (attempt + 1))


@functools.cache
def _renameat2():
    """libc's renameat2, or None where the C library has none (not Linux, or glibc < 2.28).
    Looked up when a folder is first swapped: finding the C library costs every command a few
    milliseconds, and a rebuild over the last site swaps none."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange_paths(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step; False where the OS or file system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def replace_file(source: str, target: str) -> None:
    """`os.replace`, tried again for a few seconds where Windows says the file is in use."""
    for attempt in range(RENAME_TRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == RENAME_TRIES - 1:
                raise
            time.sleep(0.1 * (attempt + 1))
