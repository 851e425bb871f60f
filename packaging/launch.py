"""Entry point of the frozen application: the same command line as ``python -m viewer``."""
import multiprocessing
import sys

from viewer.__main__ import main

if __name__ == "__main__":
    # spaCy's nlp.pipe(n_process>1) would re-launch this executable without it.
    multiprocessing.freeze_support()  # a worker process started by spawn runs its task here and exits
    from viewer.bundle import enable_worker_processes
    enable_worker_processes()  # so the app analyses in worker processes, as unfrozen
    sys.exit(main())
