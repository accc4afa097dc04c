import FluentKit

/// Turns a stored string back into one of the domain's enums, failing loudly on a value the code does not know.
func decodeEnum<E: RawRepresentable>(_ raw: String, as type: E.Type = E.self) throws -> E where E.RawValue == String {
    guard let value = E(rawValue: raw) else {
        throw FluentError.invalidField(name: String(describing: E.self), valueType: E.self, error: UnknownStoredValue(raw: raw))
    }
    return value
}

/// A stored enum value this version of ncod does not know.
struct UnknownStoredValue: Error, CustomStringConvertible {
    let raw: String
    var description: String { "unknown stored value '\(raw)'" }
}
