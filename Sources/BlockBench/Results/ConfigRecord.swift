/// The `config` object: every setting plus where it ran.
public struct ConfigRecord: Sendable, Equatable {
    public var settings: BenchConfig
    public var resolvedDevice: String
    /// What the engine really computed in, when it differs from `dtype` (CPU: float32).
    public var dtypeEffective: String?
    /// `wall` or `modelled`, and the calibration file's name; both nil (keys absent) when the
    /// run had no calibration, which is the wall clock.
    package var equalTimeClock: String?
    package var calibration: String?

    public init(settings: BenchConfig, resolvedDevice: String, dtypeEffective: String? = nil) {
        self.settings = settings
        self.resolvedDevice = resolvedDevice
        self.dtypeEffective = dtypeEffective
    }
}
