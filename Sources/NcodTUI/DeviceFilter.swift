import NcodCore

/// Search, filters and order of the device list: pure, so it can be measured on 10,000 devices.
public enum DeviceFilter {
    /// The name a device is shown under: its nickname, else its product string, else VID:PID.
    public static func name(_ view: DeviceView) -> String {
        view.device.nickname ?? view.device.product ?? view.device.vidPid
    }

    /// `devices` matching `search` (every word, case-insensitive, in name, product, manufacturer, serial, address, slave or VID:PID)
    /// and the filters, grouped by slave name, ordered by `sort` within each slave.
    public static func apply(_ devices: [DeviceView], search: String, freeOnly: Bool, mineOnly: Bool, sort: TUIState.Sort) -> [DeviceView] {
        let words = search.lowercased().split(separator: " ").map(String.init)
        let matching = devices.filter { view in
            if freeOnly, !view.isFree { return false }
            if mineOnly, !view.heldByMe { return false }
            guard !words.isEmpty else { return true }
            let haystack = [
                name(view), view.device.product ?? "", view.device.manufacturer ?? "", view.device.serial ?? "", view.device.vhAddress,
                view.slaveName,
                view.device.vidPid, view.heldBy ?? "",
            ].joined(separator: " ").lowercased()
            return words.allSatisfy { haystack.contains($0) }
        }
        return matching.sorted { left, right in
            if left.slaveName != right.slaveName { return left.slaveName < right.slaveName }
            switch sort {
            case .name:
                return (name(left).lowercased(), left.device.vhAddress) < (name(right).lowercased(), right.device.vhAddress)
            case .status:
                return (rank(left), name(left).lowercased()) < (rank(right), name(right).lowercased())
            case .address:
                return left.device.vhAddress < right.device.vhAddress
            }
        }
    }

    /// free 0, mine 1, in use 2, offline 3.
    static func rank(_ view: DeviceView) -> Int {
        if !view.online { return 3 }
        if view.heldByMe { return 1 }
        return view.heldBy == nil ? 0 : 2
    }
}
