package struct FreezeEvent: Sendable, Equatable {
    package var step: Int
    package var freezeEnabled: Bool
    package var trigger: FreezeTrigger

    package init(step: Int, freezeEnabled: Bool, trigger: FreezeTrigger) {
        self.step = step
        self.freezeEnabled = freezeEnabled
        self.trigger = trigger
    }
}
