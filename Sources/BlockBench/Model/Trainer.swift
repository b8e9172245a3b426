import Vocabulary

/// Trains one student: forward through all blocks, backward and AdamW only for the active
/// suffix (blocks activeStart..<N) and the head. Frozen blocks keep nothing for backward and
/// get no gradient, which is where a suffix schedule saves its time.
package final class Trainer: @unchecked Sendable {
    package let model: ModelWeights
    let grads: ModelWeights
    let optimizer: [AdamWState]
    let workspace: Workspace
    let parallel: Parallel
    let settings: AdamWSettings

    package var nLayers: Int { model.nLayers }

    package init(model: ModelWeights, rows: Int, settings: AdamWSettings, threads: Int) {
        self.model = model
        grads = ModelWeights(dmodel: model.dmodel, hidden: model.hidden, nLayers: model.nLayers)
        optimizer = model.tensors.map { AdamWState(count: $0.count) }
        workspace = Workspace(rows: rows, dmodel: model.dmodel, hidden: model.hidden, nLayers: model.nLayers)
        parallel = Parallel(threads: threads)
        self.settings = settings
    }

    /// One optimizer step on (input, target); returns the loss before the update and, when a
    /// metric is given, each block's relevance from this step's gradients.
    package func trainStep(
        input: FloatBuffer, target: FloatBuffer, activeStart: Int,
        relevance metric: RelevanceMetric? = nil, relevanceEps: Double = 1e-8
    )
        -> (loss: Double, relevance: [Double]?)
    {
        var scores: [Double]? = metric.map { _ in Array(repeating: 0, count: nLayers) }
        let loss = trainStep(input: input, target: target, activeStart: activeStart) { block in
            if let metric {
                scores![block] = self.relevanceStatistics(block: block, metric: metric).score(
                    metric, eps: relevanceEps)!
            }
        }
        return (loss, scores)
    }

    /// One optimizer step; `beforeUpdate` hears each block index once its gradients are
    /// complete, before its weights change (a baseline records relevance statistics there).
    package func trainStep(
        input: FloatBuffer, target: FloatBuffer, activeStart: Int, beforeUpdate: (Int) -> Void
    ) -> Double {
        computeGradients(input: input, target: target, activeStart: activeStart) { tensorGroup in
            if tensorGroup < self.nLayers { beforeUpdate(tensorGroup) }
            self.update(tensorGroup)
        }
    }

    /// The trainer's weights, moments and step counts (prefix forking).
    package func snapshot(step: Int) -> TrainingSnapshot {
        TrainingSnapshot(
            step: step, weights: model.tensors.map(\.array), firstMoments: optimizer.map(\.m.array),
            secondMoments: optimizer.map(\.v.array), adamSteps: optimizer.map(\.step))
    }

    /// Loads a snapshot taken from a trainer of the same model.
    package func restore(_ snapshot: TrainingSnapshot) {
        let tensors = model.tensors
        precondition(snapshot.tensorCounts == tensors.map(\.count), "the snapshot fits this model")
        for (k, tensor) in tensors.enumerated() {
            for j in 0..<tensor.count { tensor.pointer[j] = snapshot.weights[k][j] }
            optimizer[k].restore(m: snapshot.firstMoments[k], v: snapshot.secondMoments[k], step: snapshot.adamSteps[k])
        }
    }

    /// Forward and backward; the head's and the suffix's gradients land in `grads`. `finished`
    /// hears each block index (the head as nLayers) once its gradients are complete and its
    /// weights no longer needed by the backward pass: updating it there, while its data is
    /// still in cache, gives exactly the same result as updating everything at the end.
    func computeGradients(
        input: FloatBuffer, target: FloatBuffer, activeStart: Int,
        finished: (Int) -> Void = { _ in }
    ) -> Double {
        precondition(activeStart >= 0 && activeStart < nLayers, "at least one block trains")
        Self.forward(model, input: input, workspace: workspace, parallel: parallel, keepFrom: activeStart)
        let loss = meanSquaredError(target: target, writeGradient: true)
        backward(activeStart: activeStart, finished: finished)
        return loss
    }

    /// Mean squared error of the current weights on (input, target), without training.
    package func evaluate(input: FloatBuffer, target: FloatBuffer) -> Double {
        Self.forward(model, input: input, workspace: workspace, parallel: parallel, keepFrom: nLayers)
        return meanSquaredError(target: target, writeGradient: false)
    }

    /// Forward pass of `weights` on `input`; y lands in workspace.output. Blocks from `keepFrom`
    /// on keep relu(pre-activation) for backward.
    static func forward(
        _ weights: ModelWeights, input: FloatBuffer, workspace ws: Workspace,
        parallel: Parallel, keepFrom: Int
    ) {
        let t = ws.rows
        let d = weights.dmodel
        let h = weights.hidden
        let x = ws.stream.pointer
        x.update(from: input.pointer, count: t * d)
        let scratch = ws.hiddenScratch.pointer
        for i in 0..<weights.nLayers {
            let normed = ws.normed[i].pointer
            let invS = ws.invS[i].pointer
            parallel.chunks(count: t, work: t * d) { rows in
                Kernels.rmsNormForward(x, out: normed, invS: invS, rows: rows, width: d)
            }
            Gemm.nt(normed, weights.w1[i].pointer, scratch, m: t, n: h, k: d)
            var activation = scratch
            if i >= keepFrom {
                let relu = ws.relu[i].pointer
                let squared = ws.squared[i].pointer
                activation = squared
                parallel.chunks(count: t * h, work: t * h) {
                    Kernels.reluSquareKeeping(scratch, relu: relu, squared: squared, range: $0)
                }
            } else {
                parallel.chunks(count: t * h, work: t * h) { Kernels.reluSquare(scratch, range: $0) }
            }
            Gemm.nt(activation, weights.w2[i].pointer, x, m: t, n: d, k: h, beta: 1)
        }
        let headNormed = ws.headNormed.pointer
        let headInvS = ws.headInvS.pointer
        parallel.chunks(count: t, work: t * d) { rows in
            Kernels.rmsNormForward(x, out: headNormed, invS: headInvS, rows: rows, width: d)
        }
        Gemm.nt(headNormed, weights.head.pointer, ws.output.pointer, m: t, n: d, k: d)
    }

    private func meanSquaredError(target: FloatBuffer, writeGradient: Bool) -> Double {
        let n = workspace.rows * model.dmodel
        let y = workspace.output.pointer
        let t = target.pointer
        let g: UnsafeMutablePointer<Float>? = writeGradient ? workspace.outputGrad.pointer : nil
        let total = parallel.sum(count: n, work: n) { range in
            Kernels.squaredErrorAndGradient(y, target: t, grad: g, count: n, range: range)
        }
        return total / Double(n)
    }

    private func backward(activeStart a: Int, finished: (Int) -> Void) {
        let ws = workspace
        let t = ws.rows
        let d = model.dmodel
        let h = model.hidden
        let dy = ws.outputGrad.pointer
        let g = ws.streamGrad.pointer
        let dn = ws.normedGrad.pointer
        // Head: dH = dyᵀ·n, then dL/dx_N through the head's rmsnorm.
        Gemm.tn(dy, ws.headNormed.pointer, grads.head.pointer, m: d, n: d, k: t)
        Gemm.nn(dy, model.head.pointer, dn, m: t, n: d, k: d)
        let headNormed = ws.headNormed.pointer
        let headInvS = ws.headInvS.pointer
        finished(nLayers)
        parallel.chunks(count: t, work: t * d) { rows in
            Kernels.rmsNormBackward(
                dn, normed: headNormed, invS: headInvS, dx: g, rows: rows, width: d,
                accumulate: false)
        }
        let scratch = ws.hiddenScratch.pointer
        for i in stride(from: nLayers - 1, through: a, by: -1) {
            let relu = ws.relu[i].pointer
            let normed = ws.normed[i].pointer
            let invS = ws.invS[i].pointer
            Gemm.tn(g, ws.squared[i].pointer, grads.w2[i].pointer, m: d, n: h, k: t)  // dW2 = gᵀ·relu²
            Gemm.nn(g, model.w2[i].pointer, scratch, m: t, n: h, k: d)  // d relu² = g·W2
            parallel.chunks(count: t * h, work: t * h) { Kernels.reluSquareBackward(scratch, relu: relu, range: $0) }
            Gemm.tn(scratch, normed, grads.w1[i].pointer, m: h, n: d, k: t)  // dW1 = daᵀ·n
            // Backward stops at the lowest active block's input: nothing below needs it.
            if i > a {
                Gemm.nn(scratch, model.w1[i].pointer, dn, m: t, n: d, k: h)  // dn = da·W1
            }
            finished(i)
            if i > a {
                parallel.chunks(count: t, work: t * d) { rows in
                    Kernels.rmsNormBackward(
                        dn, normed: normed, invS: invS, dx: g, rows: rows, width: d,
                        accumulate: true)
                }
            }
        }
    }

    /// AdamW on one block's two matrices, or on the head when `group` is nLayers.
    private func update(_ group: Int) {
        if group == nLayers {
            optimizer[2 * nLayers].update(param: model.head, grad: grads.head, settings: settings, parallel: parallel)
        } else {
            optimizer[2 * group].update(
                param: model.w1[group], grad: grads.w1[group], settings: settings, parallel: parallel)
            optimizer[2 * group + 1].update(
                param: model.w2[group], grad: grads.w2[group], settings: settings,
                parallel: parallel)
        }
    }

    /// Per block, from this step's gradients (every block is active on a probe step):
    /// grad_ratio = ‖g‖₂ / (‖w‖₂ + eps), saliency_abs_gp = Σ|g·w|, over both matrices.
    func relevance(_ metric: RelevanceMetric, block i: Int, eps: Double) -> Double {
        relevanceStatistics(block: i, metric: metric).score(metric, eps: eps)!
    }

    /// Block i's relevance statistics from the gradients now in `grads`: what `metric` needs,
    /// or everything when it is nil (a baseline recording for dependents of either metric).
    package func relevanceStatistics(block i: Int, metric: RelevanceMetric? = nil) -> BlockRelevance {
        let pairs = [(grads.w1[i], model.w1[i]), (grads.w2[i], model.w2[i])]
        var stats = BlockRelevance(gradSquares: nil, weightSquares: nil, absProduct: nil)
        if metric != .saliencyAbsGP {
            var gg = 0.0
            var ww = 0.0
            for (g, w) in pairs {
                gg += parallel.sum(count: g.count, work: g.count) { Kernels.sumSquares(g.pointer, range: $0) }
                ww += parallel.sum(count: w.count, work: w.count) { Kernels.sumSquares(w.pointer, range: $0) }
            }
            stats.gradSquares = gg
            stats.weightSquares = ww
        }
        if metric != .gradRatio {
            var total = 0.0
            for (g, w) in pairs {
                total += parallel.sum(count: g.count, work: g.count) {
                    Kernels.sumAbsProduct(g.pointer, w.pointer, range: $0)
                }
            }
            stats.absProduct = total
        }
        return stats
    }
}
