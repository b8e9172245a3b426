/// How the dynamic schedule's final recovery raises the active layers.
package enum RecoveryMode: String, Sendable, Codable, CaseIterable {
    case full
    case staged
}
