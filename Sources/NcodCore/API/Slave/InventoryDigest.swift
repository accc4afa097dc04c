/// A short fingerprint of the devices of a report, as the slave sent them: the master records it with each full report it
/// accepts (``ReportReceipt/inventoryDigest``), and a slave whose devices have not changed since then sends an
/// ``UnchangedReport`` naming it down its link instead of the whole list.
///
/// 64-bit FNV-1a over every field of every device, each string preceded by its length so that no two lists read alike, in the
/// report's order. It tells reports of one slave apart, nothing more: the slave is authenticated, and a slave that named
/// another report's digest would only keep its own inventory stale.
public enum InventoryDigest {
    /// The digest of `devices`: 16 lower-case hex digits.
    public static func of(_ devices: [USBDeviceInfo]) -> String {
        var hash = FNV()
        hash.add(devices.count)
        for device in devices {
            hash.add(Int(device.vendorID))
            hash.add(Int(device.productID))
            hash.add(device.manufacturer)
            hash.add(device.product)
            hash.add(device.serial)
            hash.add(device.bus)
            hash.add(device.portPath)
            hash.add(Int(device.deviceClass))
            hash.add(device.speed)
            hash.add(device.vhAddress)
        }
        let hex = String(hash.value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// 64-bit FNV-1a.
    private struct FNV {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325

        mutating func byte(_ byte: UInt8) {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }

        mutating func add(_ number: Int) {
            var rest = UInt64(bitPattern: Int64(number))
            for _ in 0..<8 {
                byte(UInt8(truncatingIfNeeded: rest))
                rest >>= 8
            }
        }

        /// A missing string reads as -1, a present one as its length in bytes and then its bytes.
        mutating func add(_ text: String?) {
            guard let text else { return add(-1) }
            add(text.utf8.count)
            for unit in text.utf8 { byte(unit) }
        }
    }
}
