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
        // Keys are computed once per device, not once per comparison: lower-casing inside the comparator dominated at 10,000 devices.
        let keyed = matching.map { view in (view: view, name: name(view).lowercased(), rank: rank(view)) }
        return keyed.sorted { left, right in
            if left.view.slaveName != right.view.slaveName { return left.view.slaveName < right.view.slaveName }
            switch sort {
            case .name:
                return (left.name, left.view.device.vhAddress) < (right.name, right.view.device.vhAddress)
            case .status:
                return (left.rank, left.name) < (right.rank, right.name)
            case .address:
                return left.view.device.vhAddress < right.view.device.vhAddress
            }
        }.map(\.view)
    }

    /// free 0, mine 1, in use 2, offline 3.
    static func rank(_ view: DeviceView) -> Int {
        if !view.online { return 3 }
        if view.heldByMe { return 1 }
        return view.heldBy == nil ? 0 : 2
    }
}
