/// How and where a sweep's jobs run (the sweep file's `execution` block).
public struct ExecutionSettings: Sendable, Equatable, Codable {
    /// Device names such as "cpu:4" (4 cores), "cuda:0"; nil means discover them.
    public var devices: [String]?
    /// Cores (BLAS threads) per CPU job.
    public var threads: Int
    /// Most jobs at once; nil means as many as the devices hold.
    public var parallel: Int?
    /// Wall-clock limit of one job attempt, in seconds; nil means none.
    public var timeoutSeconds: Double?
    /// Extra attempts after a failure.
    public var retries: Int
    public var backend: Backend

    public init(devices: [String]? = nil, threads: Int = 1, parallel: Int? = nil,
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

public enum Backend: Sendable, Equatable, Codable {
    case local
    case slurm(SlurmSettings)
}

public struct SlurmSettings: Sendable, Equatable, Codable {
    public var partition: String?
    public var account: String?
    public var sbatchArgs: [String]

    public init(partition: String? = nil, account: String? = nil, sbatchArgs: [String] = []) {
        self.partition = partition
        self.account = account
        self.sbatchArgs = sbatchArgs
    }

    enum CodingKeys: String, CodingKey {
        case partition, account, sbatchArgs = "sbatch_args"
    }
}
