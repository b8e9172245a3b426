"""The command line: `[bench] FLAGS` or `calibrate FLAGS`; the exit status (0, 2 bad input,
3 cannot write or no torch), as `blocksweep bench` and `blocksweep calibrate` have them."""

import os
import sys

from blocksweep_torch.bench import run_bench
from blocksweep_torch.calibrate import calibrate_kinds, run_calibrate
from blocksweep_torch.parameters import UsageError, build_parser, eprint, validate


def main(argv):
    mode = "bench"
    if argv and argv[0] in ("bench", "calibrate"):
        mode, argv = argv[0], argv[1:]
    try:
        args = build_parser(mode).parse_args(argv)
        validate(args)
        kinds = calibrate_kinds(args) if mode == "calibrate" else None
        # Prefix forking on a GPU: the forked run and the run from step 0 must take the same
        # kernels to the bit (docs/benchmark.md, "Prefix forking"); cuBLAS reads this at its start.
        deterministic = bool(args.deterministic or getattr(args, "fork_dir", None) or getattr(args, "fork_from", None))
        if deterministic:
            os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
        try:
            import torch
        except ImportError as error:
            eprint("error: %s cannot import torch (%s): run tools/setup-torch.sh, or point BLOCKSWEEP_PYTHON "
                   "at an interpreter that has torch" % (sys.executable, error))
            return 3
        if deterministic:
            torch.use_deterministic_algorithms(True)
        if mode == "calibrate":
            run_calibrate(args, torch, kinds)
        else:
            run_bench(args, torch)
    except UsageError as error:
        eprint("error: %s" % error)
        return 2
    except OSError as error:
        eprint("error: %s" % error)
        return 3
    return 0
