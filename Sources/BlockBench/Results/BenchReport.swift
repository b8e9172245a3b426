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

/// The `config` object: every setting plus where it ran.
public struct ConfigRecord: Sendable, Equatable {
    public var settings: BenchConfig
    public var resolvedDevice: String
    /// What the engine really computed in, when it differs from `dtype` (CPU: float32).
    public var dtypeEffective: String?

    public init(settings: BenchConfig, resolvedDevice: String, dtypeEffective: String? = nil) {
        self.settings = settings
        self.resolvedDevice = resolvedDevice
        self.dtypeEffective = dtypeEffective
    }
}

/// The `system` object. The reference writes the torch facts; this engine adds its BLAS facts.
public struct SystemInfo: Sendable, Equatable, Codable {
    public var cudaAvailable: Bool?
    public var cudaDeviceName: String?
    public var torchVersion: String?
    public var engine: String?
    public var blasCore: String?
    public var blasThreads: Int?
    public var cpuModel: String?

    public init(cudaAvailable: Bool? = nil, cudaDeviceName: String? = nil, torchVersion: String? = nil,
                engine: String? = nil, blasCore: String? = nil, blasThreads: Int? = nil, cpuModel: String? = nil) {
        self.cudaAvailable = cudaAvailable
        self.cudaDeviceName = cudaDeviceName
        self.torchVersion = torchVersion
        self.engine = engine
        self.blasCore = blasCore
        self.blasThreads = blasThreads
        self.cpuModel = cpuModel
    }

    enum CodingKeys: String, CodingKey {
        case cudaAvailable = "cuda_available", cudaDeviceName = "cuda_device_name"
        case torchVersion = "torch_version", engine, blasCore = "blas_core"
        case blasThreads = "blas_threads", cpuModel = "cpu_model"
    }
}

/// One schedule's row of `results`. Numbers that were not finite are nil (JSON null).
public struct ScheduleResult: Sendable, Equatable {
    public var schedule: Schedule
    public var stepsExecuted: Int?
    public var elapsedMs: Double?
    public var finalValLoss: Double?
    public var trainLossStart: Double?
    public var trainLossEnd: Double?
    public var meanStepMs: Double?
    public var p50StepMs: Double?
    public var p90StepMs: Double?
    public var speedupVsFull: Double?
    public var activeLayersMean: Double?
    public var activeLayersMin: Int?
    public var activeLayersMax: Int?
    public var probeStepCount: Int?
    public var notes: String

    public init(schedule: Schedule, notes: String) {
        self.schedule = schedule
        self.notes = notes
    }
}

/// One schedule's `traces` entry: per-step series and the dynamic schedule's event log.
public struct ScheduleTrace: Sendable, Equatable {
    public var stepTimesMs: [Double]
    public var trainLosses: [Double?]
    public var activeLayersHist: [Int]
    public var dynamicTrace: [TraceEvent]

    public init(stepTimesMs: [Double] = [], trainLosses: [Double?] = [], activeLayersHist: [Int] = [],
                dynamicTrace: [TraceEvent] = []) {
        self.stepTimesMs = stepTimesMs
        self.trainLosses = trainLosses
        self.activeLayersHist = activeLayersHist
        self.dynamicTrace = dynamicTrace
    }
}
