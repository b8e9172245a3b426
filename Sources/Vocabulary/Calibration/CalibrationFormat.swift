/// The tag a `blocksweep calibrate` file carries in its `kind` key: the engine writes it and the
/// runner's status reads it, so both name it from here.
package enum CalibrationFormat {
    package static let kind = "blocksweep-calibration"
}
