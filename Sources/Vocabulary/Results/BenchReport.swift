/// The JSON file one benchmark run writes: the reference benchmark's layout, read and written
/// by the same types (the reference's older files lack some keys; missing ones take defaults).
package struct BenchReport: Sendable, Equatable {
    package var script: String
    package var timestampUTC: String
    package var config: ConfigRecord
    package var system: SystemInfo
    package var results: [ScheduleResult]
    package var traces: [Schedule: ScheduleTrace]

    package init(
        script: String, timestampUTC: String, config: ConfigRecord, system: SystemInfo,
        results: [ScheduleResult], traces: [Schedule: ScheduleTrace]
    ) {
        self.script = script
        self.timestampUTC = timestampUTC
        self.config = config
        self.system = system
        self.results = results
        self.traces = traces
    }

    package func result(for schedule: Schedule) -> ScheduleResult? {
        results.first { $0.schedule == schedule }
    }
}
