import Vocabulary

/// One result file of flat metrics (`{"val_loss": 0.41, "tokens_per_s": 1.9e5}`), with the job
/// it came from when a results folder says so: shown as a metrics table, never judged keep or
/// reject (that needs the benchmark's layout, a `RunRecord`).
package struct MetricsRun: Sendable {
    package var source: String
    /// The job's own parameters (plan.json); nil for a loose file, which is then its own row.
    package var params: [String: ParameterValue]?
    package var seed: Int?
    /// Non-finite numbers (null, NaN) are kept as NaN.
    package var values: [String: Double]

    package init(source: String, params: [String: ParameterValue]?, seed: Int?, values: [String: Double]) {
        self.source = source
        self.params = params
        self.seed = seed
        self.values = values
    }
}
