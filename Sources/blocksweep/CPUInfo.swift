import Foundation

/// This machine's processor model for the result's `system` block (the cores a run may use
/// are MachineDevices.allowedCores()).
enum CPUInfo {
    static func modelName() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }
}
