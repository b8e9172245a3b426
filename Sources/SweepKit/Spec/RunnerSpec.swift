/// What one job runs (the sweep file's `runner`).
package enum RunnerSpec: Sendable, Equatable, Codable {
    /// `blocksweep bench`, one schedule per job, on the CPU engine.
    case builtin
    /// The PyTorch runner, tools/blocksweep_torch.py: the same flags and result JSON as `bench`,
    /// on a GPU (or the CPU when there is none).
    case torch
    /// The user's own argv with `{param}`, `{seed}`, `{device}` and `{result}` placeholders.
    case command([String])
}

extension RunnerSpec {
    /// Whether jobs run the benchmark itself (the builtin engine or the torch runner): they take
    /// the bench flags, are calibrated and can read the modelled clock.
    package var runsBenchmark: Bool { self == .builtin || self == .torch }

    /// Placeholders every command may use besides the sweep's own parameters.
    package static let builtinPlaceholders: Set<String> = ["seed", "device", "result"]

    /// The names inside `{…}` in one command argument.
    package static func placeholders(in argument: String) -> [String] {
        var names: [String] = []
        var rest = Substring(argument)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
