extension ProgressEvent {
    /// The event of job `state`, as both executors report it.
    init(
        _ kind: Kind, _ state: JobState, label: JobLabel, device: String?, reason: String?, seconds: Double?
    ) {
        self.init(
            kind: kind, jobID: state.job.id, label: label.text(state.job), device: device, reason: reason,
            seconds: seconds, attempt: state.attempt)
    }
}
