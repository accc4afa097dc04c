import Foundation

/// What a question on screen is for: the section that asked says, with `answer`, what the typed or chosen answer does.
///
/// Two intents are the same when their names and subjects are; the answer is not compared.
public struct AdminIntent: Equatable, Sendable {
    /// What is asked, for tests and logs (`renameSlave`).
    public let name: String
    /// What it is asked about.
    public let subject: UUID?
    /// Turns the answer (the text typed, the option's value, or "" for yes) into effects.
    let answer: @Sendable (String, inout AdminState) -> [AdminEffect]

    /// An intent named `name` about `subject`, answered by `answer`.
    init(_ name: String, _ subject: UUID? = nil, answer: @escaping @Sendable (String, inout AdminState) -> [AdminEffect]) {
        self.name = name
        self.subject = subject
        self.answer = answer
    }

    /// Same name, same subject.
    public static func == (lhs: AdminIntent, rhs: AdminIntent) -> Bool { lhs.name == rhs.name && lhs.subject == rhs.subject }
}
