// Speed check of the CPU engine (issue 2, point 6), run by tools/bench-engine.sh.
// Measures in one process, interleaved step by step so both see the same machine load:
//   - this machine's cblas_sgemm rate on the six matrix shapes of one block's step,
//   - the full_update step's rate, counting 3× the forward matmul FLOPs (blocks and head),
//   - static_suffix (K of N active) against full_update and the bound 3N/(N+2K),
//   - resident memory over 500 steps.
// Prints medians over the rounds, and min/max to show the spread.
import BlockBench
import COpenBLAS
import Foundation

struct Options {
    var dmodel = 256, nLayers = 12, hiddenMult = 4, batch = 4, seqLen = 128
    var threads = 2, rounds = 7, stepsPerRound = 20, staticActive = 4, memorySteps = 500

    init(_ args: [String]) {
        let fields: [String: WritableKeyPath<Options, Int>] = [
            "--dmodel": \.dmodel, "--n-layers": \.nLayers, "--hidden-mult": \.hiddenMult, "--batch-size": \.batch,
            "--seq-len": \.seqLen, "--threads": \.threads, "--rounds": \.rounds,
            "--steps-per-round": \.stepsPerRound, "--static-active-layers": \.staticActive,
            "--memory-steps": \.memorySteps
        ]
        var i = 0
        while i < args.count {
            guard let field = fields[args[i]] else { fail("unknown option \(args[i])") }
            guard i + 1 < args.count, let v = Int(args[i + 1]), v >= 1 else {
                fail("\(args[i]): expected a positive integer" + (i + 1 < args.count ? ", got '\(args[i + 1])'" : ""))
            }
            self[keyPath: field] = v
            i += 2
        }
    }
}

/// A bad option: say which, exit 2 (no crash trace).
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("engine-speed: \(message)\n".utf8))
    exit(2)
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s[s.count / 2]
}

func residentMiB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return .nan }
    let pages = Double(text.split(separator: " ")[1]) ?? .nan
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

let o = Options(Array(CommandLine.arguments.dropFirst()))
BLASInfo.setThreads(o.threads)
let t = o.batch * o.seqLen
let d = o.dmodel
let h = d * o.hiddenMult
let n = o.nLayers

// One block's six products: forward x·W1ᵀ, u·W2ᵀ; backward dW2, d relu², dW1, dn.
let shapes: [(CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, Int, Int, Int)] = [
    (CblasNoTrans, CblasTrans, t, h, d), (CblasNoTrans, CblasTrans, t, d, h),
    (CblasTrans, CblasNoTrans, d, h, t), (CblasNoTrans, CblasNoTrans, t, h, d),
    (CblasTrans, CblasNoTrans, h, d, t), (CblasNoTrans, CblasNoTrans, t, d, h)
]
let big = max(t, h, d)
let a = FloatBuffer(count: big * big)
let b = FloatBuffer(count: big * big)
let c = FloatBuffer(count: big * big)
var random = RandomStream(seed: 1, stream: 99)
random.fillNormal(a)
random.fillNormal(b)
func sgemmSet() {
    for (ta, tb, m, nn, k) in shapes {
        let lda = ta == CblasNoTrans ? k : m
        let ldb = tb == CblasNoTrans ? nn : k
        cblas_sgemm(
            CblasRowMajor, ta, tb, Int32(m), Int32(nn), Int32(k), 1, a.pointer, Int32(lda),
            b.pointer, Int32(ldb), 0, c.pointer, Int32(nn))
    }
}
let flopsPerSet = shapes.reduce(0.0) { $0 + 2 * Double($1.2 * $1.3 * $1.4) }
let forwardFlops = Double(n) * 2 * (2 * Double(t * d * h)) + 2 * Double(t * d * d)
let stepFlops = 3 * forwardFlops

var r1 = RandomStream(seed: 42, stream: 1)
let teacher = ModelWeights.initialized(dmodel: d, hidden: h, nLayers: n, random: &r1)
var r2 = RandomStream(seed: 42, stream: 2)
let student = teacher.perturbed(std: 0.02, random: &r2)
let settings = AdamWSettings(lr: 3e-4, weightDecay: 0)
let full = Trainer(model: student.copy(), rows: t, settings: settings, threads: o.threads)
let partial = Trainer(model: student.copy(), rows: t, settings: settings, threads: o.threads)
let input = FloatBuffer(count: t * d)
let target = FloatBuffer(count: t * d)
var r3 = RandomStream(seed: 42, stream: 4)
r3.fillNormal(input)
r3.fillNormal(target, scale: 0.5)

// Correctness before timing: the loss is finite and falls on a fixed batch.
let first = full.trainStep(input: input, target: target, activeStart: 0).loss
var last = first
for _ in 0..<10 { last = full.trainStep(input: input, target: target, activeStart: 0).loss }
guard first.isFinite, last < first else { fatalError("engine check failed: loss \(first) -> \(last)") }
for _ in 0..<3 {
    sgemmSet()
    _ = partial.trainStep(input: input, target: target, activeStart: n - o.staticActive)
}

var gemmRates: [Double] = []
var stepRates: [Double] = []
var ratios: [Double] = []
var speedups: [Double] = []
var fullMs: [Double] = []
var staticMs: [Double] = []
// Step by step interleaving: a burst of load on the shared machine slows the sgemm baseline and
// the engine alike, so their ratio holds still even when the absolute rates do not.
for _ in 0..<o.rounds {
    var gemmSec = 0.0
    var fullSec = 0.0
    var staticSec = 0.0
    for _ in 0..<o.stepsPerRound {
        gemmSec += seconds { sgemmSet() }
        fullSec += seconds { _ = full.trainStep(input: input, target: target, activeStart: 0) }
        staticSec += seconds { _ = partial.trainStep(input: input, target: target, activeStart: n - o.staticActive) }
    }
    let steps = Double(o.stepsPerRound)
    let gemmRate = flopsPerSet * steps / gemmSec / 1e9
    let stepRate = stepFlops * steps / fullSec / 1e9
    gemmRates.append(gemmRate)
    stepRates.append(stepRate)
    ratios.append(stepRate / gemmRate)
    speedups.append(fullSec / staticSec)
    fullMs.append(fullSec / steps * 1e3)
    staticMs.append(staticSec / steps * 1e3)
}
let k = Double(o.staticActive)
let nd = Double(n)
let bound = 3 * nd / (nd + 2 * k)
print(
    "engine-speed: dmodel \(d), n_layers \(n), hidden \(h), rows \(t), threads \(o.threads), BLAS core \(BLASInfo.coreName)"
)
print("  rounds \(o.rounds) × \(o.stepsPerRound) steps; medians (min–max)")
func show(_ name: String, _ xs: [Double], _ unit: String, _ digits: Int = 2) {
    let f = "%.\(digits)f"
    print(
        "  \(name): \(String(format: f, median(xs))) \(unit) (\(String(format: f, xs.min()!))–\(String(format: f, xs.max()!)))"
    )
}
show("sgemm on block shapes", gemmRates, "GFLOP/s", 1)
show("full_update step", fullMs, "ms", 1)
show("full_update rate (3× forward matmul FLOPs)", stepRates, "GFLOP/s", 1)
show("ratio full step / sgemm", ratios, "(goal ≥ 0.80)", 3)
show("static_suffix K=\(o.staticActive) step", staticMs, "ms", 1)
show("static speedup", speedups, "x", 3)
print(
    "  static speedup / bound 3N/(N+2K) = \(String(format: "%.3f", bound)): \(String(format: "%.3f", median(speedups) / bound)) (goal ≥ 0.90)"
)

// Memory: resident size after warm-up and after the rest of the steps.
var rss: [Double] = []
for step in 0..<o.memorySteps {
    _ = full.trainStep(
        input: input, target: target, activeStart: step % 2 == 0 ? 0 : n - o.staticActive,
        relevance: step % 5 == 0 ? .gradRatio : nil)
    if step == 49 || step == o.memorySteps - 1 { rss.append(residentMiB()) }
}
print(
    "  resident memory: \(String(format: "%.1f", rss[0])) MiB after 50 steps, \(String(format: "%.1f", rss[1])) MiB after \(o.memorySteps) (growth \(String(format: "%.2f", rss[1] - rss[0])) MiB)"
)
