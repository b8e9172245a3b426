/// The `system` object. The reference writes the torch facts; this engine adds its BLAS facts.
package struct SystemInfo: Sendable, Equatable, Codable {
    package var cudaAvailable: Bool?
    package var cudaDeviceName: String?
    package var torchVersion: String?
    package var engine: String?
    package var blasCore: String?
    package var blasThreads: Int?
    package var cpuModel: String?

    /// How tools/blocksweep_torch.py's `engine` starts ("blocksweep torch runner (PyTorch 2.5.1)").
    package static let torchRunnerEngine = "blocksweep torch runner"

    package init(
        cudaAvailable: Bool? = nil, cudaDeviceName: String? = nil, torchVersion: String? = nil,
        engine: String? = nil, blasCore: String? = nil, blasThreads: Int? = nil, cpuModel: String? = nil
    ) {
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
