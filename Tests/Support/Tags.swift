import Foundation
import Testing

/// The tests the quick loop (`tools/test.sh --quick`) leaves out: those that need the local
/// Slurm, the torch venv, or many seconds of CPU. The README's test command and CI run them all.
/// A suite or test takes its tag and `.leftOutOfTheQuickLoop` together: this toolchain's
/// `swift test --skip` reads only names, not tags (`tag:` filtering comes with later ones).
extension Tag {
    /// Runs against the real local Slurm (tools/slurm-local).
    @Tag package static var slurm: Self
    /// Runs the torch runner under the venv's Python (tools/setup-torch.sh).
    @Tag package static var torch: Self
    /// Takes many seconds of CPU (whole engine sweeps, property runs over many inputs).
    @Tag package static var slow: Self
}

extension Trait where Self == ConditionTrait {
    /// Off when BLOCKSWEEP_QUICK=1 (tools/test.sh --quick sets it); on everywhere else.
    package static var leftOutOfTheQuickLoop: Self {
        .disabled(
            if: ProcessInfo.processInfo.environment["BLOCKSWEEP_QUICK"] == "1",
            "tools/test.sh --quick leaves out tests tagged slurm, torch or slow")
    }
}
