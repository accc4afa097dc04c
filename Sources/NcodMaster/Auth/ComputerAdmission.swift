import Foundation
import NcodCore
import NcodStore
import Vapor

/// The one owner of "may this account log in from this computer": records the computer a terminal program presents (its physical
/// MAC addresses, host name and key) as a request, proves its key against a challenge, and decides.
///
/// A computer has one binding per MAC address, sharing its key. A login gets in through an approved binding of one of its addresses
/// whose key it proves. A binding approved before keys existed adopts the first key proven on it. A different key on an approved
/// binding (a reinstalled computer, or a copied address) is refused and waits for an administrator as that binding's requested key.
enum ComputerAdmission {
    /// The longest host name kept.
    static let maximumHostnameLength = 64

    /// A checked claim: the addresses, and the key and host name when the client has them.
    struct Computer: Sendable {
        /// The physical MAC addresses, distinct and sorted.
        var macs: [MACAddress]
        /// The host name, cleaned.
        var hostname: String?
        /// The public key (base64).
        var publicKey: String?
    }

    /// Checks the shape of a claim, or of the addresses a client without a key sent; throws 422 naming what is wrong.
    static func computer(claim: ComputerClaim?, legacyMACs: [String]?) throws -> Computer {
        let texts = claim?.macs ?? legacyMACs ?? []
        let parsed = texts.compactMap(MACAddress.init).filter { !$0.isZero }
        let macs = Array(Set(parsed)).sorted()
        guard !macs.isEmpty, texts.count <= AuthController.maximumMACs, parsed.count == texts.count else {
            throw Problem(
                status: 422, code: "validation_failed", title: "Invalid Login",
                detail: Message(
                    "the terminal client must send this computer's MAC addresses (at most \(AuthController.maximumMACs))",
                    zh: "终端客户端必须发送本机的 MAC 地址（最多 \(AuthController.maximumMACs) 个）"),
                fields: [
                    "macs": Message(
                        "send 1 to \(AuthController.maximumMACs) MAC addresses like aa:bb:cc:dd:ee:ff",
                        zh: "请发送 1 到 \(AuthController.maximumMACs) 个形如 aa:bb:cc:dd:ee:ff 的 MAC 地址")
                ]
            )
        }
        guard let claim else { return Computer(macs: macs) }
        guard ComputerKey.isWellFormed(claim.publicKey) else {
            throw Problem(
                status: 422, code: "validation_failed", title: "Invalid Login", detail: "the computer's key is not an Ed25519 public key",
                fields: ["computer.publicKey": "send the base64 of the raw 32-byte Ed25519 public key"])
        }
        let hostname = String(TextHygiene.stripped(claim.hostname).trimmingCharacters(in: .whitespaces).prefix(maximumHostnameLength))
        return Computer(macs: macs, hostname: hostname.isEmpty ? nil : hostname, publicKey: claim.publicKey)
    }

    /// Checks that `claim` signed a fresh challenge of ours for `username`; throws 401 `computer_unproven` otherwise.
    static func prove(_ claim: ComputerClaim, username: String, request: Request) throws {
        guard let nonce = claim.nonce, let signature = claim.signature,
            request.ncod.challenges.redeem(nonce, now: request.ncod.now()),
            ComputerKey.verify(publicKey: claim.publicKey, signature: signature, username: username, nonce: nonce)
        else {
            throw Problem(
                status: 401, code: "computer_unproven", title: "Computer Not Proven",
                detail: Message(
                    "this computer's key could not be checked (the challenge expired or the signature is wrong); try again",
                    zh: "无法验证本机密钥（挑战已过期或签名不符），请重试"))
        }
    }

    /// Records `computer` as asked for by `user` (one binding per address; new ones pending, audited and announced).
    @discardableResult
    static func record(_ computer: Computer, for user: User, request: Request, store: Store, now: Date) async throws -> [MachineBinding] {
        var bindings: [MachineBinding] = []
        for mac in computer.macs {
            let known = try await store.bindings.find(userID: user.id, mac: mac)
            let binding = try await store.bindings.record(
                userID: user.id, mac: mac, at: now, hostname: computer.hostname, publicKey: computer.publicKey)
            if known == nil {
                var details = ["mac": mac.description, "hostname": computer.hostname ?? ""]
                details["key"] = computer.publicKey.map(ComputerKey.fingerprint)
                try await request.audit("binding.requested", subject: "user:\(user.username)", actor: user.username, details: details)
                await request.publishAccountChange("binding_requested", userID: user.id)
            }
            bindings.append(binding)
        }
        return bindings
    }

    /// Records the computer a terminal login presents and returns the binding it gets in through; throws the refusal otherwise.
    /// `computer.publicKey`, when present, must already be proven (``prove(_:username:request:)``).
    static func admit(_ computer: Computer, for user: User, request: Request, store: Store, now: Date) async throws -> MachineBinding {
        let bindings = try await record(computer, for: user, request: request, store: store, now: now)
        let approved = bindings.filter { $0.status == .approved }
        let keyed = approved.filter { $0.publicKey != nil }
        let list = computer.macs.map(\.description).joined(separator: ", ")
        guard let key = computer.publicKey else {
            // A client without a key gets in only where no key was ever approved.
            if let legacy = approved.first(where: { $0.publicKey == nil }) { return legacy }
            if !keyed.isEmpty {
                throw try await refusal(
                    user, request: request, macs: list,
                    Problem(
                        status: 403, code: "computer_key_required", title: "Computer Key Required",
                        detail: Message(
                            "this computer was approved with its own key; log in with ncod-tui or ncod on it",
                            zh: "本机是以其自身密钥批准的；请在本机上用 ncod-tui 或 ncod 登录")))
            }
            return try await refuseWaiting(user, bindings: bindings, macs: list, request: request)
        }
        if let match = approved.first(where: { $0.publicKey == key }) { return match }
        if keyed.isEmpty, var legacy = approved.first {
            // Approved before computers had keys: the first key proven here is this computer's from now on.
            legacy.publicKey = key
            let adopted = try await store.bindings.update(legacy)
            try await request.audit(
                "binding.key_adopted", subject: "user:\(user.username)", actor: user.username,
                details: ["mac": legacy.mac.description, "key": ComputerKey.fingerprint(key)])
            return adopted
        }
        for var binding in keyed where binding.requestedKey != key {
            binding.requestedKey = key
            _ = try await store.bindings.update(binding)
            try await request.audit(
                "binding.key_requested", subject: "user:\(user.username)", actor: user.username,
                details: ["mac": binding.mac.description, "key": ComputerKey.fingerprint(key)])
            await request.publishAccountChange("binding_requested", userID: user.id)
        }
        if !keyed.isEmpty {
            throw try await refusal(
                user, request: request, macs: list,
                Problem(
                    status: 403, code: "computer_key_changed", title: "Computer Key Changed",
                    detail: Message(
                        "this computer (\(list)) shows a different key from the one approved; an administrator has been asked to approve it",
                        zh: "本机（\(list)）的密钥与已批准的不同；已请管理员审批")))
        }
        return try await refuseWaiting(user, bindings: bindings, macs: list, request: request)
    }

    /// Refuses a computer none of whose bindings is approved: revoked everywhere, or waiting.
    private static func refuseWaiting(_ user: User, bindings: [MachineBinding], macs list: String, request: Request) async throws
        -> MachineBinding
    {
        if bindings.allSatisfy({ $0.status == .revoked }) {
            let reason = bindings.compactMap(\.reason).first
            throw try await refusal(
                user, request: request, macs: list,
                Problem(
                    status: 403, code: "machine_revoked", title: "Computer Not Allowed",
                    detail: Message(
                        "this computer (\(list)) is not allowed for your account\(reason.map { ": \($0)" } ?? ""); ask an administrator",
                        zh: "本机（\(list)）不能用于您的账号\(reason.map { "（原因：\($0)）" } ?? "")；请联系管理员")
                ).with(reason: reason))
        }
        throw try await refusal(
            user, request: request, macs: list,
            Problem(
                status: 403, code: "machine_not_bound", title: "Computer Waiting",
                detail: Message(
                    "this computer (\(list)) waits for an administrator's approval; it has been asked",
                    zh: "本机（\(list)）正在等待管理员审批；已发出申请")))
    }

    /// Where `user` and the computer holding `publicKey` stand; `nil` when that computer never asked for that account.
    static func standing(of user: User, publicKey: String, store: Store) async throws -> Standing? {
        let mine = try await store.bindings.list(userID: user.id).filter { $0.publicKey == publicKey || $0.requestedKey == publicKey }
        guard !mine.isEmpty else { return nil }
        let computer: Standing.Computer =
            if mine.contains(where: { $0.status == .approved && $0.publicKey == publicKey }) {
                .approved
            } else if mine.contains(where: { $0.requestedKey == publicKey }) {
                .newKeyWaiting
            } else if mine.contains(where: { $0.status == .pending }) {
                .waiting
            } else {
                .refused
            }
        return Standing(
            account: user.status, accountReason: user.statusReason, computer: computer,
            computerReason: mine.compactMap(\.reason).first, hostname: mine.compactMap(\.hostname).first,
            fingerprint: ComputerKey.fingerprint(publicKey))
    }

    /// Audits a refused login from this computer (its code as the reason) and gives back the problem to throw.
    private static func refusal(_ user: User, request: Request, macs: String, _ problem: Problem) async throws -> Problem {
        let details = ["client": ClientKind.terminal.rawValue, "reason": problem.code, "macs": macs]
        try await request.audit("auth.login.refused", subject: "user:\(user.username)", actor: user.username, details: details)
        return problem
    }
}
