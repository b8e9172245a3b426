import Foundation

/// One device a sweep may run on: `cpu` (every core), `cpu:N` (N cores), `cuda` (every GPU) or
/// `cuda:N` (GPU N); `gpu` and `gpu:N` are read as `cuda` and `cuda:N`. `execution.devices` and
/// `--devices` both read it with `init?(_:)` and `list(_:)`, so they accept the same spellings.
/// In plan.json it is its text, as before it was typed.
package enum DeviceSpec: Sendable, Equatable, CustomStringConvertible, Codable {
    case cpu(cores: Int?)
    case cuda(index: Int?)

    /// What to write where a device is not one: the spellings there are.
    package static let spellings = "use cpu, cpu:N (N cores), cuda or cuda:N (GPU N)"

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

    /// Parses a comma-separated list such as `cpu:4,cuda:0,cuda:1`: the devices, or the first
    /// item that is not one.
    package static func list(_ text: String) -> Result<[DeviceSpec], NotADevice> {
        guard !text.isEmpty else { return .failure(NotADevice(text: text, emptyList: true)) }
        var out: [DeviceSpec] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard let spec = DeviceSpec(item) else { return .failure(NotADevice(text: item)) }
            out.append(spec)
        }
        return .success(out)
    }

    /// An item of a device list that names no device.
    package struct NotADevice: Error, Equatable, CustomStringConvertible {
        package var text: String
        /// The whole list was empty, not one item of it.
        package var emptyList = false
        package var description: String {
            emptyList ? "empty; use e.g. cpu:4 or cpu:4,cuda:0" : "'\(text)' is not a device; \(DeviceSpec.spellings)"
        }
    }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let spec = DeviceSpec(text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "'\(text)' is not a device"))
        }
        self = spec
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
