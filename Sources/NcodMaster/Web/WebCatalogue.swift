import NcodCore

/// Every piece of text on the web pages, in English and Simplified Chinese.
enum WebCatalogue {
    /// Text by key; templates read them as `#(t.key)`.
    static let messages: [String: Message] = [
        "tagline": Message("shared USB devices", zh: "共享 USB 设备"),
        "registerTitle": Message("Create an account", zh: "注册账号"),
        "registerLead": Message(
            "An administrator approves new accounts before they can use devices.",
            zh: "新账号需经管理员审批后才能使用设备。"
        ),
        "loginTitle": Message("Log in", zh: "登录"),
        "meTitle": Message("My account", zh: "我的账号"),
        "username": Message("Username", zh: "用户名"),
        "usernameHint": Message("3–32 characters: letters a–z, digits, '.', '_', '-'", zh: "3–32 个字符：字母 a–z、数字、“.”、“_”、“-”"),
        "displayName": Message("Name", zh: "姓名"),
        "password": Message("Password", zh: "密码"),
        "passwordHint": Message("At least 10 characters, letters mixed with digits or symbols", zh: "至少 10 个字符，字母与数字或符号混合"),
        "contact": Message("Phone or e-mail", zh: "电话或邮箱"),
        "orgUnit": Message("Organisation / company / project department", zh: "组织 / 公司 / 项目部"),
        "chooseDepartment": Message("Choose your project department…", zh: "请选择项目部…"),
        "registerButton": Message("Register", zh: "注册"),
        "haveAccount": Message("Already registered?", zh: "已有账号？"),
        "loginLink": Message("Log in", zh: "登录"),
        "loginButton": Message("Log in", zh: "登录"),
        "noAccount": Message("No account yet?", zh: "还没有账号？"),
        "registerLink": Message("Register", zh: "注册"),
        "logoutButton": Message("Log out", zh: "退出登录"),
        "status": Message("Status", zh: "状态"),
        "role": Message("Role", zh: "角色"),
        "registered": Message("Registered", zh: "注册时间"),
        "formError": Message("Some fields need correcting.", zh: "部分内容需要修改。"),
        "loginFailed": Message("Wrong username or password.", zh: "用户名或密码错误。"),
        "loggedOut": Message("You have logged out.", zh: "您已退出登录。"),
        "csrfFailed": Message("This form has expired. Please reload the page and try again.", zh: "表单已过期，请刷新页面后重试。"),
        "backToLogin": Message("Back to the login page", zh: "返回登录页"),
        "pendingHeading": Message("Waiting for approval", zh: "等待审批"),
        "pendingText": Message(
            "Your account waits for an administrator's approval. To finish, open ncod-tui on the computer you will use the devices from and "
                + "log in there: that computer joins your request, and the administrator approves both at once. ncod-tui then moves on to the "
                + "devices by itself.",
            zh: "您的账号正在等待管理员审批。请在您使用设备的电脑上打开 ncod-tui 并登录：该电脑会加入您的申请，管理员一次即可批准账号和电脑。"
                + "批准后 ncod-tui 会自动进入设备列表。"
        ),
        "activeHeading": Message("Account active", zh: "账号已启用"),
        "activeText": Message(
            "Your account is approved. Use ncod-tui on your computer to find and connect devices.", zh: "您的账号已通过审批。请在电脑上使用 ncod-tui 查找并连接设备。"),
        "status.pending": Message("pending approval", zh: "待审批"),
        "status.active": Message("active", zh: "已启用"),
        "status.rejected": Message("rejected", zh: "已拒绝"),
        "status.disabled": Message("disabled", zh: "已停用"),
        "role.user": Message("user", zh: "普通用户"),
        "role.admin": Message("administrator", zh: "管理员"),
    ]

    /// Every text in `language`, for a template.
    static func strings(_ language: Language) -> [String: String] {
        messages.mapValues { $0.text(in: language) }
    }

    /// One text in `language`.
    static func text(_ key: String, _ language: Language) -> String {
        messages[key]?.text(in: language) ?? key
    }
}
