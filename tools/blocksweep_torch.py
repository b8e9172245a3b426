#!/usr/bin/env python3
"""blocksweep's PyTorch runner, `python tools/blocksweep_torch.py [bench|calibrate] FLAGS`: the
entry point that sweeps, Slurm tasks and `execution.python` run by this path. The runner is the
package beside it, tools/blocksweep_torch/ (its __init__.py lists the modules)."""

import os
import sys

# A package folder wins over a module of the same name, so this file, run as __main__, imports
# the package blocksweep_torch/ next to it, not itself.
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from blocksweep_torch.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
