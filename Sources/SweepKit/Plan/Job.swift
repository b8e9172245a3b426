import Vocabulary

/// One run of the plan: a point of the sweep at one seed, for one schedule (builtin and torch
/// runners) or for whatever the user's command runs (command runner: `schedule` is nil).
package struct Job: Sendable, Equatable, Codable, Identifiable {
    /// Content address: a hash of exactly the settings that change this run's result.
    package var id: String
    package var schedule: Schedule?
    package var seed: Int
    /// The settings that differ from the benchmark defaults and matter to this run, by
    /// snake_case name (command runner: the user's own parameter names).
    package var params: [String: ParameterValue]
    /// Jobs whose results this one needs first (equal-time budget: the full_update baseline).
    package var dependsOn: [String]

    package init(id: String, schedule: Schedule?, seed: Int, params: [String: ParameterValue],
                dependsOn: [String] = []) {
        self.id = id
        self.schedule = schedule
        self.seed = seed
        self.params = params
        self.dependsOn = dependsOn
    }

    enum CodingKeys: String, CodingKey {
        case id, schedule, seed, params, dependsOn = "depends_on"
    }
}
