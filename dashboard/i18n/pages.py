"""Tab titles of the pages (``<title>``), by page name, in both languages."""

MESSAGES = {
    "page.title.home": ("癌症防治规划监测", "Cancer-control plan monitor"),
    "page.title.map": ("癌症发病死亡地图", "Cancer incidence and mortality map"),
    "page.title.targets": ("规划指标", "Plan targets"),
    "page.title.screening": ("癌症筛查", "Cancer screening"),
    "page.title.county": ("区县概况", "County profile"),
    "page.title.methods": ("方法说明", "Methods"),
}
