import Foundation
import NcodCore

/// Every piece of text ncod-tui shows, in English and Simplified Chinese.
enum TUIText {
    static let title = Message("ncod — shared USB devices", zh: "ncod — 共享 USB 设备")
    static let loginTitle = Message("Log in", zh: "登录")
    static let thisComputer = Message("This computer", zh: "本机")
    static let loginHint = Message("Tab next field · Enter log in · F2 register · Esc quit", zh: "Tab 下一项 · Enter 登录 · F2 注册 · Esc 退出")
    static let registerTitle = Message("Register", zh: "注册")
    static let contact = Message("Phone or e-mail", zh: "电话或邮箱")
    static let department = Message("Project department", zh: "项目部")
    static let registerHint = Message(
        "Tab next field · ←/→ choose department · Enter register · Esc back", zh: "Tab 下一项 · ←/→ 选择项目部 · Enter 注册 · Esc 返回")
    static let keyCheckNow = Message("check now", zh: "立即查看")
    static let keyOtherLogin = Message("log in as someone else", zh: "换个账号登录")
    static let checking = Message("Asking the master…", zh: "正在询问服务器…")
    static let approvedLoggingIn = Message("Approved. Logging in…", zh: "已获批准，正在登录…")
    static let approvedLogIn = Message("Approved. Log in again.", zh: "已获批准，请重新登录。")

    /// The title of a standing screen.
    static func standingTitle(_ kind: StandingKind) -> Message {
        switch kind {
        case .accountWaiting: Message("Waiting for approval", zh: "等待审批")
        case .computerWaiting: Message("This computer waits for approval", zh: "本机等待审批")
        case .newKeyWaiting: Message("This computer's key has changed", zh: "本机密钥已变更")
        case .accountRejected: Message("Registration rejected", zh: "注册未通过")
        case .accountDisabled: Message("Account disabled", zh: "账号已停用")
        case .computerRefused: Message("This computer is not allowed", zh: "本机未获准使用")
        }
    }

    /// What a standing screen says: where things stand and what to do next.
    static func standingText(_ kind: StandingKind) -> Message {
        switch kind {
        case .accountWaiting:
            Message(
                "Your account and this computer are one request to the administrators. This screen moves on to the devices by itself when "
                    + "they approve it; you may leave it open, or quit and log in later.",
                zh: "您的账号和本机已作为一个申请提交给管理员。批准后本屏幕会自动进入设备列表；您可以一直开着，也可以退出稍后再登录。")
        case .computerWaiting:
            Message(
                "Your account is approved, but this computer is new to it. An administrator has been asked to approve it; this screen moves on "
                    + "by itself when they do.",
                zh: "您的账号已获批准，但本机是新电脑。已请管理员审批；批准后本屏幕会自动继续。")
        case .newKeyWaiting:
            Message(
                "This computer's address is approved, but it shows a different key (was it reinstalled?). An administrator has been asked to "
                    + "approve the new key; this screen moves on by itself when they do. If you did not expect this, tell them.",
                zh: "本机地址已获批准，但密钥不同（是否重装过系统？）。已请管理员审批新密钥；批准后本屏幕会自动继续。如非预期，请告知管理员。")
        case .accountRejected(let reason):
            Message(
                "An administrator rejected your registration" + because(reason) + ". Ask them, then register again if they agree.",
                zh: "管理员未通过您的注册" + because(reason, zh: true) + "。请联系管理员，同意后再重新注册。")
        case .accountDisabled(let reason):
            Message(
                "Your account is disabled" + because(reason) + ". Ask an administrator to enable it.",
                zh: "您的账号已停用" + because(reason, zh: true) + "。请联系管理员启用。")
        case .computerRefused(let reason):
            Message(
                "This computer may not be used with your account" + because(reason) + ". Use an approved computer, or ask an administrator.",
                zh: "本机不能用于您的账号" + because(reason, zh: true) + "。请使用已批准的电脑，或联系管理员。")
        }
    }

    private static func because(_ reason: String?, zh: Bool = false) -> String {
        guard let reason, !reason.isEmpty else { return "" }
        return zh ? "（原因：\(reason)）" : " (\(reason))"
    }

    static let computerKey = Message("Key", zh: "密钥")
    static let lastChecked = Message("Checked", zh: "上次查看")
    static let movesOn = Message("checking every few seconds", zh: "每隔几秒自动查看")
    static let devicesTitle = Message("Devices", zh: "设备")
    static let mineTitle = Message("My devices", zh: "我的设备")
    static let detailsTitle = Message("Device", zh: "设备详情")
    static let serial = Message("Serial", zh: "序列号")
    static let slave = Message("Slave", zh: "从设备")
    static let mine = Message("mine", zh: "我在用")
    static let offline = Message("offline", zh: "离线")
    static let online = Message("online", zh: "在线")
    static let disabled = Message("disabled", zh: "已停用")
    static func inUseBy(_ name: String) -> Message { Message("in use by \(name)", zh: "\(name) 在用") }
    static let filterFree = Message("free only", zh: "仅空闲")
    static let filterMine = Message("mine only", zh: "仅我的")
    static let sortedBy = Message("sorted by", zh: "排序")
    static let sortName = Message("name", zh: "名称")
    static let sortSlave = Message("slave", zh: "从设备")
    static let sortStatus = Message("status", zh: "状态")
    static let noDevices = Message("No devices match.", zh: "没有符合条件的设备。")
    static func connecting(_ name: String) -> Message { Message("Connecting \(name)…", zh: "正在连接 \(name)…") }
    static func disconnecting(_ name: String) -> Message { Message("Disconnecting \(name)…", zh: "正在断开 \(name)…") }
    static func connected(_ name: String) -> Message { Message("\(name) is connected to this computer.", zh: "\(name) 已连接到本机。") }
    static func disconnected(_ name: String) -> Message { Message("\(name) was released.", zh: "\(name) 已释放。") }
    static func lost(_ name: String, _ reason: String) -> Message { Message("\(name) is no longer yours: \(reason)", zh: "\(name) 已不归您使用：\(reason)") }
    /// Why a lease ended, from the master's reason code (`forced`, `expired`…) with the administrator's words when given; `nil` for
    /// a reason given in words.
    static func endReason(_ code: String, why: String? = nil) -> Message? {
        let reason: Message? =
            switch code {
            case "forced": Message("released by an administrator", zh: "已被管理员强制释放")
            case "expired": Message("the lease expired", zh: "占用已过期")
            case "device_removed": Message("the device was unplugged", zh: "设备已被拔出")
            case "slave_offline": Message("its slave went offline", zh: "所在从设备已离线")
            case "slave_disabled": Message("an administrator disabled its slave", zh: "管理员已停用所在从设备")
            case "slave_removed": Message("an administrator removed its slave", zh: "管理员已移除所在从设备")
            case "account_disabled": Message("an administrator disabled your account", zh: "管理员已停用您的账号")
            case "computer_revoked": Message("an administrator revoked this computer", zh: "管理员已撤销本机的登记")
            case "restricted": Message("it is no longer open to your department", zh: "该设备已不再向您所在部门开放")
            default: nil
            }
        guard let reason, let why, !why.isEmpty else { return reason }
        return Message("\(reason.english) (\(why))", zh: "\(reason.chinese)（\(why)）")
    }
    static let quitQuestion = Message(
        "You hold devices. (y) release them · (n) keep them for a while · (Esc) stay", zh: "您仍占用设备。(y) 释放 · (n) 保留一段时间 · (Esc) 取消")
    static let keepPrompt = Message("Keep until (2h, 30m or 18:00):", zh: "保留到（2h、30m 或 18:00）：")
    static func keeping(_ text: String) -> Message { Message("Keeping your devices until \(text)…", zh: "正在保留设备至 \(text)…") }
    static func badEnd(_ text: String) -> Message {
        Message("'\(text)' is not a time: type 2h, 30m or 18:00.", zh: "“\(text)”不是时间：请输入 2h、30m 或 18:00。")
    }
    static let notHeld = Message("You no longer hold this device.", zh: "您已不再占用该设备。")
    static let extensionUsed = Message(
        "This lease was extended once already; release it and take it again if it is free.", zh: "该占用已延长过一次；请释放后在空闲时重新占用。")
    static func endsSoon(_ name: String, _ time: String) -> Message {
        Message("\(name) is yours until \(time), in 2 minutes. Press x to extend it once.", zh: "\(name) 将于 \(time) 到期（2 分钟后）。按 x 可延长一次。")
    }
    static func extended(_ name: String, _ time: String) -> Message { Message("\(name) is yours until \(time).", zh: "\(name) 归您使用至 \(time)。") }
    static func extending(_ name: String) -> Message { Message("Extending \(name)…", zh: "正在延长 \(name)…") }
    static let keyExtend = Message("extend once", zh: "延长一次")
    static let keyWait = Message("join/leave the line", zh: "排队/取消排队")

    /// The banner when the user's turn has come.
    static func turn(_ name: String, _ until: String) -> Message {
        Message("Your turn: \(name) is kept for you until \(until). Enter connects it.", zh: "轮到您了：\(name) 为您保留至 \(until)。按 Enter 连接。")
    }

    /// After joining a waiting list.
    static func joined(_ name: String, place: Int) -> Message {
        Message(
            "You are #\(place) in line for \(name); you will be told (with a bell) when it is your turn.",
            zh: "您在 \(name) 的排队中排第 \(place) 位；轮到您时会提示（并响铃）。")
    }

    /// After leaving a waiting list.
    static func left(_ name: String) -> Message { Message("You left the line for \(name).", zh: "已取消 \(name) 的排队。") }

    /// A busy device, with the hint to wait.
    static func pressWait(_ words: String) -> Message {
        Message(words + " · w waits in line", zh: words + " · 按 w 排队")
    }

    /// Someone else's turn.
    static func keptFor(_ name: String, _ until: String?) -> Message {
        guard let until else { return Message("kept for \(name)", zh: "为 \(name) 保留") }
        return Message("kept for \(name) until \(until)", zh: "为 \(name) 保留至 \(until)")
    }

    /// The line's length, or the user's place in it (`#2 of 3`; `you are #2 of 3` on the details screen).
    static func waiting(_ count: Int, place: Int?, long: Bool = false) -> Message {
        guard let place else { return Message("\(count) waiting", zh: "\(count) 人排队") }
        return Message((long ? "you are " : "") + "#\(place) of \(count)", zh: (long ? "您" : "") + "排第 \(place)/\(count)")
    }

    static let yourTurn = Message("your turn", zh: "轮到您")
    static let waitingLabel = Message("Waiting", zh: "排队")
    static let manufacturer = Message("Manufacturer", zh: "厂商")
    static let port = Message("Port", zh: "端口")
    /// Who holds a device, from which department, since and until when: "in use by 张伟 (地铁项目部) since 09:12, until 11:00".
    static func heldBy(_ view: DeviceView, timeZone: TimeZone, now: Date) -> Message? {
        guard let holder = view.heldBy else { return nil }
        let unit = view.holderUnit.map { (" (\($0))", "（\($0)）") } ?? ("", "")
        let since = view.heldSince.map { clock($0, timeZone, now: now) }
        let until = view.heldUntil.map { clock($0, timeZone, now: now) }
        let who = view.heldByMe ? ("yours", "归您使用") : ("in use by \(holder)\(unit.0)", "\(holder)\(unit.1) 在用")
        var english = who.0
        var chinese = who.1
        if let since {
            english += " since \(since)"
            chinese = view.heldByMe ? "自 \(since) 起" + chinese : "\(holder)\(unit.1)\(unit.1.isEmpty ? " " : "")自 \(since) 起在用"
        }
        if let until {
            english += ", until \(until)"
            chinese += "，至 \(until)"
        }
        return Message(english, zh: chinese)
    }
    /// `HH:mm` in `timeZone`, with the date when it is not today there.
    /// `19:45:08`: a time with seconds, for "last checked".
    static func seconds(_ date: Date, _ timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    static func clock(_ date: Date, _ timeZone: TimeZone, now: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.month, .day, .hour, .minute], from: date)
        let time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        return calendar.isDate(date, inSameDayAs: now) ? time : String(format: "%02d-%02d ", parts.month ?? 0, parts.day ?? 0) + time
    }
    static let notBound = Message(
        "This computer is not registered for your account. An administrator has been asked to approve it; try again after approval.",
        zh: "本机尚未登记到您的账号，已请求管理员审批，审批后请重试。")
    static let takenBy = Message("Someone else holds this device.", zh: "该设备正被他人使用。")
    static let vhNotRunning = Message(
        "The VirtualHere client is not running on this computer. Start it (sudo systemctl start virtualhereclient) and try again.",
        zh: "本机的 VirtualHere 客户端未运行。请启动它（sudo systemctl start virtualhereclient）后重试。")
    static let slaveOffline = Message("The device's slave is offline; try again when it is back.", zh: "设备所在的从设备已离线，恢复后再试。")
    // Keys
    static let keyConnect = Message("connect", zh: "连接")
    static let keyDisconnect = Message("disconnect", zh: "断开")
    static let keyFree = Message("free only", zh: "仅空闲")
    static let keyMine = Message("my devices", zh: "我的设备")
    static let keySort = Message("sort", zh: "排序")
    static let keyAll = Message("all devices", zh: "全部设备")
    static let keyPageUp = Message("page up", zh: "上一页")
    static let keyPageDown = Message("page down", zh: "下一页")
}
