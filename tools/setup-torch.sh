#!/usr/bin/env bash
# Installs PyTorch for the torch runner (tools/blocksweep_torch.py, `runner: torch`) into the
# project's own virtualenv .venv-torch/ (git-ignored), never into the system Python, with numpy
# and pytest (tools/test.sh runs the runner's pytest with it). Skips the install when torch,
# numpy and pytest all import there; otherwise pip adds what is missing (an existing torch
# stays). Prints the interpreter to use last, e.g. for
#   BLOCKSWEEP_PYTHON=$(tools/setup-torch.sh | tail -1) blocksweep run sweeps/gpu-example.yaml
# Extra arguments go to `pip install` (e.g. --index-url https://download.pytorch.org/whl/cu124).
set -euo pipefail
cd "$(dirname "$0")/.."
venv="$PWD/.venv-torch"
python="$venv/bin/python"
if [ -x "$python" ] && version="$("$python" -c "import torch, numpy, pytest; print(torch.__version__)" 2>/dev/null)"; then
  echo "setup-torch.sh: torch $version already in $venv" >&2
  echo "$python"
  exit 0
fi
if ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then
  # Debian splits venv and ensurepip out of python3.
  if command -v apt-get >/dev/null 2>&1; then
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    version="$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    $sudo_cmd apt-get install -y "python${version}-venv" >&2 || $sudo_cmd apt-get install -y python3-venv >&2
  fi
fi
started=$(date +%s)
python3 -m venv "$venv" >&2
"$python" -m pip install --quiet torch numpy pytest "$@" >&2
"$python" -c "import torch; print('setup-torch.sh: torch', torch.__version__, 'in $venv', '(%ds)' % ($(date +%s) - $started))" >&2
echo "$python"
