/// The JSON file one benchmark run writes: the reference benchmark's layout, read and written
/// by the same types (the reference's older files lack some keys; missing ones take defaults).
public struct BenchReport: Sendable, Equatable {
    public var script: String
    public var timestampUTC: String
    public var config: ConfigRecord
    public var system: SystemInfo
    public var results: [ScheduleResult]
    public var traces: [Schedule: ScheduleTrace]

    public init(script: String, timestampUTC: String, config: ConfigRecord, system: SystemInfo,
                results: [ScheduleResult], traces: [Schedule: ScheduleTrace]) {
        self.script = script
        self.timestampUTC = timestampUTC
        self.config = config
        self.system = system
        self.results = results
        self.traces = traces
    }

    public func result(for schedule: Schedule) -> ScheduleResult? {
        results.first { $0.schedule == schedule }
    }
}
