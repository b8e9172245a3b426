import Vocabulary

/// What a training step costs depends only on its kind: how many blocks are active, and
/// whether it is a dynamic_suffix probe (a full step that also scores every block's relevance).
package enum StepKind: Sendable, Hashable, CustomStringConvertible {
    /// The top `k` blocks active, not a probe; `k` = n_layers is the full step.
    case active(Int)
    case probe

    /// Every kind of an `nLayers`-block model, in the calibration file's order: active_1…active_N, probe.
    package static func all(nLayers: Int) -> [StepKind] {
        (1...max(nLayers, 1)).map(StepKind.active) + [.probe]
    }

    package var description: String {
        switch self {
        case .active(let k): return "active_\(k)"
        case .probe: return "probe"
        }
    }
}
