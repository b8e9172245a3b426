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
