"""Files: atomic writes, the engine's exported inputs, a baseline's result, a calibration, and
the fork folder's file names (Sources/Vocabulary/Fork/ForkFiles.swift)."""

import json
import math
import os
import tempfile

from blocksweep_torch.parameters import PARAMETERS, UsageError, eprint, full_update_settings
from blocksweep_torch.step_kinds import is_step_kind, step_kind_order, step_kinds_all, step_kinds_taken

CALIBRATION_KIND = "blocksweep-calibration"
INPUTS_KIND = "blocksweep-inputs"

# The same names as Sources/Vocabulary/Fork/ForkFiles.swift (the executor reads and deletes them).
FORK_PLAN_FILE = "fork-plan.json"
FORK_RECORD_FILE = "record.json"
FORK_RECORD_KIND = "blocksweep-fork-record"
SNAPSHOT_KIND = "blocksweep-torch-snapshot"


# The job's progress file (docs/benchmark.md, "Progress file"; Sources/Vocabulary/Progress/StepRecord.swift).
PROGRESS_ENV = "BLOCKSWEEP_PROGRESS"
PROGRESS_KEYS = ("step", "schedule", "kind", "ms", "modelled_ms", "loss", "probe_loss", "active_layers",
                 "elapsed_ms", "modelled_elapsed_ms", "steps_limit", "budget_ms", "budget_clock")


class ProgressFile:
    """One JSON line per step, appended as the step ends, each in one write to a file opened for
    appending, so a reader sees whole lines. A failed write stops the appending, never the run."""

    def __init__(self, path):
        self.fd = None
        if path:
            try:
                self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o644)
            except OSError as e:
                raise UsageError("--progress-out %s: cannot write (%s)" % (path, e.strerror))

    def append(self, **fields):
        if self.fd is None:
            return
        kept = {}
        for key in PROGRESS_KEYS:
            v = fields.get(key)
            if v is None or (isinstance(v, float) and not math.isfinite(v)):
                continue
            kept[key] = v
        try:
            os.write(self.fd, (json.dumps(kept, separators=(",", ":")) + "\n").encode())
        except OSError:
            os.close(self.fd)
            self.fd = None


def snapshot_file(step):
    return "step-%d.snapshot" % step


def read_inputs(path, c, torch, device, dtype):
    """The engine's export (docs/benchmark.md, "Exported inputs"): manifest.json plus three
    little-endian float32 files."""
    try:
        with open(os.path.join(path, "manifest.json")) as f:
            manifest = json.load(f)
    except (OSError, ValueError) as error:
        raise UsageError("--import-inputs %s: cannot read manifest.json (%s)" % (path, error))
    if manifest.get("kind") != INPUTS_KIND or manifest.get("version") != 1:
        raise UsageError("--import-inputs %s: manifest.json is not a %s version 1 file" % (path, INPUTS_KIND))
    hidden = c.dmodel * c.hidden_mult
    rows = c.batch_size * c.seq_len
    for key, ours in (("dmodel", c.dmodel), ("hidden", hidden), ("n_layers", c.n_layers), ("rows", rows),
                      ("val_batches", c.val_batches), ("seed", c.seed)):
        if manifest.get(key) != ours:
            raise UsageError("--import-inputs %s: exported with %s = %s, this run has %s"
                             % (path, key, manifest.get(key), ours))

    def load(name, count):
        file = os.path.join(path, name)
        try:
            size = os.path.getsize(file)
        except OSError as error:
            raise UsageError("--import-inputs %s: %s" % (path, error))
        if size != 4 * count:
            raise UsageError("--import-inputs %s: %s holds %d bytes, expected %d" % (path, name, size, 4 * count))
        data = torch.from_file(file, shared=False, size=count, dtype=torch.float32)
        return data.to(device)

    weights = []
    flat = load("student.f32", c.n_layers * 2 * hidden * c.dmodel + c.dmodel * c.dmodel)
    offset = 0
    for shape in [(hidden, c.dmodel), (c.dmodel, hidden)] * c.n_layers + [(c.dmodel, c.dmodel)]:
        size = shape[0] * shape[1]
        weights.append(flat[offset:offset + size].view(shape).clone().to(dtype))
        offset += size
    batch = rows * c.dmodel

    def batches(name, count):
        data = load(name, count * 2 * batch)
        return [(data[(2 * k) * batch:(2 * k + 1) * batch].view(rows, c.dmodel).to(dtype),
                 data[(2 * k + 1) * batch:(2 * k + 2) * batch].view(rows, c.dmodel).to(dtype))
                for k in range(count)]

    train_count = manifest.get("train_batches", 0)
    return weights, batches("validation.f32", c.val_batches), batches("training.f32", train_count)


def write_atomically(path, text):
    folder = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.replace(temporary, path)


def check_writable(path, what):
    folder = os.path.dirname(os.path.abspath(path)) or "."
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as error:
        raise OSError("%s %s: cannot create its folder (%s)" % (what, path, error))
    if not os.access(folder, os.W_OK):
        raise OSError("%s %s: the folder is not writable" % (what, path))


def load_baseline(path, c):
    """--baseline-json: full_update's row from a result of the same settings and seed."""
    try:
        with open(path) as f:
            report = json.load(f)
    except (OSError, ValueError) as error:
        raise UsageError("--baseline-json %s: not a benchmark result JSON (%s)" % (path, error))
    full = next((r for r in report.get("results", []) if r.get("schedule") == "full_update"), None)
    if full is None or full.get("elapsed_ms") is None:
        raise UsageError("--baseline-json %s: holds no full_update result with elapsed_ms" % path)
    theirs = report.get("config", {})
    defaults = {name: default for name, _, default, _ in PARAMETERS}
    for name in full_update_settings():  # only the settings full_update depends on are compared
        value = theirs.get(name, defaults[name])
        if value != getattr(c, name):
            raise UsageError("--baseline-json %s: baseline was run with %s = %s, this run has %s"
                             % (path, name, value, getattr(c, name)))
    return full


def load_calibration(path, c, threads, device_type, schedules):
    """--calibration: the step costs of `calibrate`, checked against this run of `schedules`."""
    try:
        with open(path) as f:
            record = json.load(f)
    except (OSError, ValueError) as error:
        raise UsageError("--calibration %s: not a calibration file (%s)" % (path, error))
    if record.get("kind") != CALIBRATION_KIND or record.get("version") != 1:
        raise UsageError("--calibration %s: not a %s version 1 file" % (path, CALIBRATION_KIND))
    model = record.get("model", {})
    for name in ("dmodel", "n_layers", "hidden_mult", "batch_size", "seq_len", "dtype"):
        if model.get(name) != getattr(c, name):
            raise UsageError("--calibration %s: calibrated for %s = %s, this run has %s"
                             % (path, name, model.get(name), getattr(c, name)))
    if record.get("threads") != threads:
        raise UsageError("--calibration %s: calibrated for threads = %s, this run has %s"
                         % (path, record.get("threads"), threads))
    if record.get("device") != device_type:
        raise UsageError("--calibration %s: calibrated on %s, this run is on %s" % (path, record.get("device"), device_type))
    # CalibrationRecord.mismatch and .uncalibratedKinds (BlockBench/Calibration/CalibrationRecord.swift).
    active, relative, kinds = record.get("active_step_ms"), record.get("relative"), record.get("kinds")
    if not isinstance(active, list) or not isinstance(relative, list) or not (
            kinds is None or isinstance(kinds, list) and all(isinstance(k, str) for k in kinds)):
        raise UsageError("--calibration %s: not a calibration file (active_step_ms and relative must be "
                         "lists, kinds a list of names)" % path)
    if len(active) != c.n_layers or len(relative) != c.n_layers + 1:
        raise UsageError("--calibration %s: holds %d active-step costs for n_layers = %d" % (path, len(active), c.n_layers))
    probe = record.get("probe_step_ms")
    # A file without `kinds` (from before `calibrate --kinds`) measured every kind.
    measured = [k for k in kinds if is_step_kind(k)] if kinds is not None else step_kinds_all(c.n_layers)

    def cost_of(kind):
        return probe if kind == "probe" else active[min(step_kind_order(kind)[1], len(active)) - 1]

    def positive(v):
        return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v > 0

    if not all(positive(cost_of(k)) for k in measured):
        raise UsageError("--calibration %s: holds a calibrated step cost that is not a positive number" % path)
    needed = step_kinds_taken(schedules, c)
    missing = [k for k in needed if k not in measured]
    if missing:
        # A cost is never guessed: the run is refused, naming the calibration that would do.
        raise UsageError("--calibration %s: does not price step kind%s %s that this run can take (it measured %s); "
                         "calibrate with --kinds %s" % (path, "" if len(missing) == 1 else "s", ", ".join(missing),
                                                       ", ".join(measured), ",".join(needed)))
    if not record.get("converged", False):
        eprint("note: --calibration %s: the calibration stopped at its cap without converging; used as it is" % path)
    # Each kind's relative half-width, laid out as the costs (ModelledClock.halfwidths); None when
    # not known, and then no run reports an uncertainty.
    widths = record.get("relative_halfwidth")
    halfwidths = None
    if isinstance(widths, list) and len(widths) == c.n_layers + 1:
        halfwidths = (widths[:c.n_layers], widths[c.n_layers])
    return active, probe, halfwidths


def calibration_digest(path):
    """CalibrationFormat.digest: 64-bit FNV-1a of the file's bytes, 16 hex digits. Every result a
    calibration priced records it (config.calibration_digest): one price per folder."""
    value = 0xCBF29CE484222325
    with open(path, "rb") as f:
        for byte in f.read():
            value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % value


def json_number(v):
    """Exact JSON text for a float; non-finite ones as strings, as ForkRecord writes them."""
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def read_number(v):
    if isinstance(v, str) and v in ("nan", "inf", "-inf"):
        return float(v)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    raise ValueError("not a number: %r" % (v,))
