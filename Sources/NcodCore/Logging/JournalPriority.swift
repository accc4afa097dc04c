import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Syslog priorities for journald: a line that starts with `<3>` is an error to `journalctl -p err`. Written only when standard
/// error really is the journal (systemd's `JOURNAL_STREAM` names its device and inode), never into a pipe or a terminal.
public enum JournalPriority {
    /// `<N>` for `level` (trace and debug 7, info 6, notice 5, warning 4, error 3, critical 2).
    public static func prefix(_ level: Logger.Level) -> String {
        switch level {
        case .trace, .debug: "<7>"
        case .info: "<6>"
        case .notice: "<5>"
        case .warning: "<4>"
        case .error: "<3>"
        case .critical: "<2>"
        }
    }

    /// Whether standard error is the stream `journalStream` (`JOURNAL_STREAM`, `device:inode`) names.
    public static func standardErrorIsJournal(_ journalStream: String?) -> Bool {
        guard let parts = journalStream?.split(separator: ":"), parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1])
        else { return false }
        var info = stat()
        guard fstat(2, &info) == 0 else { return false }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }
}
