import BlockBench

/// Compute cost of a plan from the cost model of BENCHMARK.md: a step with K of N blocks
/// active costs N·f + K·(b + o) plus the head, with b = 2f and o ≈ 0; f is one block's forward
/// matmuls, 2·T·d·h multiply-adds each way (T = batch·seq rows, h = d·hidden_mult).
public struct CostEstimate: Sendable, Equatable {
    /// Floating-point operations of every job together.
    public var flops: Double
    /// Seconds of job time at the assumed rate (one job after another).
    public var jobSeconds: Double
    /// The rate assumed, in FLOP/s per job, and how it was chosen.
    public var rate: Double
    public var rateNote: String

    /// Assumed sustained float32 rate of one CPU core on these matmuls (OpenBLAS, AVX2);
    /// a rough figure: the estimate is for planning, not a promise.
    public static let cpuCoreFlops = 20e9
    /// Assumed sustained bf16 rate of one consumer GPU (RTX 4090 class) on these shapes.
    public static let gpuFlops = 100e12

    /// Nil for a command runner, whose work blocksweep cannot know.
    public static func of(_ plan: Plan) -> CostEstimate? {
        let rate: Double, note: String
        switch plan.runner {
        case .command: return nil
        case .builtin:
            rate = cpuCoreFlops * Double(plan.execution.threads)
            note = "an assumed \(Int(cpuCoreFlops / 1e9)) GFLOP/s per CPU core × \(plan.execution.threads) thread\(plan.execution.threads == 1 ? "" : "s") per job"
        case .torch:
            rate = gpuFlops
            note = "an assumed \(Int(gpuFlops / 1e12)) TFLOP/s per GPU"
        }
        let flops = plan.jobs.reduce(0.0) { $0 + jobFlops($1) }
        return CostEstimate(flops: flops, jobSeconds: flops / rate, rate: rate, rateNote: note)
    }

    /// FLOPs of one job. Equal-time runs stop at the full run's elapsed time, so they cost what
    /// the full run costs.
    static func jobFlops(_ job: Job) -> Double {
        var c = BenchConfig()
        for (name, value) in job.params {
            _ = ParameterCatalog.parameter(name)?.assign(value, to: &c)
        }
        let n = Double(c.nLayers)
        let t = Double(c.batchSize * c.seqLen), d = Double(c.dmodel), h = Double(c.hidden)
        let f = 4 * t * d * h                      // two matmuls, 2 FLOPs per multiply-add
        let head = 3 * 2 * t * d * d               // forward + backward of the head
        let valForward = Double(c.valBatches) * (n * f + 2 * t * d * d)
        func step(_ k: Double) -> Double { n * f + 2 * k * f + head }
        let steps = Double(c.steps)
        let full = steps * step(n) + valForward
        guard let schedule = job.schedule, schedule != .fullUpdate, !c.equalTimeBudget else { return full }
        let nl = c.nLayers
        switch schedule {
        case .staticSuffix:
            return steps * step(Double(min(max(c.staticActiveLayers, 1), nl))) + valForward
        default:
            // Full steps until freezing may start, then on average halfway between the floor and cap.
            let lo = min(max(c.dynMinActiveLayers, 1), nl)
            let hi = c.dynMaxActiveLayers <= 0 ? nl : max(min(c.dynMaxActiveLayers, nl), lo)
            let frozen = 1 - min(max(c.dynFreezeStartFrac, 0), 1) - min(max(c.dynFinalFullFrac, 0), 1)
            let k = Double(lo + hi) / 2
            let share = max(frozen, 0)
            return steps * ((1 - share) * step(n) + share * step(k)) + valForward
        }
    }
}
