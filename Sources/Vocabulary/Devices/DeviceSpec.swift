import Foundation

/// One entry of `--devices` or `execution.devices`: `cpu` (every core), `cpu:N` (N cores),
/// `cuda` (every GPU) or `cuda:N` (GPU N).
package enum DeviceSpec: Sendable, Equatable, CustomStringConvertible {
    case cpu(cores: Int?)
    case cuda(index: Int?)

    package var description: String {
        switch self {
        case .cpu(nil): return "cpu"
        case .cpu(let n?): return "cpu:\(n)"
        case .cuda(nil): return "cuda"
        case .cuda(let i?): return "cuda:\(i)"
        }
    }

    /// Parses one name; nil when it is not a device.
    package init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let number: Int?
        if parts.count == 2 {
            guard let n = Int(parts[1]) else { return nil }
            number = n
        } else {
            number = nil
        }
        switch parts[0] {
        case "cpu":
            if let number, number < 1 { return nil }
            self = .cpu(cores: number)
        case "cuda", "gpu":
            if let number, number < 0 { return nil }
            self = .cuda(index: number)
        default:
            return nil
        }
    }
}
