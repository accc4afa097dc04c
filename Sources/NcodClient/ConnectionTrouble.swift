import NcodCore

/// Why the master could not be reached, in plain words for people, from the network library's own text (which names types such as
/// `handshakeFailed(NIOSSL.BoringSSLError…)` or `SingleConnectionFailure(…)` that mean nothing to them).
public enum ConnectionTrouble {
    /// Plain words for `technical`, the text ``APIError/unreachable(_:)`` carries.
    public static func words(_ technical: String) -> Message {
        let text = technical.lowercased()
        if ["handshake", "nio ssl", "niossl", "boringssl", "certificate", "tls"].contains(where: text.contains) {
            return Message(
                "the master's certificate is not one the CA file trusts, or TLS failed; check --ca and the master's address",
                zh: "服务器证书不受 CA 文件信任，或 TLS 握手失败；请检查 --ca 和服务器地址")
        }
        if ["refused", "econnrefused", "connection reset", "singleconnectionfailure", "connecttimeout", "connect timeout"].contains(
            where: text.contains)
        {
            return Message(
                "nothing answers at the master's address; is the master running, and is the address right?",
                zh: "服务器地址无人应答；请确认服务器正在运行且地址正确")
        }
        if ["resolution", "resolve", "getaddrinfo", "unknown host", "name or service"].contains(where: text.contains) {
            return Message("the master's host name cannot be found; check the address", zh: "找不到服务器的主机名；请检查地址")
        }
        if ["timeout", "timed out", "deadline"].contains(where: text.contains) {
            return Message("the master did not answer in time; the network may be slow or down", zh: "服务器未能及时应答；网络可能较慢或已断开")
        }
        if text.contains("event stream") {
            return Message("the live updates from the master stopped; reconnecting", zh: "来自服务器的实时更新已中断，正在重连")
        }
        return Message("the network connection to the master failed", zh: "与服务器的网络连接失败")
    }
}
