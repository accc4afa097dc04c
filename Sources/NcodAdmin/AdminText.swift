import NcodCore

/// Every piece of text ncod-admin shows, in English and Simplified Chinese.
enum AdminText {
    static let title = Message("ncod admin", zh: "ncod 管理控制台")
    static let loginTitle = Message("Administrator login", zh: "管理员登录")
    static let loginHint = Message("Tab next field · Enter log in · Esc quit", zh: "Tab 下一项 · Enter 登录 · Esc 退出")
    static let adminOnly = Message(
        "This console is for administrators. Use ncod-tui to use devices.", zh: "此控制台仅供管理员使用。使用设备请运行 ncod-tui。")
    static let wrongPassword = Message("Wrong username or password.", zh: "用户名或密码错误。")
    static let unreachable = Message("The master cannot be reached: ", zh: "无法连接服务器：")
    static let working = Message("Working…", zh: "正在处理…")
    static let loading = Message("Loading…", zh: "正在加载…")
    static let answerRequired = Message("Give an answer, or Esc to cancel.", zh: "请填写内容，或按 Esc 取消。")
    static let reasonPrompt = Message("Reason (recorded in the audit log):", zh: "原因（记入审计日志）：")
    static let yesNo = Message("(y) yes · (n) no", zh: "(y) 确定 · (n) 取消")
    static let inputHint = Message("Enter confirm · Esc cancel", zh: "Enter 确认 · Esc 取消")
    static let choiceHint = Message("↑↓ choose · Enter confirm · Esc cancel", zh: "↑↓ 选择 · Enter 确认 · Esc 取消")
    static let noticeHint = Message("Any key closes this.", zh: "按任意键关闭。")

    // Tabs
    static let tabDashboard = Message("Dashboard", zh: "总览")
    static let tabSlaves = Message("Slaves", zh: "从设备")
    static let tabPeople = Message("People", zh: "人员")
    static let tabOrganisation = Message("Organisation", zh: "组织架构")
    static let tabLeases = Message("Leases", zh: "占用")
    static let tabAudit = Message("Audit", zh: "审计日志")

    /// A section's name in the tab bar and the keys' help.
    static func tab(_ tab: AdminState.Tab) -> Message { AdminSections.section(tab).title }

    // Dashboard
    static let slavesFigure = Message("Slaves", zh: "从设备")
    static let devicesFigure = Message("Devices", zh: "设备")
    static let leasesFigure = Message("Active leases", zh: "当前占用")
    static let waitingFigure = Message("Waiting for approval", zh: "待审批")
    static func slaveCounts(_ online: Int, _ offline: Int, _ disabled: Int) -> Message {
        Message("\(online) online · \(offline) offline · \(disabled) disabled", zh: "\(online) 在线 · \(offline) 离线 · \(disabled) 已停用")
    }
    static func deviceCounts(_ overview: AdminOverview) -> Message {
        let (present, inUse, free, away) = (overview.devicesPresent, overview.devicesInUse, overview.devicesFree, overview.devicesUnreachable)
        let english = "\(present) present · \(inUse) in use · \(free) free" + (away > 0 ? " · \(away) on offline slaves" : "")
        let chinese = "\(present) 在位 · \(inUse) 在用 · \(free) 空闲" + (away > 0 ? " · \(away) 在离线从设备上" : "")
        return Message(english, zh: chinese)
    }
    static func waitingCounts(_ people: Int, _ machines: Int) -> Message {
        Message("\(people) people · \(machines) computers", zh: "\(people) 个账号 · \(machines) 台电脑")
    }
    static let alertsTitle = Message("Recent alerts", zh: "最近告警")
    static let noAlerts = Message("No alerts.", zh: "没有告警。")
    static func slaveWentOffline(_ name: String, _ seconds: String?) -> Message {
        let silent = seconds.map { " (silent \($0) s)" } ?? ""
        let silentZh = seconds.map { "（\($0) 秒无响应）" } ?? ""
        return Message("Slave \(name) went offline\(silent)", zh: "从设备 \(name) 离线\(silentZh)")
    }
    static func deviceRemoved(_ device: String, _ slave: String) -> Message {
        Message("\(device) unplugged from \(slave) while in use", zh: "\(device) 在使用中从 \(slave) 上拔出")
    }

    // Slaves
    static let lastReport = Message("Last report", zh: "上次报告")
    static let version = Message("Agent", zh: "代理版本")
    static let devices = Message("Devices", zh: "设备")
    static let health = Message("Health", zh: "主机状态")
    static let host = Message("Host", zh: "主机")
    static let hub = Message("VirtualHere hub", zh: "VirtualHere 集线器")
    static let noSlaves = Message("No slaves yet. Press a to enrol one.", zh: "还没有从设备。按 a 登记一台。")
    static let vhStopped = Message("VirtualHere stopped", zh: "VirtualHere 未运行")
    static func slaveStatus(_ status: Slave.Status) -> Message {
        switch status {
        case .online: Message("online", zh: "在线")
        case .offline: Message("offline", zh: "离线")
        case .disabled: Message("disabled", zh: "已停用")
        }
    }
    static let nickname = Message("Nickname", zh: "别名")
    static let product = Message("Product", zh: "产品")
    static let holder = Message("Held by", zh: "使用者")
    static let absent = Message("unplugged", zh: "已拔出")
    static let noDevices = Message("No devices reported.", zh: "没有上报设备。")
    static let addSlaveTitle = Message("Enrol a new slave", zh: "登记新从设备")
    static let addSlaveHint = Message(
        "Slave name (optional; empty lets the box use its hostname):", zh: "从设备名称（可留空，留空则使用主机名）：")
    static let slaveNameRule = Message("Letters, digits, '.', '-' or '_'; at most 63.", zh: "字母、数字、'.'、'-' 或 '_'，最多 63 个字符。")
    static let tokenTitle = Message("Enrolment token (valid once)", zh: "登记令牌（仅可使用一次）")
    static let tokenHint = Message(
        "Run this on the new slave box (it fetches the site CA from the master and checks its fingerprint):",
        zh: "请在新从设备上运行（它会从服务器获取站点 CA 并核对指纹）：")
    static let tokenNext = Message("Then, on the same box:", zh: "然后在同一台设备上运行：")
    static func tokenExpires(_ time: String) -> Message { Message("The token expires at \(time).", zh: "令牌于 \(time) 失效。") }
    static func renameSlaveTitle(_ name: String) -> Message { Message("Rename slave \(name)", zh: "重命名从设备 \(name)") }
    static func disableSlaveTitle(_ name: String) -> Message { Message("Disable slave \(name)", zh: "停用从设备 \(name)") }
    static func disableSlaveWarning(_ leases: Int) -> Message {
        Message(
            "Its \(leases) active lease(s) end now and its reports are refused until it is enabled again.",
            zh: "其 \(leases) 个占用将立即结束，重新启用前拒绝其上报。")
    }
    static func alreadyDisabled(_ name: String) -> Message { Message("\(name) is already disabled.", zh: "\(name) 已停用。") }
    static func notDisabled(_ name: String) -> Message { Message("\(name) is not disabled.", zh: "\(name) 未停用。") }
    static func removeSlaveTitle(_ name: String) -> Message { Message("Remove slave \(name)?", zh: "删除从设备 \(name)？") }
    static func removeSlaveText(_ devices: Int) -> Message {
        Message(
            "Its \(devices) device(s) leave the inventory. The box must enrol again to come back.",
            zh: "其 \(devices) 个设备将移出清单。该主机需重新登记才能恢复。")
    }
    static func removeSlaveLeases(_ count: Int, _ holders: String) -> Message {
        Message("It has \(count) active lease(s): \(holders).", zh: "它有 \(count) 个占用：\(holders)。")
    }
    static let removeSlaveForce = Message(
        "Removing it ends those leases now; their holders lose the devices.", zh: "删除将立即结束这些占用，使用者会失去设备。")
    static let yesNoForce = Message("(y) end the leases and remove · (n) keep", zh: "(y) 结束占用并删除 · (n) 保留")
    static func nicknameTitle(_ address: String) -> Message { Message("Nickname for \(address)", zh: "\(address) 的别名") }
    static func maxHoldTitle(_ address: String) -> Message { Message("Maximum hold for \(address)", zh: "\(address) 的最长占用时间") }
    static let maxHoldHint = Message(
        "The longest one lease may last, as 90m, 8h or 2d; empty follows the site's (--max-hold).",
        zh: "一次占用最长可持续的时间，如 90m、8h 或 2d；留空则按站点设置（--max-hold）。")
    static func badMaxHold(_ text: String) -> Message {
        Message("'\(text)' is not a maximum hold: type 1m to 366d, such as 90m, 8h or 2d.", zh: "“\(text)”不是有效的最长占用时间：请输入 1m 到 366d，如 90m、8h 或 2d。")
    }
    static let nicknameHint = Message("Shown to everyone instead of the product name; empty clears it.", zh: "向所有人显示以代替产品名；留空则清除。")

    // People
    static let pendingList = Message("Waiting", zh: "待审批")
    static let usersList = Message("Accounts", zh: "账号")
    static let machinesList = Message("Computers", zh: "电脑")
    static let contact = Message("Contact", zh: "联系方式")
    static let department = Message("Department", zh: "项目部")
    static let registered = Message("Registered", zh: "注册时间")
    static let role = Message("Role", zh: "角色")
    static let mac = Message("MAC", zh: "MAC 地址")
    static let lastSeen = Message("Last seen", zh: "最近使用")
    static let noPending = Message("Nobody is waiting for approval.", zh: "没有待审批的账号。")
    static let noUsers = Message("No accounts match.", zh: "没有符合条件的账号。")
    static let noMachines = Message("No computers to approve or revoke.", zh: "没有需要审批或撤销的电脑。")
    static func role(_ role: User.Role) -> Message {
        switch role {
        case .user: Message("user", zh: "用户")
        case .admin: Message("administrator", zh: "管理员")
        }
    }
    static func userStatus(_ status: User.Status) -> Message {
        switch status {
        case .pending: Message("pending", zh: "待审批")
        case .active: Message("active", zh: "已启用")
        case .rejected: Message("rejected", zh: "已拒绝")
        case .disabled: Message("disabled", zh: "已停用")
        }
    }
    static func bindingStatus(_ status: MachineBinding.Status) -> Message {
        switch status {
        case .pending: Message("waiting", zh: "待审批")
        case .approved: Message("approved", zh: "已批准")
        case .revoked: Message("revoked", zh: "已撤销")
        }
    }
    static let requestsList = Message("Requests", zh: "待审批")
    static let noRequests = Message("Nothing waits for approval.", zh: "没有待审批的申请。")
    static let person = Message("Person", zh: "人员")
    static let request = Message("Asks for", zh: "申请")
    static let computer = Message("Computer", zh: "电脑")
    static let key = Message("Key", zh: "密钥")
    static let asked = Message("Asked", zh: "申请于")

    /// What a request asks for, in a few words.
    static func asks(_ request: JoinRequest) -> Message {
        switch (request.isNewPerson, request.computer) {
        case (true, nil): Message("person, no computer", zh: "新人员，尚无电脑")
        case (true, _?): Message("person + computer", zh: "新人员 + 电脑")
        case (false, let computer?) where computer.newKey: Message("new key", zh: "新密钥")
        case (false, _): Message("new computer", zh: "新电脑")
        }
    }

    /// `孙琦 (sun.qi)`.
    static func who(_ request: JoinRequest) -> String { "\(request.person.displayName) (\(request.person.username))" }

    /// `laptop-sq (3c:22:fb:00:00:01)`, or the address alone.
    static func machine(_ request: JoinRequest) -> String {
        guard let computer = request.computer else { return "—" }
        let macs = computer.macs.map(\.description)
        let address = macs.first.map { macs.count > 1 ? "\($0) +\(macs.count - 1)" : $0 } ?? ""
        return computer.hostname.map { "\($0) (\(address))" } ?? address
    }

    static func approveRequestTitle(_ request: JoinRequest) -> Message {
        Message("Approve \(who(request)): what?", zh: "批准 \(who(request))：批准哪些？")
    }
    static func rejectRequestTitle(_ request: JoinRequest) -> Message {
        Message("Reject \(who(request)): what?", zh: "拒绝 \(who(request))：拒绝哪些？")
    }

    /// A part of a request as a choice names it.
    static func part(_ part: JoinDecision.Part, _ request: JoinRequest) -> Message {
        let person = who(request)
        let computer = machine(request)
        // "only" where the request has the other part too.
        let alone = request.isNewPerson && request.computer != nil
        return switch (part, alone) {
        case (.both, _): Message("\(person) and the computer \(computer)", zh: "\(person) 和电脑 \(computer)")
        case (.person, true): Message("\(person) only (the computer keeps waiting)", zh: "仅 \(person)（电脑继续等待）")
        case (.person, false): Message(person, zh: person)
        case (.computer, true): Message("the computer \(computer) only", zh: "仅电脑 \(computer)")
        case (.computer, false): Message("the computer \(computer)", zh: "电脑 \(computer)")
        }
    }

    static func approveIntoTitle(_ request: JoinRequest) -> Message {
        Message("Approve \(who(request)) into department:", zh: "批准 \(who(request))，所属项目部：")
    }
    static func confirmRequestTitle(_ request: JoinRequest) -> Message {
        Message("Approve for \(who(request))", zh: "为 \(who(request)) 批准")
    }
    static func confirmRequestText(_ part: JoinDecision.Part, _ request: JoinRequest) -> Message {
        let key = request.computer?.fingerprint ?? "—"
        let text = self.part(part, request)
        if request.computer?.newKey == true {
            return Message(
                "\(text.english): its new key \(key) replaces the approved one.", zh: "\(text.chinese)：新密钥 \(key) 将替换已批准的密钥。")
        }
        return Message("\(text.english), key \(key).", zh: "\(text.chinese)，密钥 \(key)。")
    }
    static func approveBindingTitle(_ binding: BindingView) -> Message {
        Message("Approve for \(binding.displayName) (\(binding.username))", zh: "为 \(binding.displayName) (\(binding.username)) 批准")
    }
    static func approveBindingText(_ binding: BindingView) -> Message {
        let computer = (binding.hostname.map { "\($0) " } ?? "") + "(\(binding.mac))"
        let key = binding.requestedFingerprint ?? binding.fingerprint ?? "—"
        return Message("the computer \(computer), key \(key).", zh: "电脑 \(computer)，密钥 \(key)。")
    }
    static let rejectRequestText = Message(
        "They see your reason when they log in. A new key that is rejected leaves the approved one as it was.",
        zh: "对方登录时会看到原因。拒绝新密钥时，已批准的密钥保持不变。")

    static let noDepartments = Message("Add a project department first (section 4).", zh: "请先添加项目部（第 4 页）。")
    static func approveTitle(_ name: String, _ username: String) -> Message {
        Message("Approve \(name) (\(username)) into department:", zh: "批准 \(name)（\(username)），所属项目部：")
    }
    static func rejectTitle(_ name: String, _ username: String) -> Message { Message("Reject \(name) (\(username))", zh: "拒绝 \(name)（\(username)）") }
    static let rejectText = Message("They cannot log in; they see the reason on the web page.", zh: "对方将无法登录，并可在网页上看到原因。")
    static let notYourself = Message("You cannot disable your own account.", zh: "不能停用自己的账号。")
    static func disableUserTitle(_ name: String, _ username: String) -> Message {
        Message("Disable \(name) (\(username))", zh: "停用 \(name)（\(username)）")
    }
    static let disableUserWarning = Message(
        "They are logged out at their next request and cannot log in; their leases run out.", zh: "对方下次请求时即被登出且无法再登录；其占用将自然到期。")
    static func resetTitle(_ name: String, _ username: String) -> Message {
        Message("Reset the password of \(name) (\(username))?", zh: "重置 \(name)（\(username)）的密码？")
    }
    static let resetText = Message(
        "Their password stops working; you get a temporary one to hand over.", zh: "原密码立即失效；您将得到一个临时密码交给对方。")
    static let passwordTitle = Message("Temporary password", zh: "临时密码")
    static let passwordHint = Message(
        "Hand this over in person; it is not shown again. They should change it after logging in.", zh: "请当面交给对方；此密码不会再次显示。对方登录后应修改密码。")
    static func roleTitle(_ name: String, _ username: String) -> Message { Message("Role of \(name) (\(username)):", zh: "\(name)（\(username)）的角色：") }
    static func moveUserTitle(_ name: String, _ username: String) -> Message {
        Message("Move \(name) (\(username)) to department:", zh: "将 \(name)（\(username)）调到项目部：")
    }
    static let bindingNotPending = Message("This computer is not waiting for approval.", zh: "这台电脑不在待审批状态。")
    static let bindingRevoked = Message("This computer is revoked already.", zh: "这台电脑已被撤销。")
    static func rejectBindingTitle(_ mac: String, _ username: String) -> Message {
        Message("Reject computer \(mac) of \(username)", zh: "拒绝 \(username) 的电脑 \(mac)")
    }
    static let rejectBindingText = Message(
        "Logins from that computer stay refused; the person can ask again from another.", zh: "该电脑的登录将继续被拒绝；此人可以从其他电脑再次申请。")
    static func revokeTitle(_ mac: String, _ username: String) -> Message {
        Message("Revoke computer \(mac) of \(username)", zh: "撤销 \(username) 的电脑 \(mac)")
    }
    static let revokeText = Message("ncod-tui stops working from that computer at once.", zh: "该电脑上的 ncod-tui 将立即无法使用。")

    // Organisation
    static let kind = Message("Level", zh: "层级")
    static func unitKind(_ kind: OrgUnit.Kind) -> Message {
        switch kind {
        case .organisation: Message("organisation", zh: "组织")
        case .company: Message("company", zh: "公司")
        case .department: Message("project department", zh: "项目部")
        }
    }
    static let noUnits = Message("The tree is empty. Press A to add an organisation.", zh: "组织架构为空。按 A 添加组织。")
    static func addUnitTitle(_ kind: OrgUnit.Kind, _ parent: String) -> Message {
        let english = unitKind(kind).english
        let chinese = unitKind(kind).chinese
        return parent.isEmpty
            ? Message("New \(english) — name:", zh: "新\(chinese)名称：")
            : Message("New \(english) under \(parent) — name:", zh: "在 \(parent) 下新建\(chinese)，名称：")
    }
    static let departmentIsLeaf = Message("A project department has no units under it.", zh: "项目部下不能再建下级单位。")
    static func renameUnitTitle(_ path: String) -> Message { Message("Rename \(path)", zh: "重命名 \(path)") }
    static let organisationIsTop = Message("An organisation is at the top; it cannot move.", zh: "组织位于顶层，不能移动。")
    static let nowhereToMove = Message("There is nowhere else to move it.", zh: "没有可移动到的位置。")
    static func moveUnitTitle(_ path: String) -> Message { Message("Move \(path) under:", zh: "将 \(path) 移到：") }
    static func removeUnitTitle(_ path: String) -> Message { Message("Remove \(path)?", zh: "删除 \(path)？") }
    static let removeUnitText = Message(
        "Only a unit with no units and no people under it can be removed.", zh: "只能删除没有下级单位且没有人员的单位。")

    // Leases
    static let device = Message("Device", zh: "设备")
    static let since = Message("Since", zh: "开始")
    static let age = Message("Held for", zh: "已占用")
    static let expires = Message("Renew by", zh: "续期截止")
    static let noLeases = Message("Nobody holds a device.", zh: "当前没有设备被占用。")
    static func forceTitle(_ device: String, _ holder: String) -> Message {
        Message("Take \(device) away from \(holder)", zh: "收回 \(holder) 占用的 \(device)")
    }
    static let forceText = Message(
        "Their client is told at once and VirtualHere lets the device go.", zh: "对方客户端会立即收到通知，VirtualHere 将释放该设备。")

    // Audit
    static let time = Message("Time", zh: "时间")
    static let actor = Message("Who", zh: "操作者")
    static let action = Message("Action", zh: "操作")
    static let subject = Message("Subject", zh: "对象")
    static let details = Message("Details", zh: "详情")
    static let noEvents = Message("No events match.", zh: "没有符合条件的记录。")
    static let filters = Message("Filters", zh: "筛选")
    static let noFilters = Message("none", zh: "无")
    static func page(_ first: Int, _ last: Int, _ total: Int) -> Message {
        Message("rows \(first)–\(last) of \(total)", zh: "第 \(first)–\(last) 条，共 \(total) 条")
    }
    static let filterPerson = Message("person", zh: "人员")
    static let filterDevice = Message("device", zh: "设备")
    static let filterSlave = Message("slave", zh: "从设备")
    static let filterAction = Message("action", zh: "操作")
    static let filterSince = Message("from", zh: "起始")
    static let filterUntil = Message("until", zh: "截止")
    static func filterName(_ field: AuditField) -> Message {
        switch field {
        case .person: filterPerson
        case .device: filterDevice
        case .slave: filterSlave
        case .action: filterAction
        case .since: filterSince
        case .until: filterUntil
        }
    }
    static func filterTitle(_ field: AuditField) -> Message {
        let name = filterName(field)
        return Message("Filter by \(name.english)", zh: "按\(name.chinese)筛选")
    }
    static func filterHint(_ field: AuditField) -> Message {
        switch field {
        case .person: Message("A username: what they did and what was done to them. Empty clears.", zh: "用户名：其操作及针对其的操作。留空则清除。")
        case .device: Message("Part of a VirtualHere address, e.g. box1.11. Empty clears.", zh: "VirtualHere 地址的一部分，如 box1.11。留空则清除。")
        case .slave: Message("Part of a slave's name. Empty clears.", zh: "从设备名称的一部分。留空则清除。")
        case .action:
            Message("An action (lease.ended) or a prefix ending in a dot (lease.). Empty clears.", zh: "操作名（lease.ended）或以点结尾的前缀（lease.）。留空则清除。")
        case .since, .until:
            Message("2026-11-21, 2026-11-21 09:00 (your time) or ISO 8601. Empty clears.", zh: "2026-11-21、2026-11-21 09:00（本地时间）或 ISO 8601。留空则清除。")
        }
    }
    static func badTime(_ text: String) -> Message {
        Message("'\(text)' is not a time; write 2026-11-21 or 2026-11-21 09:00.", zh: "“\(text)”不是有效时间；请写成 2026-11-21 或 2026-11-21 09:00。")
    }

    // Results

    // Keys
    static let keyNextTab = Message("next section", zh: "下一页")
    static let keyPreviousTab = Message("previous section", zh: "上一页")
    static let keyPageUp = Message("page up", zh: "上一屏")
    static let keyPageDown = Message("page down", zh: "下一屏")
    static let keyAddSlave = Message("add slave", zh: "添加从设备")
    static let keyRename = Message("rename", zh: "重命名")
    static let keyDisable = Message("disable", zh: "停用")
    static let keyEnable = Message("enable", zh: "启用")
    static let keyRemove = Message("remove", zh: "删除")
    static let keyNickname = Message("nickname", zh: "设置别名")
    static let keyMaxHold = Message("max hold", zh: "最长占用")
    static let keyTags = Message("tags", zh: "标签")
    static let keyVisibility = Message("who may use", zh: "可见范围")
    static func visibilityTitle(_ name: String) -> Message { Message("Who may see and use \(name)", zh: "\(name) 的可见范围") }
    static let visibilityHint = Message(
        "Org units, comma-separated (a unit includes everything below it). Empty opens it to everyone. Those outside lose what they hold.",
        zh: "组织单元，用逗号分隔（含其下所有单元）。留空则向所有人开放。范围外的人将失去正在占用的设备。")
    static let everyone = Message("everyone", zh: "所有人")
    static let visibleTo = Message("Visible to", zh: "可见范围")
    static func unknownUnits(_ names: String) -> Message {
        Message("No org unit called \(names); type names as the organisation tab shows them.", zh: "没有名为 \(names) 的组织单元；请按组织架构页中的名称输入。")
    }
    static func ambiguousUnit(_ name: String, _ paths: String) -> Message {
        Message("'\(name)' could be \(paths); type the whole path.", zh: "“\(name)”可能是 \(paths)；请输入完整路径。")
    }
    static let auditFigure = Message("Audit log", zh: "审计日志")
    static let auditNeverVerified = Message("not verified yet (ncod-master audit verify)", zh: "尚未校验（ncod-master audit verify）")
    static func auditIntact(_ when: String, _ count: Int) -> Message {
        Message("intact · \(count) records · verified \(when)", zh: "完整 · \(count) 条 · 校验于 \(when)")
    }
    static func auditBroken(_ when: String, _ detail: String) -> Message {
        Message("TAMPERED (verified \(when)): \(detail)", zh: "已被篡改（校验于 \(when)）：\(detail)")
    }
    static func tagsTitle(_ address: String) -> Message { Message("Tags for \(address)", zh: "\(address) 的标签") }
    static let tagsHint = Message(
        "Comma-separated, such as st-link, swd: people wait for any free device with a tag (ncod take --match tag:st-link). Empty clears them.",
        zh: "用逗号分隔，如 st-link, swd：用户可排队等任一带该标签的空闲设备（ncod take --match tag:st-link）。留空则清除。")
    static func badTags(_ text: String) -> Message {
        Message(
            "'\(text)' has a tag that is not 1 to 32 letters, digits, '-', '_' or '.'.", zh: "“\(text)”中有标签不是 1 到 32 个字母、数字、'-'、'_' 或 '.'。")
    }
    static let keyApprove = Message("approve", zh: "批准")
    static let keyReject = Message("reject", zh: "拒绝")
    static let keyRevoke = Message("revoke", zh: "撤销")
    static let keyNextList = Message("next list", zh: "下一列表")
    static let keyPreviousList = Message("previous list", zh: "上一列表")
    static let keyResetPassword = Message("reset password", zh: "重置密码")
    static let keyRole = Message("role", zh: "角色")
    static let keyMoveUser = Message("department", zh: "调整项目部")
    static let keyAddUnit = Message("add below", zh: "添加下级")
    static let keyAddOrganisation = Message("add organisation", zh: "添加组织")
    static let keyMoveUnit = Message("move", zh: "移动")
    static let keyForceRelease = Message("force release", zh: "强制释放")
    static let keyClearFilters = Message("clear filters", zh: "清除筛选")
    static let keyNextPage = Message("next page", zh: "下一页")
    static let keyPreviousPage = Message("previous page", zh: "上一页")
}
