import COpenBLAS

/// Facts about the BLAS library for the result's `system` block.
package enum BLASInfo {
    package static func setThreads(_ n: Int) { openblas_set_num_threads(Int32(n)) }
    package static var threads: Int { Int(openblas_get_num_threads()) }
    package static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }
}
