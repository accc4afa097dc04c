/// The settings of the programs people run (`ncod-tui`, `ncod-admin`, `ncod`), declared once: their flags' help, the `NCOD_*`
/// variables, and the keys `~/.config/ncod/tui.conf` and `admin.conf` may hold (the programs remember some of them there).
public enum ClientSettings {
    /// `--master`.
    public static let master = Setting(key: "master", value: "URL", help: "The master's URL, e.g. https://master.lan:8443 (remembered).")
    /// `--ca`.
    public static let ca = Setting(
        key: "ca", value: "FILE", help: "The site CA certificate the master's TLS certificate is signed by (remembered).")
    /// `--username`.
    public static let username = Setting(key: "username", value: "NAME", help: "Username to log in as (remembered).")
    /// `--lang`.
    public static let language = Setting(key: "lang", value: "LANG", help: "en or zh (default: from LANG).")
    /// `--mac`.
    public static let mac = Setting(
        key: "mac", value: "MAC",
        help: "A MAC address to present (repeatable; NCOD_MAC takes a comma-separated list); default: this computer's physical interfaces.")
    /// `--vh-fifo-dir`.
    public static let virtualHereFIFODirectory = Setting(
        key: "vh-fifo-dir", value: "DIR", help: "Folder of the VirtualHere client's pipes (remembered; /tmp: /tmp/vhclient).", default: "/tmp")
    /// `--vh-client`.
    public static let virtualHereClient = Setting(
        key: "vh-client", value: "FILE", help: "Talk to VirtualHere through this client binary's -t instead of the pipes.")
    /// `--password-file`.
    public static let passwordFile = Setting(
        key: "password-file", value: "FILE", help: "Log in at once with the password on this file's first line (demos, scripts).")

    /// The catalog: what the remembered files may hold and which variables the clients read.
    public static let catalog = SettingsCatalog(
        program: "the ncod clients", defaultConfigFile: "~/.config/ncod/tui.conf",
        settings: [master, ca, username, language, mac, virtualHereFIFODirectory, virtualHereClient, passwordFile])
}
