import Foundation

extension ScheduleResult: Codable {
    enum CodingKeys: String, CodingKey {
        case schedule, stepsExecuted = "steps_executed", elapsedMs = "elapsed_ms"
        case finalValLoss = "final_val_loss", trainLossStart = "train_loss_start"
        case trainLossEnd = "train_loss_end", meanStepMs = "mean_step_ms", p50StepMs = "p50_step_ms"
        case p90StepMs = "p90_step_ms", speedupVsFull = "speedup_vs_full"
        case activeLayersMean = "active_layers_mean", activeLayersMin = "active_layers_min"
        case activeLayersMax = "active_layers_max", probeStepCount = "probe_step_count", notes
        case modelledElapsedMs = "modelled_elapsed_ms", modelledMeanStepMs = "modelled_mean_step_ms"
        case speedupVsFullModelled = "speedup_vs_full_modelled"
        case modelledHalfwidth = "modelled_halfwidth", budgetLossHalfwidth = "budget_loss_halfwidth"
        case forkedFrom = "forked_from"
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schedule = try c.decode(Schedule.self, forKey: .schedule)
        stepsExecuted = try c.decodeIfPresent(Int.self, forKey: .stepsExecuted)
        elapsedMs = try c.decodeIfPresent(Double.self, forKey: .elapsedMs)
        finalValLoss = try c.decodeIfPresent(Double.self, forKey: .finalValLoss)
        trainLossStart = try c.decodeIfPresent(Double.self, forKey: .trainLossStart)
        trainLossEnd = try c.decodeIfPresent(Double.self, forKey: .trainLossEnd)
        meanStepMs = try c.decodeIfPresent(Double.self, forKey: .meanStepMs)
        p50StepMs = try c.decodeIfPresent(Double.self, forKey: .p50StepMs)
        p90StepMs = try c.decodeIfPresent(Double.self, forKey: .p90StepMs)
        speedupVsFull = try c.decodeIfPresent(Double.self, forKey: .speedupVsFull)
        activeLayersMean = try c.decodeIfPresent(Double.self, forKey: .activeLayersMean)
        activeLayersMin = try c.decodeIfPresent(Int.self, forKey: .activeLayersMin)
        activeLayersMax = try c.decodeIfPresent(Int.self, forKey: .activeLayersMax)
        probeStepCount = try c.decodeIfPresent(Int.self, forKey: .probeStepCount)
        notes = try c.decodeIfPresent(String.self, forKey: .notes) ?? ""
        modelledElapsedMs = try c.decodeIfPresent(Double.self, forKey: .modelledElapsedMs)
        modelledMeanStepMs = try c.decodeIfPresent(Double.self, forKey: .modelledMeanStepMs)
        speedupVsFullModelled = try c.decodeIfPresent(Double.self, forKey: .speedupVsFullModelled)
        modelledHalfwidth = try c.decodeIfPresent(Double.self, forKey: .modelledHalfwidth)
        budgetLossHalfwidth = try c.decodeIfPresent(Double.self, forKey: .budgetLossHalfwidth)
        forkedFrom = try c.decodeIfPresent(ForkOrigin.self, forKey: .forkedFrom)
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schedule, forKey: .schedule)
        try c.encodeIfPresent(stepsExecuted, forKey: .stepsExecuted)
        try c.encodeFinite(elapsedMs, forKey: .elapsedMs)
        try c.encodeFinite(finalValLoss, forKey: .finalValLoss)
        try c.encodeFinite(trainLossStart, forKey: .trainLossStart)
        try c.encodeFinite(trainLossEnd, forKey: .trainLossEnd)
        try c.encodeFinite(meanStepMs, forKey: .meanStepMs)
        try c.encodeFinite(p50StepMs, forKey: .p50StepMs)
        try c.encodeFinite(p90StepMs, forKey: .p90StepMs)
        try c.encodeFinite(speedupVsFull, forKey: .speedupVsFull)
        try c.encodeFinite(activeLayersMean, forKey: .activeLayersMean)
        try c.encodeIfPresent(activeLayersMin, forKey: .activeLayersMin)
        try c.encodeIfPresent(activeLayersMax, forKey: .activeLayersMax)
        try c.encodeIfPresent(probeStepCount, forKey: .probeStepCount)
        try c.encode(notes, forKey: .notes)
        // Absent without a calibration, so such results read exactly as before.
        if modelledElapsedMs != nil || modelledMeanStepMs != nil {
            try c.encodeFinite(modelledElapsedMs, forKey: .modelledElapsedMs)
            try c.encodeFinite(modelledMeanStepMs, forKey: .modelledMeanStepMs)
            try c.encodeFinite(speedupVsFullModelled, forKey: .speedupVsFullModelled)
            // Absent where not known (results from before them), never a guessed 0.
            if let modelledHalfwidth { try c.encodeFinite(modelledHalfwidth, forKey: .modelledHalfwidth) }
            if let budgetLossHalfwidth { try c.encodeFinite(budgetLossHalfwidth, forKey: .budgetLossHalfwidth) }
        }
        try c.encodeIfPresent(forkedFrom, forKey: .forkedFrom)
    }
}
