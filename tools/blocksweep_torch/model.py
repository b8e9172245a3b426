"""The model, its data and one training step, in torch (docs/benchmark.md). torch is never
imported here: the caller hands it in (cli.main imports it after the flags are checked)."""

import math
import platform
import time

from blocksweep_torch.parameters import UsageError

RMS_EPS = 1.1920929e-07  # float32 machine epsilon, as the reference rmsnorm uses
# Trainer.relevance_statistics' columns: Σg², Σw², Σ|g·w|; those each metric reads.
ALL_STATISTICS = (0, 1, 2)
STATISTICS_OF = {"grad_ratio": (0, 1), "saliency_abs_gp": (2,)}


class Bench:
    """The model, its data and one training step, in torch."""

    def __init__(self, c, torch, device, threads):
        self.torch = torch
        self.c = c
        self.device = device
        # float32 and bfloat16: weights, activations and AdamW moments in that type. float16 cannot
        # hold them (AdamW's eps 1e-8 and the gradients of this loss underflow), so it runs as
        # PyTorch's mixed precision: float32 weights, float16 matmuls under autocast, and dynamic
        # loss scaling (GradScaler).
        self.mixed = c.dtype == "float16"
        self.dtype = {"float32": torch.float32, "float16": torch.float32, "bfloat16": torch.bfloat16}[c.dtype]
        self.hidden = c.dmodel * c.hidden_mult
        self.rows = c.batch_size * c.seq_len
        if threads is not None:
            torch.set_num_threads(threads)
        self.threads = torch.get_num_threads()

    # The model: block i maps x to x + W2ᵢ·relu(W1ᵢ·rms(x))², the head to H·rms(x).
    def rms(self, x):
        return x * self.torch.rsqrt(x.pow(2).mean(dim=-1, keepdim=True) + RMS_EPS)

    def forward(self, weights, x, active_start):
        with self.torch.autocast(self.device.type, dtype=self.torch.float16, enabled=self.mixed):
            return self.forward_blocks(weights, x, active_start)

    def forward_blocks(self, weights, x, active_start):
        torch = self.torch
        n = self.c.n_layers
        with torch.no_grad():  # the frozen prefix keeps nothing for backward
            for i in range(active_start):
                x = x + torch.relu(self.rms(x) @ weights[2 * i].t()).square() @ weights[2 * i + 1].t()
        for i in range(active_start, n):
            x = x + torch.relu(self.rms(x) @ weights[2 * i].t()).square() @ weights[2 * i + 1].t()
        return self.rms(x) @ weights[2 * n].t()

    def loss(self, y, target):
        # In float32 whatever the dtype, so that a bf16 run's loss is not rounded to 3 digits.
        return (y.float() - target.float()).pow(2).mean()

    def linear_init(self, gen, out_features, in_features):
        bound = 1 / math.sqrt(in_features)
        w = torch_uniform(self.torch, gen, (out_features, in_features), self.device)
        return (w * 2 - 1) * bound

    def new_models(self):
        """Teacher drawn first, the student = teacher + teacher_noise·N(0, 1) (float32, then cast)."""
        torch = self.torch
        c = self.c
        gen = torch.Generator(device=self.device)
        gen.manual_seed(c.seed)
        teacher = []
        for _ in range(c.n_layers):
            teacher.append(self.linear_init(gen, self.hidden, c.dmodel))
            teacher.append(self.linear_init(gen, c.dmodel, self.hidden))
        teacher.append(self.linear_init(gen, c.dmodel, c.dmodel))
        student = [w + c.teacher_noise * torch.randn(w.shape, generator=gen, device=self.device) for w in teacher]
        return [w.to(self.dtype) for w in teacher], [w.to(self.dtype) for w in student]

    def batch_source(self, teacher, stream):
        """Batches x ~ N(0, 1) with targets teacher(x), from their own seeded stream, so every
        schedule sees the same sequence."""
        torch = self.torch
        gen = torch.Generator(device=self.device)
        gen.manual_seed(self.c.seed * 1000003 + stream)

        def draw():
            x = torch.randn((self.rows, self.c.dmodel), generator=gen, device=self.device).to(self.dtype)
            with torch.no_grad():
                return x, self.forward(teacher, x, self.c.n_layers)

        def skip(count):
            """Past `count` batches without their targets: a forked run draws exactly the numbers
            its inherited steps would have drawn."""
            for _ in range(count):
                torch.randn((self.rows, self.c.dmodel), generator=gen, device=self.device)

        return draw, skip

    def trainer(self, student):
        return Trainer(self, [w.clone() for w in student])

    @property
    def accumulation(self):
        return self.torch.float64 if self.device.type == "cpu" else self.torch.float32

    def relevance_scores(self, stats, metric, eps):
        """Each block's relevance from its statistics (Trainer.relevance_statistics): a run's own
        probe and a forked run replaying its source's record both compute it here, from the same
        numbers in the same type on the same device, so the two agree to the bit."""
        if metric == "grad_ratio":
            return (stats[:, 0].sqrt() / (stats[:, 1].sqrt() + eps)).tolist()
        return stats[:, 2].tolist()

    def scores_from_record(self, blocks, metric, eps):
        """relevance_scores of a fork record's statistics, None when it lacks what `metric` reads."""
        n = self.c.n_layers
        if blocks is None or len(blocks) != n or any(len(b) != 3 for b in blocks):
            return None
        if any(not math.isfinite(b[k]) for b in blocks for k in STATISTICS_OF[metric]):
            return None
        stats = self.torch.tensor(blocks, dtype=self.accumulation, device=self.device)
        return self.relevance_scores(stats, metric, eps)

    def sync(self):
        if self.device.type == "cuda":
            self.torch.cuda.synchronize()


class Batches:
    """A run's training batches: `next(step)`, and `skip(count)` past a forked run's inherited steps."""

    def __init__(self, next_batch, skip):
        self.next = next_batch
        self.skip = skip


def torch_uniform(torch, gen, shape, device):
    return torch.rand(shape, generator=gen, device=device)


class Trainer:
    """One student and its AdamW (torch.optim.AdamW: a tensor without a gradient is skipped,
    its step count does not advance, as docs/benchmark.md asks)."""

    def __init__(self, bench, weights):
        torch = bench.torch
        self.bench = bench
        self.weights = [w.requires_grad_(True) for w in weights]
        c = bench.c
        options = {"lr": c.lr, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": c.weight_decay}
        if bench.device.type == "cuda":
            options["fused"] = True
        else:
            options["foreach"] = False
        self.optimizer = torch.optim.AdamW(self.weights, **options)
        # Only float16 scales the loss; a step whose scaled gradients overflow updates nothing.
        self.scaler = torch.amp.GradScaler(bench.device.type, enabled=bench.mixed)

    def step(self, x, target, active_start, metric=None, eps=1e-8, record=False):
        """One optimizer step; returns the loss tensor, for a probe each block's relevance, and
        with `record` every block's relevance statistics for fork dependents (relevance_statistics)
        and the milliseconds that bookkeeping took, which are not the step's own."""
        for w in self.weights:
            w.grad = None
        y = self.bench.forward(self.weights, x, active_start)
        loss = self.bench.loss(y, target)
        self.scaler.scale(loss).backward()
        scores = stats = None
        bookkeeping_ms = 0.0
        if metric is not None or record:
            self.scaler.unscale_(self.optimizer)  # relevance reads the true gradients
        if metric is not None:
            scores = self.bench.relevance_scores(self.relevance_statistics(STATISTICS_OF[metric]), metric, eps)
        if record:
            self.bench.sync()
            began = time.perf_counter()
            stats = self.relevance_statistics(ALL_STATISTICS)
            self.bench.sync()
            bookkeeping_ms = (time.perf_counter() - began) * 1e3
        self.scaler.step(self.optimizer)
        self.scaler.update()
        return loss, scores, stats, bookkeeping_ms

    def relevance_statistics(self, which):
        """Per block, from this step's gradients and the weights before the update, over both
        matrices: Σg², Σw², Σ|g·w| (those in `which`, NaN for the others), one row per block.
        Accumulated in float64 on the CPU (as the engine does), float32 on a GPU."""
        torch = self.bench.torch
        acc = self.bench.accumulation
        nan = torch.tensor(float("nan"), dtype=acc, device=self.bench.device)
        rows = []
        for i in range(self.bench.c.n_layers):
            pairs = [(self.weights[2 * i].grad, self.weights[2 * i].detach()),
                     (self.weights[2 * i + 1].grad, self.weights[2 * i + 1].detach())]
            gg = sum(torch.linalg.vector_norm(g, dtype=acc).square() for g, _ in pairs) if 0 in which else nan
            ww = sum(torch.linalg.vector_norm(w, dtype=acc).square() for _, w in pairs) if 1 in which else nan
            ap = sum((g.to(acc) * w.to(acc)).abs().sum() for g, w in pairs) if 2 in which else nan
            rows.append(torch.stack([gg, ww, ap]))
        return torch.stack(rows)

    def evaluate(self, x, target):
        with self.bench.torch.no_grad():
            return float(self.bench.loss(self.bench.forward(self.weights, x, self.bench.c.n_layers), target))


def timed_step(bench, trainer, x, target, active_start, metric, eps, record=False):
    """A step's time: from just before the forward pass to just after the optimizer update,
    less the bookkeeping of `record`. On a GPU the queue is drained before and after, so the
    time is the step's own. Returns the loss, the probe's scores, the recorded statistics, the ms."""
    bench.sync()
    began = time.perf_counter()
    loss, scores, stats, bookkeeping_ms = trainer.step(x, target, active_start, metric, eps, record)
    bench.sync()
    ms = (time.perf_counter() - began) * 1e3 - bookkeeping_ms
    return float(loss.detach()), scores, (stats.tolist() if stats is not None else None), ms


def resolve_device(torch, name):
    if name == "cuda" and not torch.cuda.is_available():
        raise UsageError("--device cuda: torch %s sees no CUDA GPU" % torch.__version__)
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    return torch.device(name)


def system_info(torch, bench):
    info = {
        "cuda_available": torch.cuda.is_available(),
        "cuda_device_name": torch.cuda.get_device_name(0) if bench.device.type == "cuda" else None,
        "torch_version": torch.__version__,
        "engine": "blocksweep torch runner (PyTorch %s)" % torch.__version__,
    }
    if torch.are_deterministic_algorithms_enabled():
        info["deterministic_algorithms"] = True  # --deterministic or a fork flag
    if bench.device.type == "cpu":
        info["blas_threads"] = bench.threads
        info["cpu_model"] = cpu_model()
    return info


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def torch_identity(torch, bench):
    """What a run's numbers depend on beyond its settings: a forked run takes another's state
    only where this is the same."""
    device = bench.device.type
    return {"version": torch.__version__, "device": device,
            "device_name": torch.cuda.get_device_name(0) if device == "cuda" else cpu_model(),
            "deterministic": torch.are_deterministic_algorithms_enabled()}
