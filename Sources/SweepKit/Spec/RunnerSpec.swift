/// What one job runs (the sweep file's `runner`).
public enum RunnerSpec: Sendable, Equatable, Codable {
    /// `blocksweep bench`, one schedule per job, on the CPU engine.
    case builtin
    /// The PyTorch runner in tools/ (not available yet: the executor refuses it).
    case torch
    /// The user's own argv with `{param}`, `{seed}`, `{device}` and `{result}` placeholders.
    case command([String])
}
