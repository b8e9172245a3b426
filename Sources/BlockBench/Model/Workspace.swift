/// Activation buffers for one batch of `rows` rows, allocated once per trainer (one per
/// schedule). Each block keeps its normalized input, 1/rms, relu(pre-activation) and its
/// square for backward; frozen blocks use only the shared scratch.
final class Workspace: @unchecked Sendable {
    let rows: Int
    let stream: FloatBuffer  // residual stream x, updated in place block by block
    let normed: [FloatBuffer]  // per block: rmsnorm(x_i)
    let invS: [FloatBuffer]  // per block: 1/rms of each row
    let relu: [FloatBuffer]  // per block: relu(x_i W1ᵀ)
    let squared: [FloatBuffer]  // per block: relu(x_i W1ᵀ)², the input of W2
    let hiddenScratch: FloatBuffer  // frozen blocks' activations; gradients in backward
    let headNormed: FloatBuffer
    let headInvS: FloatBuffer
    let output: FloatBuffer  // y
    let outputGrad: FloatBuffer  // dL/dy
    let streamGrad: FloatBuffer  // dL/dx_i, walking down
    let normedGrad: FloatBuffer  // dL/d rmsnorm(x_i)

    init(rows: Int, dmodel d: Int, hidden h: Int, nLayers: Int) {
        self.rows = rows
        stream = FloatBuffer(count: rows * d)
        normed = (0..<nLayers).map { _ in FloatBuffer(count: rows * d) }
        invS = (0..<nLayers).map { _ in FloatBuffer(count: rows) }
        relu = (0..<nLayers).map { _ in FloatBuffer(count: rows * h) }
        squared = (0..<nLayers).map { _ in FloatBuffer(count: rows * h) }
        hiddenScratch = FloatBuffer(count: rows * h)
        headNormed = FloatBuffer(count: rows * d)
        headInvS = FloatBuffer(count: rows)
        output = FloatBuffer(count: rows * d)
        outputGrad = FloatBuffer(count: rows * d)
        streamGrad = FloatBuffer(count: rows * d)
        normedGrad = FloatBuffer(count: rows * d)
    }
}
