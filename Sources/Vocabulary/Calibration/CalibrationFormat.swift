import Foundation

/// The tag a `blocksweep calibrate` file carries in its `kind` key: the engine writes it and the
/// runner's status reads it, so both name it from here.
package enum CalibrationFormat {
    package static let kind = "blocksweep-calibration"

    /// The digest of a calibration file's bytes, recorded in every result it priced
    /// (`config.calibration_digest`): a file measured again, damaged or edited has another
    /// digest, so a result priced by an earlier measurement is never taken for one priced by
    /// this one (docs/benchmark.md, "One price per folder"). 64-bit FNV-1a, 16 hex digits; the
    /// torch runner computes the same.
    package static func digest(of data: Data) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
