import Foundation

/// A result file without its traces: what aggregation needs, decoded fast. The figures
/// reread the few files they draw in full.
package struct BenchReportHeader: Sendable, Decodable {
    package var config: ConfigRecord
    package var system: SystemInfo
    package var results: [ScheduleResult]
    /// Per entry of `results`: `train_loss_end` is there but null (how a non-finite number
    /// reaches JSON), which decoding alone cannot tell from a missing key.
    package var nullTrainLoss: [Bool] = []

    package init(config: ConfigRecord, system: SystemInfo, results: [ScheduleResult]) {
        self.config = config
        self.system = system
        self.results = results
    }

    package init(_ report: BenchReport) {
        self.init(config: report.config, system: report.system, results: report.results)
    }

    enum CodingKeys: String, CodingKey { case config, system, results }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        config = try c.decode(ConfigRecord.self, forKey: .config)
        system = try c.decodeIfPresent(SystemInfo.self, forKey: .system) ?? SystemInfo()
        results = try c.decode([ScheduleResult].self, forKey: .results)
        nullTrainLoss = try c.decode([NeededScheduleKeys].self, forKey: .results).map(\.nullTrainLoss)
    }

    /// Timings compare only on the same hardware: the device kind, its model, and for CPU runs
    /// the thread count; the torch runner's CPU runs are not timed against the Swift engine's.
    /// A GPU run (`cuda`) therefore never pairs with a CPU baseline.
    package var deviceKey: String {
        var key = config.resolvedDevice
        if let gpu = system.cudaDeviceName, !gpu.isEmpty, key.hasPrefix("cuda") { key += " (\(gpu))" }
        if let cpu = system.cpuModel, !cpu.isEmpty, key.hasPrefix("cpu") { key += " (\(cpu))" }
        if let threads = system.blasThreads, key.hasPrefix("cpu") { key += " ×\(threads)" }
        if system.engine?.hasPrefix(SystemInfo.torchRunnerEngine) == true, key.hasPrefix("cpu") { key += " torch" }
        return key
    }
}

/// The keys the report needs in each schedule row of a result (docs/report.md); every other
/// key may be missing and takes its documented default. A missing val loss must not pass for
/// a diverged run (null or NaN), nor a missing step time for an unpaired one.
private struct NeededScheduleKeys: Decodable {
    enum CodingKeys: String, CodingKey {
        case finalValLoss = "final_val_loss", meanStepMs = "mean_step_ms", trainLossEnd = "train_loss_end"
    }

    var nullTrainLoss: Bool

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        for key in [CodingKeys.finalValLoss, .meanStepMs] where !c.contains(key) {
            throw DecodingError.keyNotFound(
                key,
                .init(
                    codingPath: c.codingPath,
                    debugDescription: "the report needs \(key.stringValue)"))
        }
        nullTrainLoss = c.contains(.trainLossEnd) ? try c.decodeNil(forKey: .trainLossEnd) : false
    }
}
