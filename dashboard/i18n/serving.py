"""Messages of serving: the page shown when the database cannot be reached."""

MESSAGES = {
    "unavailable.title": ("暂时无法连接数据库", "The database cannot be reached"),
    "unavailable.body": (
        "看板暂时无法读取数据库，正在自动重试；数据库恢复后本页会自动刷新，无需任何操作。",
        "The dashboard cannot read its database right now and is retrying; this page reloads "
        "by itself as soon as the database answers again. Nothing needs to be done here.",
    ),
    "unavailable.missing": (
        "数据库文件不存在：{path}。请系统管理员恢复该文件，或运行 python -m dashboard.infra.bootstrap 重新建立数据库。",
        "The database file is missing: {path}. The system administrator should restore it, "
        "or run python -m dashboard.infra.bootstrap to build a database.",
    ),
    "unavailable.contact": (
        "如果持续超过几分钟，请联系信息科（系统管理员）。",
        "If this lasts more than a few minutes, please contact the IT department.",
    ),
    "unavailable.retrying": ("正在重试…", "Retrying…"),
}
