import Foundation

/// A box over the screen that takes the keys until it is answered: a one-line form, a choice, a yes/no question, a notice.
public enum AdminModal: Equatable, Sendable {
    /// Type one line; Enter submits, Esc cancels.
    case input(intent: AdminIntent, title: String, lines: [String], text: String, required: Bool)
    /// Pick one option with ↑↓; Enter submits, Esc cancels.
    case choice(intent: AdminIntent, title: String, options: [Option], index: Int)
    /// `y` acts, `n` or Esc cancels.
    case confirm(intent: AdminIntent, title: String, lines: [String])
    /// Something to read (and copy); any key closes it.
    case notice(title: String, lines: [String])

    /// One option of a choice.
    public struct Option: Equatable, Sendable {
        /// What the choice answers with (an id, a role name…).
        public var value: String
        /// What the administrator sees.
        public var label: String

        /// Creates an option.
        public init(value: String, label: String) {
            self.value = value
            self.label = label
        }
    }
}
