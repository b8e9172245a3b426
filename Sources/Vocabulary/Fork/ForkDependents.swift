/// What a full_update baseline is told about the dynamic_suffix jobs that will fork from it
/// (`fork-plan.json` in its fork folder): each job's id and its settings, by snake_case name.
/// The baseline follows each one's controller beside its own training, to know where it
/// diverges and what it reads before then.
package struct ForkDependents: Sendable, Equatable, Codable {
    package struct Dependent: Sendable, Equatable, Codable {
        package var job: String
        package var params: [String: ParameterValue]

        package init(job: String, params: [String: ParameterValue]) {
            self.job = job
            self.params = params
        }
    }

    package var baseline: String
    package var dependents: [Dependent]

    package init(baseline: String, dependents: [Dependent]) {
        self.baseline = baseline
        self.dependents = dependents
    }
}
