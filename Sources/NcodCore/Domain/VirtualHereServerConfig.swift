/// The VirtualHere server's `config.ini`, edited the way its documentation asks (reference §8.3): plain `Key=value` lines,
/// keys compared case-insensitively, and every line ncod does not own, `License=` above all, kept byte for byte in place.
public struct VirtualHereServerConfig: Equatable, Sendable {
    /// The file's lines, without their line ends.
    public private(set) var lines: [String]

    /// The keys ncod owns and rewrites; everything else belongs to the administrator or to the server itself.
    public static let ownedKeys = ["ServerName", "Hostname", "ClientAuthorization", "onBind", "onUnbind"]

    /// Parses file text (an empty or missing file is an empty config).
    public init(text: String) {
        // Split on any line end: Swift treats "\r\n" as one Character, so a plain "\n" split would miss Windows files.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
    }

    /// The file text, each line ending in a newline.
    public var text: String { lines.map { $0 + "\n" }.joined() }

    /// The value of `key` (case-insensitive), from its first line.
    public func value(_ key: String) -> String? {
        for line in lines {
            if let (name, value) = Self.split(line), name.lowercased() == key.lowercased() { return value }
        }
        return nil
    }

    /// Sets `key` to `value`: the first line with that key (any case) is rewritten in place with ncod's spelling of the key,
    /// later duplicates are removed, and a missing key is appended.
    public mutating func set(_ key: String, to value: String) {
        var replaced = false
        var result: [String] = []
        for line in lines {
            guard let (name, _) = Self.split(line), name.lowercased() == key.lowercased() else {
                result.append(line)
                continue
            }
            if !replaced {
                result.append("\(key)=\(value)")
                replaced = true
            }
        }
        if !replaced { result.append("\(key)=\(value)") }
        lines = result
    }

    /// `Key=value` split at the first `=`, or `nil` for blank lines, comments (`#`, `;`) and section headers.
    static func split(_ line: String) -> (String, String)? {
        let trimmed = line.trimmingLeadingSpaces()
        guard let equals = trimmed.firstIndex(of: "="), !trimmed.hasPrefix("#"), !trimmed.hasPrefix(";"), !trimmed.hasPrefix("[") else { return nil }
        let key = String(trimmed[..<equals]).trimmingTrailingSpaces()
        return key.isEmpty ? nil : (key, String(trimmed[trimmed.index(after: equals)...]))
    }

    /// The lines ncod writes for a server advertising `hostname`, calling the daemon at `daemonPath` for its hooks.
    ///
    /// The ClientAuthorization line passes the variables in the order the reference documents (§8.6);
    /// onBind and onUnbind report real binds to the master so that a bind without a lease is caught.
    public static func ownedValues(serverName: String, hostname: String, daemonPath: String, stateDirectory: String? = nil) -> [(String, String)] {
        let state = stateDirectory.map { " --state-dir \($0)" } ?? ""
        let authorize = [
            "$VENDOR_ID$", "$PRODUCT_ID$", "$CLIENT_ID$", "$CLIENT_IP$", "$PRODUCT_SERIAL$", "$PASSWORD$", "$DEVPATH$", "$NICKNAME$",
            "$NUM_BINDINGS$",
        ].map { "\"\($0)\"" }.joined(separator: " ")
        let hook = ["$ADDRESS$", "$VENDOR_ID$", "$PRODUCT_ID$", "$DEVPATH$", "$CLIENT_ID$", "$CLIENT_IP$"].map { "\"\($0)\"" }.joined(separator: " ")
        return [
            ("ServerName", serverName),
            ("Hostname", hostname),
            ("ClientAuthorization", "\(daemonPath) authorize\(state) \(authorize)"),
            ("onBind", "\(daemonPath) hook bind\(state) \(hook)"),
            ("onUnbind", "\(daemonPath) hook unbind\(state) \(hook)"),
        ]
    }
}

extension String {
    fileprivate func trimmingLeadingSpaces() -> String { String(drop { $0 == " " || $0 == "\t" }) }
    fileprivate func trimmingTrailingSpaces() -> String { String(reversed().drop { $0 == " " || $0 == "\t" }.reversed()) }
}
