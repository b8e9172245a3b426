import Vocabulary

/// One run of the plan: a point of the sweep at one seed, for one schedule (builtin and torch
/// runners) or for whatever the user's command runs (command runner: `schedule` is nil).
package struct Job: Sendable, Equatable, Identifiable {
    /// Content address: a hash of exactly the settings that change this run's result.
    package var id: String
    package var schedule: Schedule?
    package var seed: Int
    /// The settings that differ from the benchmark defaults and matter to this run, by
    /// snake_case name (command runner: the user's own parameter names).
    package var params: [String: ParameterValue]
    /// Jobs whose results this one needs first (equal-time budget: the full_update baseline).
    package var dependsOn: [String]
    /// The calibration job (`Plan.calibrations`) whose step costs this builtin job's modelled
    /// clock reads; it must finish first, like `dependsOn`. nil for other runners and old plans.
    package var calibration: String?
    /// A calibration job's step kinds (`calibrate --kinds`): every kind its jobs can take, in
    /// calibration order. nil for other jobs, and for plans from before kinds were chosen
    /// (those calibrate every kind).
    package var stepKinds: [String]?
    /// Prefix forking: the job whose record and snapshot this dynamic_suffix job starts from,
    /// its full_update baseline or a dynamic_suffix sibling that itself forks (ForkChains); it
    /// must finish first. nil when the job trains from step 0.
    package var forkFrom: String?

    package init(
        id: String, schedule: Schedule?, seed: Int, params: [String: ParameterValue],
        dependsOn: [String] = [], calibration: String? = nil
    ) {
        self.id = id
        self.schedule = schedule
        self.seed = seed
        self.params = params
        self.dependsOn = dependsOn
        self.calibration = calibration
    }

    /// Jobs that must succeed before this one can run: its calibration, then its baseline.
    package var requirements: [String] {
        (calibration.map { [$0] } ?? []) + dependsOn
    }

    /// Every job that must finish before this one starts: its requirements, then the job it
    /// forks from, which may fail or be skipped (then this one trains from an earlier source
    /// or from step 0, with the same result).
    package var prerequisites: [String] {
        var all = requirements
        if let forkFrom, !dependsOn.contains(forkFrom) { all.append(forkFrom) }
        return all
    }

    /// Calibration jobs measure step costs (`blocksweep calibrate`); their ids start `cal-`.
    package var isCalibration: Bool { id.hasPrefix(Self.calibrationPrefix + "-") }
    package static let calibrationPrefix = "cal"
}
