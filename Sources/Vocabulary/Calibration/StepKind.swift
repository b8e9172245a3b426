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

    /// The kind named `active_<k>` (k ≥ 1) or `probe`, as `description` writes it.
    package init?(name: String) {
        if name == "probe" {
            self = .probe
            return
        }
        guard name.hasPrefix("active_"), let k = Int(name.dropFirst("active_".count)), k >= 1,
            name == "active_\(k)"
        else { return nil }
        self = .active(k)
    }

    package var description: String {
        switch self {
        case .active(let k): return "active_\(k)"
        case .probe: return "probe"
        }
    }
}
