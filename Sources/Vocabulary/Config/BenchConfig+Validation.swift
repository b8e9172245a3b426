/// A setting whose value cannot run, named by its flag.
package struct ConfigIssue: Sendable, Equatable, CustomStringConvertible {
    package let flag: String
    package let message: String
    package var description: String { "\(flag): \(message)" }
}

extension BenchConfig {
    /// Every setting outside its domain; empty when the run can start. Layer counts above
    /// n_layers are clamped by the schedules, as in the reference, so they pass here.
    package func validate() -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        for parameter in BenchParameter.all {
            if let why = parameter.domainViolation(parameter.value(in: self), nLayers: nLayers) {
                issues.append(ConfigIssue(flag: parameter.flag, message: why))
            }
        }
        if dynFinalRecoveryStage2Progress < dynFinalRecoveryStage1Progress {
            issues.append(
                ConfigIssue(
                    flag: "--dyn-final-recovery-stage2-progress",
                    message:
                        "must not be below --dyn-final-recovery-stage1-progress (\(dynFinalRecoveryStage1Progress))"))
        }
        if dmodel.multipliedReportingOverflow(by: hiddenMult).overflow
            || batchSize.multipliedReportingOverflow(by: seqLen).overflow
        {
            issues.append(ConfigIssue(flag: "--dmodel", message: "sizes are too large to hold in memory"))
        }
        return issues
    }
}
