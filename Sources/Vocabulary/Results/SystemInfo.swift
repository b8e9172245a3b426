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
