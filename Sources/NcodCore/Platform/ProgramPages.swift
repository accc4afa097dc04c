import CResidency
import Logging

/// A long-running program's own code in memory: the pages its start-up read are given back once it runs steadily.
///
/// Start-up runs code a program seldom runs again (the daemon's flags, state directory, registering and first full report; the
/// master's keys, migrations and boot), and the kernel maps a program's file in large blocks around each page it reads: an idle
/// daemon held about 20 MiB of its binary of which it used under 3 MiB a minute, the master 48 MiB of its binary and libraries
/// under 2,000 event streams (BENCHMARKS.md). Giving those pages back, and asking for single pages from then on, leaves in memory
/// what the program uses. The pages are clean copies of files, so nothing is lost; one that is needed again is read back when next
/// used.
public enum ProgramPages {
    /// What giving the pages back did.
    public struct Release: Sendable, Equatable {
        /// The bytes of the program's and its libraries' segments the kernel was asked to take back (0: it refused).
        public var advisedBytes: Int
        /// The process's resident memory just before, in bytes.
        public var residentBefore: Int
        /// The process's resident memory just after, in bytes.
        public var residentAfter: Int
    }

    /// Gives the kernel back the pages of the program and its libraries it holds, has later faults read one page each, and says so
    /// on `logger` (`running steadily: start-up's pages given back`, with the resident MiB before and after and the MiB advised).
    @discardableResult
    public static func releaseStartup(logger: Logger) -> Release {
        let before = ncod_resident_bytes()
        let advised = ncod_release_program_pages()
        let release = Release(advisedBytes: Int(advised), residentBefore: Int(before), residentAfter: Int(ncod_resident_bytes()))
        logger.info(
            "running steadily: start-up's pages given back",
            metadata: [
                "residentMiBBefore": "\(release.residentBefore >> 20)", "residentMiBAfter": "\(release.residentAfter >> 20)",
                "advisedMiB": "\(release.advisedBytes >> 20)",
            ])
        return release
    }
}
