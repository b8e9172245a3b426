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

    package init(devices: [DeviceSpec]? = nil, threads: Int = 1, parallel: Int? = nil,
                timeoutSeconds: Double? = nil, retries: Int = 1, backend: Backend = .local) {
        self.devices = devices
        self.threads = threads
        self.parallel = parallel
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.backend = backend
    }

    enum CodingKeys: String, CodingKey {
        case devices, threads, parallel, timeoutSeconds = "timeout_seconds", retries, backend
    }
}
