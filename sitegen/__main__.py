import gc

from .cli import main

code = main()
# The command has ended. On its way out Python collects the cycles among the modules' objects
# (functions, classes, compiled templates) one by one; frozen, the collector leaves them for
# the system to reclaim with the process: a twentieth of a second of a one-article rebuild.
gc.freeze()
raise SystemExit(code)
