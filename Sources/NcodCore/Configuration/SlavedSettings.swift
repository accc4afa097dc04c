/// Every setting of `ncod-slaved`, declared once: its help and man page, flags, `NCOD_*` variables, `/etc/ncod/slaved.conf`
/// and the checks read these.
public enum SlavedSettings {
    /// `--sysfs-root`.
    public static let sysfsRoot = Setting(key: "sysfs-root", value: "DIR", help: "Folder standing for /sys.", default: "/sys")
    /// `--hostname`.
    public static let hostname = Setting(
        key: "hostname", value: "NAME", help: "Host name VirtualHere advertises; the first part of device addresses. Default: this host's name.")
    /// `--collectors`.
    public static let collectors = Setting(
        key: "collectors", value: "LIST", help: "Collectors to run, in order of preference: sysfs, libusb.", default: "sysfs,libusb")
    /// `--vh-config`.
    public static let virtualHereConfig = Setting(
        key: "vh-config", value: "FILE", help: "The VirtualHere server's config.ini.", default: "/usr/local/etc/virtualhere/config.ini")
    /// `--state-dir`.
    public static let stateDirectory = Setting(
        key: "state-dir", value: "DIR", help: "Where enrolment keeps the credential and the daemon its state.", default: "/var/lib/ncod-slaved")
    /// `--secret-file`.
    public static let secretFile = Setting(
        key: "secret-file", value: "FILE", help: "The site's enrolment secret, for enrol without --token.", default: "/etc/ncod/enrolment-secret")
    /// `--hub-port`.
    public static let hubPort = Setting(
        key: "hub-port", value: "PORT", help: "The VirtualHere server's TCP port clients connect to.", default: "7575", kind: .integer(1...65535))
    /// `--log-level` (the same for every daemon).
    public static let logLevel = Setting.logLevel
    /// `--log-format` (the same for every daemon).
    public static let logFormat = Setting.logFormat

    /// The catalog, in the order help lists it.
    public static let catalog = SettingsCatalog(
        program: "ncod-slaved", defaultConfigFile: "/etc/ncod/slaved.conf",
        settings: [sysfsRoot, hostname, collectors, virtualHereConfig, stateDirectory, secretFile, hubPort, logLevel, logFormat])
}
