import NcodCore

/// The words ncod-tui and ncod-admin both show, in English and Simplified Chinese, written once.
public enum TerminalText {
    /// “Master”.
    public static let master = Message("Master", zh: "服务器")
    /// “Username”.
    public static let username = Message("Username", zh: "用户名")
    /// “Password”.
    public static let password = Message("Password", zh: "密码")
    /// “Logging in…”.
    public static let loggingIn = Message("Logging in…", zh: "正在登录…")
    /// “Name”.
    public static let displayName = Message("Name", zh: "姓名")
    /// “Keys”.
    public static let helpTitle = Message("Keys", zh: "按键")
    /// “Name”.
    public static let name = Message("Name", zh: "名称")
    /// “Status”.
    public static let status = Message("Status", zh: "状态")
    /// “free”.
    public static let free = Message("free", zh: "空闲")
    /// “Search”.
    public static let searchPrompt = Message("Search", zh: "搜索")
    /// “Connection to the master lost — reconnecting…”.
    public static let connectionLost = Message("Connection to the master lost — reconnecting…", zh: "与服务器的连接已断开，正在重连…")
    /// “search”.
    public static let keySearch = Message("search", zh: "搜索")
    /// “details”.
    public static let keyDetails = Message("details", zh: "详情")
    /// “refresh”.
    public static let keyRefresh = Message("refresh", zh: "刷新")
    /// “help”.
    public static let keyHelp = Message("help", zh: "帮助")
    /// “quit”.
    public static let keyQuit = Message("quit", zh: "退出")
    /// “back”.
    public static let keyBack = Message("back", zh: "返回")
    /// “move up”.
    public static let keyUp = Message("move up", zh: "上移")
    /// “move down”.
    public static let keyDown = Message("move down", zh: "下移")
    /// “first”.
    public static let keyFirst = Message("first", zh: "第一项")
    /// “last”.
    public static let keyLast = Message("last", zh: "最后一项")
}
