import Foundation

extension BenchReport: Codable {
    enum CodingKeys: String, CodingKey {
        case script, timestampUTC = "timestamp_utc", config, system, results, traces
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        script = try c.decodeIfPresent(String.self, forKey: .script) ?? ""
        timestampUTC = try c.decodeIfPresent(String.self, forKey: .timestampUTC) ?? ""
        config = try c.decode(ConfigRecord.self, forKey: .config)
        system = try c.decodeIfPresent(SystemInfo.self, forKey: .system) ?? SystemInfo()
        results = try c.decode([ScheduleResult].self, forKey: .results)
        let rawTraces = try c.decodeIfPresent([String: ScheduleTrace].self, forKey: .traces) ?? [:]
        traces = [:]
        for (name, trace) in rawTraces {
            if let schedule = Schedule(rawValue: name) { traces[schedule] = trace }
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(script, forKey: .script)
        try c.encode(timestampUTC, forKey: .timestampUTC)
        try c.encode(config, forKey: .config)
        try c.encode(system, forKey: .system)
        try c.encode(results, forKey: .results)
        var t = c.nestedContainer(keyedBy: AnyKey.self, forKey: .traces)
        for schedule in Schedule.allCases {
            if let trace = traces[schedule] { try t.encode(trace, forKey: AnyKey(schedule.rawValue)) }
        }
    }
}

extension BenchReport {
    /// The report as JSON text (key order within an object is not kept: Foundation's encoder chooses it).
    package func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    package static func decode(from data: Data) throws -> BenchReport {
        try JSONDecoder().decode(BenchReport.self, from: data)
    }
}
