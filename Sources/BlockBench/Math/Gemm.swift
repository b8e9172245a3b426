import COpenBLAS

/// Row-major matrix products through OpenBLAS. Names say which operand is transposed:
/// `nt` is C = A·Bᵀ, `tn` is C = Aᵀ·B, `nn` is C = A·B; `beta` 1 adds into C.
enum Gemm {
    /// C (m×n) = A (m×k) · Bᵀ, B stored n×k.
    static func nt(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
        m: Int, n: Int, k: Int, beta: Float = 0
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k),
            1, a, Int32(k), b, Int32(k), beta, c, Int32(n))
    }

    /// C (m×n) = Aᵀ · B, A stored k×m, B stored k×n.
    static func tn(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
        m: Int, n: Int, k: Int, beta: Float = 0
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k),
            1, a, Int32(m), b, Int32(n), beta, c, Int32(n))
    }

    /// C (m×n) = A (m×k) · B (k×n).
    static func nn(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
        m: Int, n: Int, k: Int, beta: Float = 0
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k),
            1, a, Int32(k), b, Int32(n), beta, c, Int32(n))
    }
}
