/// What one job runs (the sweep file's `runner`).
package enum RunnerSpec: Sendable, Equatable, Codable {
    /// `blocksweep bench`, one schedule per job, on the CPU engine.
    case builtin
    /// The PyTorch runner in tools/ (not available yet: the executor refuses it).
    case torch
    /// The user's own argv with `{param}`, `{seed}`, `{device}` and `{result}` placeholders.
    case command([String])
}

extension RunnerSpec {
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
