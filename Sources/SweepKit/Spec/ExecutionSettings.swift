import Vocabulary

/// How and where a sweep's jobs run (the sweep file's `execution` block).
package struct ExecutionSettings: Sendable, Equatable, Codable {
    /// The devices named, e.g. cpu:4 (4 cores), cuda:0; nil means discover them. plan.json
    /// keeps them as their names.
    package var devices: [DeviceSpec]?
    /// Cores (BLAS threads) per CPU job.
    package var threads: Int
    /// Most jobs at once; nil means as many as the devices hold.
    package var parallel: Int?
    /// Wall-clock limit of one job attempt, in seconds; nil means none.
    package var timeoutSeconds: Double?
    /// Extra attempts after a failure.
    package var retries: Int
    package var backend: Backend
    /// The clock an equal-time budget reads in builtin jobs: modelled (the calibration's step
    /// costs, the sweep default) or wall (the reference's, and `bench`'s default).
    package var equalTimeClock: EqualTimeClock
    /// `calibrate --cap-seconds` for the sweep's calibration jobs; nil means the engine's default.
    package var calibrationCapSeconds: Double?
    /// `execution.python`: the interpreter of `runner: torch` jobs; nil means $BLOCKSWEEP_PYTHON,
    /// else python3.
    package var python: String?
    /// Prefix forking (builtin and torch runners): a dynamic_suffix job whose run is deterministic starts
    /// from its full_update baseline's snapshot at the step where it diverges. On by default.
    package var fork: Bool

    package init(
        devices: [DeviceSpec]? = nil, threads: Int = 1, parallel: Int? = nil,
        timeoutSeconds: Double? = nil, retries: Int = 1, backend: Backend = .local,
        equalTimeClock: EqualTimeClock = .modelled, calibrationCapSeconds: Double? = nil, fork: Bool = true
    ) {
        self.fork = fork
        self.devices = devices
        self.threads = threads
        self.parallel = parallel
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.backend = backend
        self.equalTimeClock = equalTimeClock
        self.calibrationCapSeconds = calibrationCapSeconds
    }

    enum CodingKeys: String, CodingKey {
        case devices, threads, parallel, timeoutSeconds = "timeout_seconds", retries, backend
        case equalTimeClock = "equal_time_clock", calibrationCapSeconds = "calibration_cap_seconds"
        case python
        case fork
    }

    /// A plan.json from before the modelled clock has no equal_time_clock: its jobs ran on the
    /// wall clock, so that is what it decodes as.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        devices = try c.decodeIfPresent([DeviceSpec].self, forKey: .devices)
        threads = try c.decode(Int.self, forKey: .threads)
        parallel = try c.decodeIfPresent(Int.self, forKey: .parallel)
        timeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds)
        retries = try c.decode(Int.self, forKey: .retries)
        backend = try c.decode(Backend.self, forKey: .backend)
        equalTimeClock = try c.decodeIfPresent(EqualTimeClock.self, forKey: .equalTimeClock) ?? .wall
        calibrationCapSeconds = try c.decodeIfPresent(Double.self, forKey: .calibrationCapSeconds)
        python = try c.decodeIfPresent(String.self, forKey: .python)
        // A plan.json from before forking ran its jobs unforked: its jobs carry no fork_from.
        fork = try c.decodeIfPresent(Bool.self, forKey: .fork) ?? true
    }
}
