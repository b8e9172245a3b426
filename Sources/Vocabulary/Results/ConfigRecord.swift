/// The `config` object: every setting plus where it ran.
package struct ConfigRecord: Sendable, Equatable {
    package var settings: BenchConfig
    package var resolvedDevice: String
    /// What the engine really computed in, when it differs from `dtype` (CPU: float32).
    package var dtypeEffective: String?
    /// `wall` or `modelled`, and the calibration file's name; both nil (keys absent) when the
    /// run had no calibration, which is the wall clock.
    package var equalTimeClock: String?
    package var calibration: String?
    /// CalibrationFormat.digest of that file: which measurement priced the run (nil in results
    /// from before digests, which a sweep prices again).
    package var calibrationDigest: String?

    package init(settings: BenchConfig, resolvedDevice: String, dtypeEffective: String? = nil) {
        self.settings = settings
        self.resolvedDevice = resolvedDevice
        self.dtypeEffective = dtypeEffective
    }
}
