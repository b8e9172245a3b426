import Foundation
import Vocabulary

/// What holds a slow configuration back; what to try when one loses too much quality is its
/// schedule's `qualityRemedies`.
package enum Remedies {
    /// The settings with every remedy applied.
    package static func applying(_ remedies: [Remedy], to config: BenchConfig) -> BenchConfig {
        var c = config
        for r in remedies {
            if let p = BenchParameter.named(r.parameter) { _ = p.assign(r.to, to: &c) }
        }
        return c
    }

    /// Why a configuration is slow, measured against the cost model's bounds.
    package static func speedLimits(
        settings c: BenchConfig, schedule: Schedule, activeLayers: Double?,
        probes: Double?, steps: Double?, minSpeedup: Double
    ) -> [String] {
        let n = c.nLayers
        var out: [String] = []
        guard let k = activeLayers, k > 0 else {
            return ["no active-layer count recorded: cannot compare with the cost model"]
        }
        let model = CostModel(layers: n, activeLayers: k)
        let kNeeded = CostModel.activeLayersFor(speedup: minSpeedup, layers: n)
        out.append(
            "mean \(fmt1(k)) of \(n.counted("layer")) active: the matmul estimate is \(fmtX(model.matmulEstimate)) "
                + "(hard limit \(fmtX(model.hardLimit))); \(fmtX(minSpeedup)) needs at most "
                + "\(fmt1(max(0, kNeeded))) active on average by that estimate "
                + "(\(fmt1(Double(n) / minSpeedup)) by the hard limit)")
        return out
            + schedule.kind.speedLimits(
                c, probes: probes, steps: steps, minSpeedup: minSpeedup, activeLayersAllowed: kNeeded)
    }
}

func fmt0(_ v: Double) -> String { NumberText.fixed(v, 0, nonFinite: "n/a") }
func fmt1(_ v: Double) -> String { NumberText.fixed(v, 1, nonFinite: "n/a") }
