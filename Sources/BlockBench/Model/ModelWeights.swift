/// The weights of the residual MLP stack: per block W1 (hidden×dmodel) and W2 (dmodel×hidden),
/// then the head H (dmodel×dmodel). Row-major, no biases.
package final class ModelWeights: @unchecked Sendable {
    package let dmodel: Int
    package let hidden: Int
    package let w1: [FloatBuffer]
    package let w2: [FloatBuffer]
    package let head: FloatBuffer

    package var nLayers: Int { w1.count }

    package init(dmodel: Int, hidden: Int, nLayers: Int) {
        self.dmodel = dmodel
        self.hidden = hidden
        w1 = (0..<nLayers).map { _ in FloatBuffer(count: hidden * dmodel) }
        w2 = (0..<nLayers).map { _ in FloatBuffer(count: dmodel * hidden) }
        head = FloatBuffer(count: dmodel * dmodel)
    }

    /// Every tensor in a fixed order: block 0's W1, W2, block 1's …, then the head.
    package var tensors: [FloatBuffer] {
        var all: [FloatBuffer] = []
        for i in 0..<nLayers {
            all.append(w1[i])
            all.append(w2[i])
        }
        all.append(head)
        return all
    }

    /// PyTorch's Linear default: uniform in ±1/sqrt(fan_in).
    package static func initialized(dmodel: Int, hidden: Int, nLayers: Int, random: inout RandomStream) -> ModelWeights
    {
        let model = ModelWeights(dmodel: dmodel, hidden: hidden, nLayers: nLayers)
        for i in 0..<nLayers {
            random.fillUniform(model.w1[i], bound: 1 / Float(dmodel).squareRoot())
            random.fillUniform(model.w2[i], bound: 1 / Float(hidden).squareRoot())
        }
        random.fillUniform(model.head, bound: 1 / Float(dmodel).squareRoot())
        return model
    }

    /// A copy with `std`·N(0,1) added to every weight: the student of this teacher.
    package func perturbed(std: Float, random: inout RandomStream) -> ModelWeights {
        let copy = self.copy()
        for tensor in copy.tensors {
            for j in 0..<tensor.count { tensor.pointer[j] += std * Float(random.normal()) }
        }
        return copy
    }

    package func copy() -> ModelWeights {
        let model = ModelWeights(dmodel: dmodel, hidden: hidden, nLayers: nLayers)
        for (dst, src) in zip(model.tensors, tensors) { dst.copy(from: src) }
        return model
    }
}
