#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What a repository reports when it cannot do what was asked, in words a caller can show.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No `entity` with that identifier or key.
    case notFound(entity: String, key: String)
    /// Another `entity` already has this unique `field` value.
    case duplicate(entity: String, field: String, value: String)
    /// The device already has an active lease (the one given).
    case deviceBusy(activeLease: Lease)
    /// The change would break a rule of the domain (the text says which).
    case invalid(String)
    /// The row is still referred to by others and cannot be removed (the text says by what).
    case inUse(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .notFound(let entity, let key): "no \(entity) \(key)"
        case .duplicate(let entity, let field, let value): "a \(entity) with \(field) '\(value)' already exists"
        case .deviceBusy(let lease): "device \(lease.deviceID) is in use (lease \(lease.id))"
        case .invalid(let text): text
        case .inUse(let text): text
        }
    }
}
