import Foundation
import Vocabulary

/// What the guide says to try when dynamic_suffix loses too much quality, and what holds a
/// slow configuration back.
package enum Remedies {
    /// The guide's quality remedies as next values: more layers kept active (min and max + 2;
    /// the min at most n_layers − 1, since a floor of every block is the same work as
    /// full_update and sweeps refuse it; the max at most n_layers), probing twice as often, a
    /// relevance threshold halfway closer to 1. A setting already at its limit gets no remedy.
    package static func forQuality(_ c: BenchConfig) -> [Remedy] {
        let n = c.nLayers
        var out: [Remedy] = []
        let minNow = c.dynMinActiveLayers
        let minNext = min(minNow + 2, n - 1)
        if minNext > minNow {
            out.append(
                Remedy(
                    parameter: "dyn_min_active_layers", from: .int(minNow), to: .int(minNext),
                    why: "keep more blocks training"))
        }
        // 0 means no cap: every block may already train.
        let maxNow = c.dynMaxActiveLayers
        if maxNow > 0 {
            let maxNext = max(min(maxNow + 2, n), minNext)
            if maxNext > maxNow {
                out.append(
                    Remedy(
                        parameter: "dyn_max_active_layers", from: .int(maxNow), to: .int(maxNext),
                        why: "let the budget grow further"))
            }
        }
        let probeNow = c.dynProbeEvery
        if probeNow > 1 {
            out.append(
                Remedy(
                    parameter: "dyn_probe_every", from: .int(probeNow), to: .int(probeNow / 2),
                    why: "probe twice as often"))
        }
        let thrNow = c.dynRelevanceThreshold
        if thrNow < 1 {
            // Halfway to 1, on a 0.005 grid so the sweep file stays readable.
            let raw = thrNow + (1 - thrNow) / 2
            let rounded = (raw * 200).rounded() / 200
            let next = min(1, rounded > thrNow ? rounded : thrNow + 0.005)
            out.append(
                Remedy(
                    parameter: "dyn_relevance_threshold", from: .double(thrNow), to: .double(next),
                    why: "cover more of the relevance"))
        }
        return out
    }

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
        guard schedule == .dynamicSuffix else { return out }
        if let probes, probes > 0, let steps, steps > 0 {
            out.append(
                "\(fmt0(probes)) probe steps (\(fmt1(100 * probes / steps))% of \(fmt0(steps)) steps) "
                    + "train all \(n.counted("layer"))")
        }
        if c.dynFinalFullFrac > 0 {
            out.append(
                "final recovery (\(c.dynFinalRecoveryMode.rawValue)) trains more layers over the last "
                    + "\(fmt0(100 * c.dynFinalFullFrac))% of the run")
        }
        if Double(c.dynMinActiveLayers) > kNeeded {
            out.append(
                "dyn_min_active_layers \(c.dynMinActiveLayers) alone is above the \(fmt1(max(0, kNeeded))) "
                    + "active layers \(fmtX(minSpeedup)) allows")
        }
        return out
    }
}

func fmt0(_ v: Double) -> String { NumberText.fixed(v, 0, nonFinite: "n/a") }
func fmt1(_ v: Double) -> String { NumberText.fixed(v, 1, nonFinite: "n/a") }
