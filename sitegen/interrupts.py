"""Hold interrupts back while something must not be cut in half (the swap of the output folder,
the start and stop of worker processes), then let them arrive.

Portable: where there is no signal mask (Windows), only the handlers are swapped, which covers
the main thread, the only one Python runs handlers in.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def signals_held():
    """Hold SIGINT and SIGTERM back while the output is being swapped, then let them arrive.

    Blocking them covers only the calling thread: in a process with other threads (`sitegen
    serve` watches the content folder from some) the kernel hands the signal to one of those,
    and Python still runs its handler in the main thread, in the middle of the swap. So on the
    main thread the handlers are swapped too, for ones that only note the signal; it is raised
    again once the block ends, for the handler it was meant for.
    """
    arrived: list[int] = []
    handlers = {}
    if threading.current_thread() is threading.main_thread():  # None: a handler Python cannot put back
        handlers = {signum: signal.signal(signum, lambda signum, _: arrived.append(signum))
                    for signum in HELD_SIGNALS if signal.getsignal(signum) is not None}
    can_block = hasattr(signal, "pthread_sigmask")
    if can_block:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
    try:
        yield
    finally:
        try:
            if can_block:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)  # one held back arrives now, and is noted
        finally:
            _restore_handlers(list(handlers.items()))
        for signum in dict.fromkeys(arrived):
            signal.raise_signal(signum)


def _restore_handlers(handlers: list) -> None:
    """Put the handlers back, every one even if a signal interrupts (its own handler then raises)."""
    if handlers:
        try:
            signal.signal(*handlers[0])
        finally:
            _restore_handlers(handlers[1:])
