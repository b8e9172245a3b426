import Foundation

/// One entry of `--devices` or `execution.devices`: `cpu` (every core), `cpu:N` (N cores),
/// `cuda` (every GPU) or `cuda:N` (GPU N).
public enum DeviceSpec: Sendable, Equatable, CustomStringConvertible {
    case cpu(cores: Int?)
    case cuda(index: Int?)

    public var description: String {
        switch self {
        case .cpu(nil): return "cpu"
        case .cpu(let n?): return "cpu:\(n)"
        case .cuda(nil): return "cuda"
        case .cuda(let i?): return "cuda:\(i)"
        }
    }

    /// Parses one name; nil when it is not a device.
    public init?(_ text: String) {
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

    /// Parses a comma-separated list such as `cpu:4,cuda:0,cuda:1`.
    public static func parseList(_ text: String) throws(SweepRunError) -> [DeviceSpec] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !text.isEmpty else { throw .badInput("--devices: empty; use e.g. cpu:4 or cpu:4,cuda:0") }
        return try items.map { item throws(SweepRunError) in try parse(item, origin: "--devices") }
    }

    static func parse(_ item: String, origin: String) throws(SweepRunError) -> DeviceSpec {
        guard let spec = DeviceSpec(item) else {
            throw .badInput("\(origin): '\(item)' is not a device; use cpu, cpu:N (N cores), cuda or cuda:N (GPU N)")
        }
        return spec
    }
}
