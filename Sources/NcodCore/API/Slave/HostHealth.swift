/// The slave box's health, sent with every report.
public struct HostHealth: Codable, Hashable, Sendable {
    /// Host name.
    public var hostname: String
    /// Operating system (`PRETTY_NAME` of /etc/os-release).
    public var os: String
    /// Kernel release (`uname -r`).
    public var kernel: String
    /// Seconds since boot.
    public var uptimeSeconds: Double
    /// Load averages over 1, 5 and 15 minutes.
    public var load: [Double]
    /// Total memory in bytes.
    public var memoryTotalBytes: UInt64
    /// Available memory in bytes.
    public var memoryAvailableBytes: UInt64
    /// Size of the root file system in bytes.
    public var diskTotalBytes: UInt64
    /// Free bytes on the root file system.
    public var diskAvailableBytes: UInt64
    /// Whether a VirtualHere server process (`vhusbd…`) is running.
    public var virtualHereRunning: Bool
    /// The VirtualHere server configuration file ncod manages.
    public var virtualHereConfigPath: String?
    /// Whether that config holds a licence (`License=`): only a licensed server runs ClientAuthorization.
    public var virtualHereLicensed: Bool?
    /// Whether its ClientAuthorization runs `ncod-slaved authorize`.
    public var virtualHereAuthorizes: Bool?
    /// Whether its onBind / onUnbind run `ncod-slaved hook`.
    public var virtualHereReportsBinds: Bool?

    /// Creates a health record.
    public init(
        hostname: String, os: String, kernel: String, uptimeSeconds: Double, load: [Double], memoryTotalBytes: UInt64,
        memoryAvailableBytes: UInt64, diskTotalBytes: UInt64, diskAvailableBytes: UInt64, virtualHereRunning: Bool,
        virtualHereConfigPath: String?, virtualHereLicensed: Bool? = nil, virtualHereAuthorizes: Bool? = nil, virtualHereReportsBinds: Bool? = nil
    ) {
        self.hostname = hostname
        self.os = os
        self.kernel = kernel
        self.uptimeSeconds = uptimeSeconds
        self.load = load
        self.memoryTotalBytes = memoryTotalBytes
        self.memoryAvailableBytes = memoryAvailableBytes
        self.diskTotalBytes = diskTotalBytes
        self.diskAvailableBytes = diskAvailableBytes
        self.virtualHereRunning = virtualHereRunning
        self.virtualHereConfigPath = virtualHereConfigPath
        self.virtualHereLicensed = virtualHereLicensed
        self.virtualHereAuthorizes = virtualHereAuthorizes
        self.virtualHereReportsBinds = virtualHereReportsBinds
    }

    /// How far ncod can protect this slave's devices: `enforcing` (a licensed server asks ncod before every use),
    /// `detecting` (binds are reported, so a use without a lease is caught afterwards), or `unguarded`.
    public var enforcement: String {
        if virtualHereLicensed == true, virtualHereAuthorizes == true { return "enforcing" }
        if virtualHereReportsBinds == true { return "detecting" }
        return "unguarded"
    }
}
