/// A place one job runs at a time: a fixed set of CPU cores, or one GPU. Slots never share
/// cores, so timed jobs running side by side stay comparable.
package struct Slot: Sendable, Equatable {
    package enum Kind: String, Sendable { case cpu, cuda }

    package var kind: Kind
    /// The cores a CPU job is pinned to (empty for a GPU slot: the GPU job is not pinned).
    package var cores: [Int]
    /// The GPU's index as nvidia-smi numbers it.
    package var gpu: Int?

    package static func cpu(_ cores: [Int]) -> Slot { Slot(kind: .cpu, cores: cores, gpu: nil) }
    package static func cuda(_ index: Int) -> Slot { Slot(kind: .cuda, cores: [], gpu: index) }

    /// "cpu:2-3", "cpu:5", "cpu:0,2" or "cuda:1", as the journal and the progress lines show it.
    package var name: String {
        switch kind {
        case .cuda: return "cuda:\(gpu ?? 0)"
        case .cpu: return "cpu:" + Slot.rangeText(cores)
        }
    }

    /// "0-3" for a run of consecutive cores, "0,2,5" otherwise.
    static func rangeText(_ cores: [Int]) -> String {
        guard let first = cores.first, let last = cores.last else { return "" }
        if cores.count > 1, cores == Array(first...last) { return "\(first)-\(last)" }
        return cores.map(String.init).joined(separator: ",")
    }
}
