import CResidency

/// The daemon's own program in memory: the code and tables its start-up read are given back once it runs steadily.
///
/// Start-up (flags, the state directory, registering, the link's TLS handshake, the first full report) runs code the daemon
/// seldom runs again, and the kernel maps a program's file in large blocks around each page it reads: an idle daemon held about
/// 20 MiB of its binary of which it used under 3 MiB a minute (BENCHMARKS.md, "ncod-slaved at rest"). Giving those pages back,
/// and asking for single pages from then on, leaves in memory what the daemon uses. The pages are clean copies of the file, so
/// nothing is lost; one that is needed again is read back when next used.
public enum ProgramPages {
    /// What giving the pages back did.
    public struct Release: Sendable, Equatable {
        /// The bytes of the program's read-only segments the kernel was asked to take back (0: it refused).
        public var advisedBytes: Int
        /// The process's resident memory just before, in bytes.
        public var residentBefore: Int
        /// The process's resident memory just after, in bytes.
        public var residentAfter: Int
    }

    /// Gives the kernel back the program's read-only pages it holds, and has later faults read one page each.
    public static func releaseStartup() -> Release {
        let before = ncod_resident_bytes()
        let advised = ncod_release_program_pages()
        return Release(advisedBytes: Int(advised), residentBefore: Int(before), residentAfter: Int(ncod_resident_bytes()))
    }
}
