"""Messages of the meeting exports."""

MESSAGES = {
    "export.busy": ("正在生成演示文稿……", "Preparing the slides…"),
    "export.button": ("下载汇报幻灯片（PPTX）", "Download briefing slides (PPTX)"),
    "export.button_hint": ("每项指标一页，含趋势图、状态和定义；生成约需数秒。",
                           "One slide per target with its trend, status and definition; takes a few seconds."),
    "export.subtitle": ("{area} · 判断时点 {year}年 · 数据截至 {data_year}年",
                        "{area} · judged as of {year} · data to {data_year}"),
    "export.summary_title": ("规划指标一览", "All quantified targets"),
    "export.latest": ("最新值：{value}（{year}年）", "Latest: {value} ({year})"),
    "export.target": ("目标：{target}，期限 {deadline}年，条款 {clause}",
                      "Target: {target} by {deadline}, clause {clause}"),
    "export.status": ("状态：{status}", "Status: {status}"),
    "export.definition": ("定义：{num} ÷ {den}；来源：{source}", "Definition: {num} ÷ {den}; source: {source}"),
    "export.definition_value": ("定义：{num}（报告值）；来源：{source}", "Definition: {num} (a reported value); source: {source}"),
    "export.unknown_area": ("未知地区或无规划文件", "Unknown area or no plan file"),
}  # fmt: skip
