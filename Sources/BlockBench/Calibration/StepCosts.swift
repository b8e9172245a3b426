import Vocabulary

/// The calibrated cost (ms) of each step kind: what the modelled clock charges per step. A kind
/// the calibration did not measure (`blocksweep calibrate --kinds`) has no cost: nil, never a guess.
package struct StepCosts: Sendable, Equatable {
    /// Index k − 1: a step with the top k blocks active (the last is the full step).
    package var activeMs: [Double?]
    package var probeMs: Double?

    package init(activeMs: [Double?], probeMs: Double?) {
        self.activeMs = activeMs
        self.probeMs = probeMs
    }

    package var nLayers: Int { activeMs.count }

    /// The cost of a step that trained `activeLayers` blocks, or of a probe step; nil when that
    /// kind was not calibrated.
    package func cost(activeLayers: Int, probe: Bool) -> Double? {
        if probe { return probeMs }
        return activeMs[min(max(activeLayers, 1), activeMs.count) - 1]
    }

    package func cost(of kind: StepKind) -> Double? {
        switch kind {
        case .active(let k): return cost(activeLayers: k, probe: false)
        case .probe: return probeMs
        }
    }

    /// The kinds of `kinds` that have no cost here, in the given order.
    package func uncalibrated(_ kinds: [StepKind]) -> [StepKind] {
        kinds.filter { kind in
            if case .active(let k) = kind, k > nLayers { return true }
            return cost(of: kind) == nil
        }
    }
}
