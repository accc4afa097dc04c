import Foundation
import NcodCore

#if canImport(Glibc)
    import Glibc
#endif

/// The login the `ncod` command keeps between runs: the master, the username and the refresh token, in
/// `~/.config/ncod/session.json`, readable by the user alone (0600; refused if others can read it).
///
/// Each run spends the refresh token for fresh tokens and writes the new one back, under an exclusive lock on the file, so that
/// two `ncod` commands started at once (two steps of a CI job) never spend the same token twice (which would end the login).
public struct CLISession: Codable, Sendable, Equatable {
    /// The master's URL the login is for.
    public var master: String
    /// Who is logged in.
    public var username: String
    /// The refresh token to spend next.
    public var refreshToken: String

    /// A session.
    public init(master: String, username: String, refreshToken: String) {
        self.master = master
        self.username = username
        self.refreshToken = refreshToken
    }

    /// `~/.config/ncod/session.json`.
    public static func defaultPath(environment: [String: String]) -> String {
        (environment["HOME"] ?? "/tmp") + "/.config/ncod/session.json"
    }

    /// The session saved at `path`; `nil` when there is none. Refuses a file others can read.
    public static func load(from path: String) throws -> CLISession? {
        let files = FileManager.default
        guard let data = files.contents(atPath: path) else { return nil }
        let mode = ((try? files.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber)?.intValue ?? 0
        guard mode & 0o077 == 0 else {
            throw CLIFailure(
                .usage,
                Message("the login file \(path) can be read by others; run: chmod 600 \(path)", zh: "登录文件 \(path) 可被他人读取；请运行 chmod 600 \(path)"))
        }
        return try? JSONDecoder().decode(CLISession.self, from: data)
    }

    /// Writes the session to `path` (folder 0700, file 0600), replacing the old one in one step.
    public func save(to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = path + ".new"
        guard FileManager.default.createFile(atPath: temporary, contents: try JSONEncoder().encode(self), attributes: [.posixPermissions: 0o600])
        else {
            throw CLIFailure(.failed, Message("cannot write the login file \(path)", zh: "无法写入登录文件 \(path)"))
        }
        guard rename(temporary, path) == 0 else {
            throw CLIFailure(.failed, Message("cannot write the login file \(path)", zh: "无法写入登录文件 \(path)"))
        }
    }

    /// Forgets the session at `path`.
    public static func remove(at path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Runs `body` holding an exclusive lock beside `path` (`session.json.lock`): one `ncod` at a time reads, spends and writes the token.
    public static func locked<T: Sendable>(_ path: String, _ body: () async throws -> T) async throws -> T {
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let descriptor = open(path + ".lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return try await body() }  // a read-only home: no lock, as before
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { break }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try await body()
    }
}
