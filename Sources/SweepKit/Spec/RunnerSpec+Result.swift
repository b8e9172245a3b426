extension RunnerSpec {
    /// Whether a job of this runner leaves a result file: the builtin and torch runners always do;
    /// a command only when its argv holds `{result}`.
    package var writesResult: Bool {
        switch self {
        case .builtin, .torch: return true
        case .command(let argv): return argv.contains { RunnerSpec.placeholders(in: $0).contains("result") }
        }
    }
}
