import Vocabulary

/// Chained forking (docs/sweep-file.md, `execution.fork`): a forked dynamic_suffix job forks
/// from an earlier sibling of the same baseline (same point settings and seed) that differs
/// from it in one setting the controller reads only once its freeze gate is open. Until the
/// two first train different blocks they are the same run, which is often far past the gate
/// (with their relevance, the cap of 4 or 6 blocks can pick the same suffix all the way). The
/// job still can fork from the baseline itself: the runner takes whichever record shares more.
enum ForkChains {
    /// Settings that change which blocks train only after the freeze gate opens.
    static let afterGateSettings: [String] = [
        "dyn_max_active_layers", "dyn_min_active_layers", "dyn_relevance_threshold", "dyn_relevance_metric",
        "dyn_ema_decay", "dyn_eps", "dyn_adapt_budget", "dyn_loss_upper", "dyn_loss_lower", "dyn_budget_step_up",
        "dyn_budget_step_down", "dyn_loss_ema_decay", "dyn_final_full_frac", "dyn_final_recovery_mode",
        "dyn_final_recovery_stage1_progress", "dyn_final_recovery_stage2_progress",
        "dyn_final_recovery_stage1_layers", "dyn_final_recovery_stage2_layers"
    ]
    /// Larger plans fork from their baselines only: finding siblings costs a pass over every
    /// job per setting above.
    static let jobLimit = 20_000

    /// Points each forked dynamic_suffix job that has such a sibling at its first one, in plan order.
    static func link(_ jobs: inout [Job]) {
        guard jobs.count <= jobLimit else { return }
        var firstWith: [String: Int] = [:]
        for i in jobs.indices where jobs[i].schedule?.kind.forking == .dependent && jobs[i].forkFrom != nil {
            let keys = afterGateSettings.map { signature(jobs[i], leavingOut: $0) }
            let source = keys.lazy.compactMap { firstWith[$0] }.first
            for key in keys where firstWith[key] == nil { firstWith[key] = i }
            if let source { jobs[i].forkFrom = jobs[source].id }
        }
    }

    /// The job's source (its baseline, the chain's root) and every setting but `name`.
    private static func signature(_ job: Job, leavingOut name: String) -> String {
        var text = "\(job.forkFrom!)\n\(name)\n"
        for key in job.params.keys.sorted() where key != name {
            text += "\(key)=\(JobBuilder.canonical(job.params[key]!))\n"
        }
        return text
    }
}
