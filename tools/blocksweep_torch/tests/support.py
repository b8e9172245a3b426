"""What the tests share: a run's settings as the command line would give them."""

import argparse
import os

from blocksweep_torch.parameters import PARAMETERS

TOOLS = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROOT = os.path.dirname(TOOLS)


def config(**overrides):
    """The table's defaults with `overrides` on top, as parse_args returns them."""
    values = {name: default for name, _, default, _ in PARAMETERS}
    unknown = set(overrides) - set(values)
    assert not unknown, unknown
    values.update(overrides)
    return argparse.Namespace(threads=None, **values)
