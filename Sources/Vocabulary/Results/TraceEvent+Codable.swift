import Foundation

extension TraceEvent: Codable {
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        let step = try c.decodeIfPresent(Int.self, forKey: AnyKey("step")) ?? -1
        if c.contains(AnyKey("probe")) {
            self = .probe(
                ProbeEvent(
                    step: step,
                    freezeEnabled: try c.decodeIfPresent(Bool.self, forKey: AnyKey("freeze_enabled")) ?? false,
                    probeLoss: try c.decodeIfPresent(Double.self, forKey: AnyKey("probe_loss")),
                    bestProbeLoss: try c.decodeIfPresent(Double.self, forKey: AnyKey("best_probe_loss")),
                    probeLossEmaPrev: try c.decodeIfPresent(Double.self, forKey: AnyKey("probe_loss_ema_prev")),
                    probeLossEma: try c.decodeIfPresent(Double.self, forKey: AnyKey("probe_loss_ema")),
                    activeBudget: try c.decodeIfPresent(Int.self, forKey: AnyKey("active_budget")) ?? 0,
                    activeStartNext: try c.decodeIfPresent(Int.self, forKey: AnyKey("active_start_next")) ?? 0,
                    activeLayersNext: try c.decodeIfPresent(Int.self, forKey: AnyKey("active_layers_next")) ?? 0,
                    emaScores: try c.decodeIfPresent([Double?].self, forKey: AnyKey("ema_scores")) ?? []))
        } else if c.contains(AnyKey("freeze_trigger")) {
            self = .freeze(
                FreezeEvent(
                    step: step,
                    freezeEnabled: try c.decodeIfPresent(Bool.self, forKey: AnyKey("freeze_enabled")) ?? true,
                    trigger: try c.decode(FreezeTrigger.self, forKey: AnyKey("freeze_trigger"))))
        } else {
            self = .recovery(
                RecoveryEvent(
                    step: step,
                    mode: try c.decodeIfPresent(RecoveryMode.self, forKey: AnyKey("final_recovery_mode")) ?? .full,
                    stage: try c.decodeIfPresent(String.self, forKey: AnyKey("final_recovery_stage")) ?? "full",
                    progress: try c.decodeIfPresent(Double.self, forKey: AnyKey("final_recovery_progress")) ?? 0,
                    activeLayers: try c.decodeIfPresent(Int.self, forKey: AnyKey("final_recovery_active_layers")) ?? 0))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        try c.encode(step, forKey: AnyKey("step"))
        switch self {
        case .probe(let e):
            try c.encode(true, forKey: AnyKey("probe"))
            try c.encode(e.freezeEnabled, forKey: AnyKey("freeze_enabled"))
            try c.encodeFinite(e.probeLoss, forKey: AnyKey("probe_loss"))
            try c.encodeFinite(e.bestProbeLoss, forKey: AnyKey("best_probe_loss"))
            try c.encodeFinite(e.probeLossEmaPrev, forKey: AnyKey("probe_loss_ema_prev"))
            try c.encodeFinite(e.probeLossEma, forKey: AnyKey("probe_loss_ema"))
            try c.encode(e.activeBudget, forKey: AnyKey("active_budget"))
            try c.encode(e.activeStartNext, forKey: AnyKey("active_start_next"))
            try c.encode(e.activeLayersNext, forKey: AnyKey("active_layers_next"))
            try c.encodeFinite(e.emaScores, forKey: AnyKey("ema_scores"))
        case .freeze(let e):
            try c.encode(e.freezeEnabled, forKey: AnyKey("freeze_enabled"))
            try c.encode(e.trigger, forKey: AnyKey("freeze_trigger"))
        case .recovery(let e):
            try c.encode(e.mode, forKey: AnyKey("final_recovery_mode"))
            try c.encode(e.stage, forKey: AnyKey("final_recovery_stage"))
            try c.encodeFinite(e.progress, forKey: AnyKey("final_recovery_progress"))
            try c.encode(e.activeLayers, forKey: AnyKey("final_recovery_active_layers"))
        }
    }
}

extension FreezeTrigger: Codable {
    enum CodingKeys: String, CodingKey {
        case reachedStart = "reached_start", stableOk = "stable_ok", prevMean = "prev_mean"
        case currMean = "curr_mean", relChange = "rel_change", cv, window
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        reachedStart = try c.decodeIfPresent(Bool.self, forKey: .reachedStart) ?? true
        stableOk = try c.decodeIfPresent(Bool.self, forKey: .stableOk) ?? false
        prevMean = try c.decodeIfPresent(Double.self, forKey: .prevMean)
        currMean = try c.decodeIfPresent(Double.self, forKey: .currMean)
        relChange = try c.decodeIfPresent(Double.self, forKey: .relChange)
        cv = try c.decodeIfPresent(Double.self, forKey: .cv)
        window = try c.decodeIfPresent(Int.self, forKey: .window)
    }

    /// Every key of the reference's layout is written, null where the test could not run.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(reachedStart, forKey: .reachedStart)
        try c.encode(stableOk, forKey: .stableOk)
        try c.encodeFinite(prevMean, forKey: .prevMean)
        try c.encodeFinite(currMean, forKey: .currMean)
        try c.encodeFinite(relChange, forKey: .relChange)
        try c.encodeFinite(cv, forKey: .cv)
        try c.encodeIfPresent(window, forKey: .window)
    }
}
