import Vocabulary

/// A row's identity: the schedule, every setting that changes its result and the command's own
/// parameters, seed aside.
struct GroupKey: Hashable {
    var schedule: Schedule
    var values: [ParameterValue]
    var params: [String: ParameterValue]

    init(_ run: RunRecord) {
        schedule = run.result.schedule
        values = GroupKey.relevant[schedule]!.map { $0.value(in: run.settings) }
        params = run.params
    }

    static let relevant: [Schedule: [BenchParameter]] = Dictionary(
        uniqueKeysWithValues: Schedule.allCases.map { s in
            (s, BenchParameter.all.filter { $0.schedules.contains(s) && $0.name != "seed" })
        })
}
