#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One request an administrator decides on: a new person with the computer they asked from, a known person's new computer, a
/// computer presenting a new key, or (registered on the web) a person who has not used a computer yet.
public struct JoinRequest: Codable, Hashable, Sendable, Identifiable {
    /// The computer of a request.
    public struct Computer: Codable, Hashable, Sendable {
        /// Its bindings (one per MAC address).
        public var bindingIDs: [UUID]
        /// Its host name.
        public var hostname: String?
        /// Its physical MAC addresses.
        public var macs: [MACAddress]
        /// Its key's fingerprint (``ComputerKey/fingerprint(_:)``); `nil` from a client without a key.
        public var fingerprint: String?
        /// An approved computer presenting this new key (reinstalled, or its address copied).
        public var newKey: Bool
        /// Where its bindings stand.
        public var status: MachineBinding.Status

        /// Creates a computer.
        public init(
            bindingIDs: [UUID], hostname: String?, macs: [MACAddress], fingerprint: String?, newKey: Bool, status: MachineBinding.Status
        ) {
            self.bindingIDs = bindingIDs
            self.hostname = hostname
            self.macs = macs
            self.fingerprint = fingerprint
            self.newKey = newKey
            self.status = status
        }
    }

    /// The request's identifier: its first binding's, or the person's when no computer asked yet.
    public var id: UUID
    /// The person; `pending` when new.
    public var person: UserProfile
    /// The computer, when one asked.
    public var computer: Computer?
    /// When the request was made.
    public var requestedAt: Date

    /// Whether the person is new (their account waits too).
    public var isNewPerson: Bool { person.status == .pending }

    /// Creates a request.
    public init(id: UUID, person: UserProfile, computer: Computer?, requestedAt: Date) {
        self.id = id
        self.person = person
        self.computer = computer
        self.requestedAt = requestedAt
    }
}
