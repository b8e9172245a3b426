/// How the dynamic schedule's final recovery raises the active layers.
public enum RecoveryMode: String, Sendable, Codable, CaseIterable {
    case full
    case staged
}
