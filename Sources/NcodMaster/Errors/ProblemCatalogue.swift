import NcodCore

/// A Chinese sentence for each problem code people meet, for a problem thrown with English words only: a client that asks for
/// Chinese (`Accept-Language: zh`) reads this instead of English. Where the code that refused gives its own Chinese detail
/// (``Problem/chineseDetail``), that wins, since it can name what was refused.
enum ProblemCatalogue {
    /// The Chinese detail for `code`, if people meet it.
    static func chinese(_ code: String) -> String? { sentences[code] }

    private static let sentences: [String: String] = [
        "invalid_request": "请求无效",
        "not_found": "未找到所请求的内容",
        "conflict": "与现有内容冲突",
        "in_use": "仍在使用中，无法删除",
        "invalid_transition": "该操作不适用于其当前状态",
        "already_decided": "该申请已处理",
        "validation_failed": "部分内容需要修改",
        "unauthorized": "请先登录",
        "invalid_token": "登录已过期，请重新登录",
        "login_ended": "此次登录已结束，请重新登录",
        "invalid_refresh_token": "登录已失效，请重新登录",
        "refresh_token_reused": "该令牌已被使用过，为安全起见此次登录已结束；请重新登录",
        "admin_only": "仅管理员可用",
        "client_not_allowed": "此客户端不能执行该操作；请使用 ncod-tui",
        "terminal_only": "只有已登记电脑上的 ncod-tui 可以占用设备",
        "device_busy": "设备正被他人使用",
        "device_offline": "设备所在的从设备离线",
        "lease_expired": "占用已到期",
        "hold_over": "占用已超过最长时间",
        "extension_used": "本次占用已延长过一次",
        "no_request": "本机没有为该账号提出过申请；请重新登录",
        "no_ca": "此服务器不提供 CA 证书",
        "payload_too_large": "请求内容过大",
        "unsupported_media_type": "请求内容格式不受支持",
        "method_not_allowed": "此地址不支持该请求方式",
        "too_many_requests": "请求过于频繁，请稍后重试",
        "internal_error": "服务器无法完成此请求，故障已记录",
        "unavailable": "服务暂时不可用，请稍后重试",
    ]
}
