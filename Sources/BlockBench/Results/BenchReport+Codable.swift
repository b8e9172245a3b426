import Foundation

/// A coding key made from any string: the reference's objects are read key by key.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

extension KeyedEncodingContainer {
    /// Writes null for nil and for non-finite numbers, as the reference does (JSON has no NaN).
    mutating func encodeFinite(_ value: Double?, forKey key: Key) throws {
        if let value, value.isFinite { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}

extension BenchReport: Codable {
    enum CodingKeys: String, CodingKey {
        case script, timestampUTC = "timestamp_utc", config, system, results, traces
    }

    public init(from decoder: any Decoder) throws {
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

    public func encode(to encoder: any Encoder) throws {
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

extension ConfigRecord: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        var settings = BenchConfig()
        for parameter in BenchParameter.all where parameter.name != "device" {
            let key = AnyKey(parameter.name)
            guard c.contains(key), try !c.decodeNil(forKey: key) else { continue }
            let value: ParameterValue
            switch parameter.binding {
            case .int: value = .int(try c.decode(Int.self, forKey: key))
            case .double: value = .double(try c.decode(Double.self, forKey: key))
            case .bool: value = .bool(try c.decode(Bool.self, forKey: key))
            case .metric, .recoveryMode, .text: value = .string(try c.decode(String.self, forKey: key))
            }
            guard parameter.assign(value, to: &settings) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c, debugDescription: "'\(value)' is not a valid \(parameter.name)")
            }
        }
        settings.device = try c.decodeIfPresent(String.self, forKey: AnyKey("device_arg")) ?? settings.device
        self.settings = settings
        resolvedDevice = try c.decodeIfPresent(String.self, forKey: AnyKey("resolved_device")) ?? settings.device
        dtypeEffective = try c.decodeIfPresent(String.self, forKey: AnyKey("dtype_effective"))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        try c.encode(settings.device, forKey: AnyKey("device_arg"))
        try c.encode(resolvedDevice, forKey: AnyKey("resolved_device"))
        for parameter in BenchParameter.all where parameter.name != "device" {
            let key = AnyKey(parameter.name)
            switch parameter.value(in: settings) {
            case .int(let v): try c.encode(v, forKey: key)
            case .double(let v): try c.encodeFinite(v, forKey: key)
            case .bool(let v): try c.encode(v, forKey: key)
            case .string(let v): try c.encode(v, forKey: key)
            }
        }
        if let dtypeEffective { try c.encode(dtypeEffective, forKey: AnyKey("dtype_effective")) }
    }
}

extension ScheduleResult: Codable {
    enum CodingKeys: String, CodingKey {
        case schedule, stepsExecuted = "steps_executed", elapsedMs = "elapsed_ms"
        case finalValLoss = "final_val_loss", trainLossStart = "train_loss_start"
        case trainLossEnd = "train_loss_end", meanStepMs = "mean_step_ms", p50StepMs = "p50_step_ms"
        case p90StepMs = "p90_step_ms", speedupVsFull = "speedup_vs_full"
        case activeLayersMean = "active_layers_mean", activeLayersMin = "active_layers_min"
        case activeLayersMax = "active_layers_max", probeStepCount = "probe_step_count", notes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schedule = try c.decode(Schedule.self, forKey: .schedule)
        stepsExecuted = try c.decodeIfPresent(Int.self, forKey: .stepsExecuted)
        elapsedMs = try c.decodeIfPresent(Double.self, forKey: .elapsedMs)
        finalValLoss = try c.decodeIfPresent(Double.self, forKey: .finalValLoss)
        trainLossStart = try c.decodeIfPresent(Double.self, forKey: .trainLossStart)
        trainLossEnd = try c.decodeIfPresent(Double.self, forKey: .trainLossEnd)
        meanStepMs = try c.decodeIfPresent(Double.self, forKey: .meanStepMs)
        p50StepMs = try c.decodeIfPresent(Double.self, forKey: .p50StepMs)
        p90StepMs = try c.decodeIfPresent(Double.self, forKey: .p90StepMs)
        speedupVsFull = try c.decodeIfPresent(Double.self, forKey: .speedupVsFull)
        activeLayersMean = try c.decodeIfPresent(Double.self, forKey: .activeLayersMean)
        activeLayersMin = try c.decodeIfPresent(Int.self, forKey: .activeLayersMin)
        activeLayersMax = try c.decodeIfPresent(Int.self, forKey: .activeLayersMax)
        probeStepCount = try c.decodeIfPresent(Int.self, forKey: .probeStepCount)
        notes = try c.decodeIfPresent(String.self, forKey: .notes) ?? ""
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schedule, forKey: .schedule)
        try c.encodeIfPresent(stepsExecuted, forKey: .stepsExecuted)
        try c.encodeFinite(elapsedMs, forKey: .elapsedMs)
        try c.encodeFinite(finalValLoss, forKey: .finalValLoss)
        try c.encodeFinite(trainLossStart, forKey: .trainLossStart)
        try c.encodeFinite(trainLossEnd, forKey: .trainLossEnd)
        try c.encodeFinite(meanStepMs, forKey: .meanStepMs)
        try c.encodeFinite(p50StepMs, forKey: .p50StepMs)
        try c.encodeFinite(p90StepMs, forKey: .p90StepMs)
        try c.encodeFinite(speedupVsFull, forKey: .speedupVsFull)
        try c.encodeFinite(activeLayersMean, forKey: .activeLayersMean)
        try c.encodeIfPresent(activeLayersMin, forKey: .activeLayersMin)
        try c.encodeIfPresent(activeLayersMax, forKey: .activeLayersMax)
        try c.encodeIfPresent(probeStepCount, forKey: .probeStepCount)
        try c.encode(notes, forKey: .notes)
    }
}

extension ScheduleTrace: Codable {
    enum CodingKeys: String, CodingKey {
        case stepTimesMs = "step_times_ms", trainLosses = "train_losses"
        case activeLayersHist = "active_layers_hist", dynamicTrace = "dynamic_trace"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        stepTimesMs = (try c.decodeIfPresent([Double?].self, forKey: .stepTimesMs) ?? []).map { $0 ?? .nan }
        trainLosses = try c.decodeIfPresent([Double?].self, forKey: .trainLosses) ?? []
        activeLayersHist = try c.decodeIfPresent([Int].self, forKey: .activeLayersHist) ?? []
        dynamicTrace = try c.decodeIfPresent([TraceEvent].self, forKey: .dynamicTrace) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        var times = c.nestedUnkeyedContainer(forKey: .stepTimesMs)
        for t in stepTimesMs { if t.isFinite { try times.encode(t) } else { try times.encodeNil() } }
        var losses = c.nestedUnkeyedContainer(forKey: .trainLosses)
        for l in trainLosses { if let l, l.isFinite { try losses.encode(l) } else { try losses.encodeNil() } }
        try c.encode(activeLayersHist, forKey: .activeLayersHist)
        try c.encode(dynamicTrace, forKey: .dynamicTrace)
    }
}

extension TraceEvent: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        let step = try c.decodeIfPresent(Int.self, forKey: AnyKey("step")) ?? -1
        if c.contains(AnyKey("probe")) {
            self = .probe(ProbeEvent(
                step: step,
                freezeEnabled: try c.decodeIfPresent(Bool.self, forKey: AnyKey("freeze_enabled")) ?? false,
                probeLoss: try c.decodeIfPresent(Double.self, forKey: AnyKey("probe_loss")),
                bestProbeLoss: try c.decodeIfPresent(Double.self, forKey: AnyKey("best_probe_loss")),
                probeLossEmaPrev: try c.decodeIfPresent(Double.self, forKey: AnyKey("probe_loss_ema_prev")),
                probeLossEma: try c.decodeIfPresent(Double.self, forKey: AnyKey("probe_loss_ema")),
                activeBudget: try c.decodeIfPresent(Int.self, forKey: AnyKey("active_budget")) ?? 0,
                activeStartNext: try c.decodeIfPresent(Int.self, forKey: AnyKey("active_start_next")) ?? 0,
                activeLayersNext: try c.decodeIfPresent(Int.self, forKey: AnyKey("active_layers_next")) ?? 0,
                emaScores: try c.decodeIfPresent([Double?].self, forKey: AnyKey("ema_scores")) ?? []))
        } else if c.contains(AnyKey("freeze_trigger")) {
            self = .freeze(FreezeEvent(
                step: step,
                freezeEnabled: try c.decodeIfPresent(Bool.self, forKey: AnyKey("freeze_enabled")) ?? true,
                trigger: try c.decode(FreezeTrigger.self, forKey: AnyKey("freeze_trigger"))))
        } else {
            self = .recovery(RecoveryEvent(
                step: step,
                mode: try c.decodeIfPresent(RecoveryMode.self, forKey: AnyKey("final_recovery_mode")) ?? .full,
                stage: try c.decodeIfPresent(String.self, forKey: AnyKey("final_recovery_stage")) ?? "full",
                progress: try c.decodeIfPresent(Double.self, forKey: AnyKey("final_recovery_progress")) ?? 0,
                activeLayers: try c.decodeIfPresent(Int.self, forKey: AnyKey("final_recovery_active_layers")) ?? 0))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        try c.encode(step, forKey: AnyKey("step"))
        switch self {
        case .probe(let e):
            try c.encode(true, forKey: AnyKey("probe"))
            try c.encode(e.freezeEnabled, forKey: AnyKey("freeze_enabled"))
            try c.encodeFinite(e.probeLoss, forKey: AnyKey("probe_loss"))
            try c.encodeFinite(e.bestProbeLoss, forKey: AnyKey("best_probe_loss"))
            try c.encodeFinite(e.probeLossEmaPrev, forKey: AnyKey("probe_loss_ema_prev"))
            try c.encodeFinite(e.probeLossEma, forKey: AnyKey("probe_loss_ema"))
            try c.encode(e.activeBudget, forKey: AnyKey("active_budget"))
            try c.encode(e.activeStartNext, forKey: AnyKey("active_start_next"))
            try c.encode(e.activeLayersNext, forKey: AnyKey("active_layers_next"))
            var scores = c.nestedUnkeyedContainer(forKey: AnyKey("ema_scores"))
            for s in e.emaScores { if let s, s.isFinite { try scores.encode(s) } else { try scores.encodeNil() } }
        case .freeze(let e):
            try c.encode(e.freezeEnabled, forKey: AnyKey("freeze_enabled"))
            try c.encode(e.trigger, forKey: AnyKey("freeze_trigger"))
        case .recovery(let e):
            try c.encode(e.mode, forKey: AnyKey("final_recovery_mode"))
            try c.encode(e.stage, forKey: AnyKey("final_recovery_stage"))
            try c.encodeFinite(e.progress, forKey: AnyKey("final_recovery_progress"))
            try c.encode(e.activeLayers, forKey: AnyKey("final_recovery_active_layers"))
        }
    }
}

extension BenchReport {
    /// The report as JSON text, keys in the reference's order.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public static func decode(from data: Data) throws -> BenchReport {
        try JSONDecoder().decode(BenchReport.self, from: data)
    }
}
