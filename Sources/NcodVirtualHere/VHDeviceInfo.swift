import Foundation

/// The answer to `DEVICE INFO,<address>` (reference §5.2).
public struct VHDeviceInfo: Hashable, Sendable {
    /// `ADDRESS:`; a reply without it means the device is gone.
    public var address: String
    /// `VENDOR:`.
    public var vendor: String?
    /// `VENDOR ID:` (hex in the text).
    public var vendorID: UInt16?
    /// `PRODUCT:`.
    public var product: String?
    /// `PRODUCT ID:`.
    public var productID: UInt16?
    /// `SERIAL:`.
    public var serial: String?
    /// `NICKNAME:` (only present when set).
    public var nickname: String?
    /// Who holds it, from `IN USE BY:` (`NO ONE`, `YOU`, or a description of another client).
    public var holder: VHClientList.Holder
    /// Every key of the reply, unknown ones included.
    public var fields: [String: String]

    /// Parses a DEVICE INFO reply; `nil` when it names no address (device unknown or offline).
    public init?(parsing text: String) {
        let values = VHKeyValues(parsing: text)
        guard let address = values["ADDRESS"] else { return nil }
        self.address = address
        vendor = values["VENDOR"]
        vendorID = values.hex("VENDOR ID")
        product = values["PRODUCT"]
        productID = values.hex("PRODUCT ID")
        serial = values["SERIAL"]
        nickname = values["NICKNAME"]
        fields = values.values
        switch values["IN USE BY"]?.uppercased() {
        case nil, "NO ONE": holder = .free
        case "YOU": holder = .you
        default:
            let text = values["IN USE BY"] ?? ""
            if let at = text.range(of: " AT ", options: .backwards) ?? text.range(of: " at ", options: .backwards) {
                let ip = text[at.upperBound...].split(separator: " ").first.map(String.init) ?? ""
                holder = .other(client: String(text[..<at.lowerBound]), ip: ip)
            } else {
                holder = .other(client: text, ip: "")
            }
        }
    }
}
