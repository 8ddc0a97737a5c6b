"""Messages of the meeting exports."""

MESSAGES = {
    "export.busy": ("正在生成演示文稿……", "Preparing the slides…"),
    "export.button": ("下载汇报幻灯片（PPTX）", "Download briefing slides (PPTX)"),
    "export.button_hint": ("每项指标一页，含趋势图、状态和定义；生成约需数秒。",
                           "One slide per target with its trend, status and definition; takes a few seconds."),
    "export.subtitle": ("{area} · 判断时点 {year}年 · 数据截至 {data_year}年",
                        "{area} · judged as of {year} · data to {data_year}"),
    "export.summary_title": ("规划指标一览", "All quantified targets"),
    "export.scorecard_title": ("区县 × 指标达标表", "County × target scorecard"),
    "export.latest": ("最新值：{value}（{year}年）", "Latest: {value} ({year})"),
    "export.target": ("目标：{target}，期限 {deadline}年，条款 {clause}",
                      "Target: {target} by {deadline}, clause {clause}"),
    "export.status": ("状态：{status}", "Status: {status}"),
    "export.definition": ("定义：{num} ÷ {den}；来源：{source}", "Definition: {num} ÷ {den}; source: {source}"),
    "export.definition_value": ("定义：{num}（报告值）；来源：{source}", "Definition: {num} (a reported value); source: {source}"),
    "export.about.title": ("标题", "Title"),
    "export.about.area": ("地区", "Area"),
    "export.about.period": ("时期", "Period"),
    "export.about.source": ("来源", "Source"),
    "export.about.definition": ("定义", "Definition"),
    "export.about.suppression": ("小数处理", "Small numbers"),
    "export.about.data": ("数据性质", "Data"),
    "export.about.real": ("导入的登记、筛查和指标数据", "Imported registry, screening and indicator data"),
    "export.about.made": ("导出时间", "Exported"),
    "export.sheet.data": ("数据", "Data"),
    "export.sheet.about": ("说明", "About"),
    "export.download_xlsx": ("下载 Excel（XLSX）", "Download Excel (XLSX)"),
    "export.about.reported": ("{num}（报告值）", "{num} (a reported value)"),
    "export.unit_header": ("{name}（{unit}）", "{name} ({unit})"),
    "export.targets.scorecard_title": ("{area}规划指标区县记分卡（判断时点 {year}年）",
                                       "{area}: plan targets by county (judged as of {year})"),
    "export.targets.scorecard_definition": (
        "每项指标：判断所用的数值（单位见列名）、状态和说明；“达标项数”为该区县达到目标的指标数。",
        "Per target: the value judged (unit in the column name), its status and a note; "
        "'Targets met' counts the targets the county meets."),
    "export.targets.scorecard_source": ("{plan}；各指标的数据来源见“方法说明”页",
                                        "{plan}; the source of each indicator is on the Methods page"),
    "export.targets.county_title": ("{area}：{indicator}，各区县（判断时点 {year}年）",
                                    "{area}: {indicator} by county (judged as of {year})"),
    "export.targets.area_title": ("{area}：{indicator}，逐年", "{area}: {indicator} by year"),
    "export.years": ("{first}—{last}年", "{first}–{last}"),
    "export.unit.percent": ("%", "%"),
    "export.unit.count": ("个", "count"),
    "export.map.source": ("肿瘤登记（区县发病、死亡数）与常住人口（人年）",
                          "Cancer registry (county cases and deaths) and resident population (person-years)"),
    "export.map.definition": (
        "{rate}：病例（死亡）数除以人年；年龄标化率为直接标化，95%可信区间为伽马法（Fay–Feuer / Tiwari）；"
        "粗率为精确泊松区间。排名：率由高到低；排名的95%区间由各区县率的抽样分布模拟1000次得出。",
        "{rate}: cases (deaths) divided by person-years; age-standardised rates by the direct method with "
        "gamma intervals (Fay–Feuer / Tiwari); crude rates with exact Poisson intervals. Rank: highest rate first; "
        "the rank's 95% interval comes from 1,000 draws of every county's rate from its sampling distribution."),
    "export.map.suppression": (
        "病例（死亡）数少于{threshold}的率不显示；1—{limit}例的计数从不公布，也不能由任何公布的合计推算："
        "被隐藏的计数留空，说明栏写“为保护小数值而隐藏”（小计数与为保护它而隐藏的计数同一说明）。",
        "Rates on fewer than {threshold} cases (deaths) are not shown; counts from 1 to {limit} are never "
        "published nor derivable from any published sum: a hidden count is left empty and its note reads "
        "'hidden to protect small numbers' (the same note for a small count and for a count hidden to protect one)."),
    "export.map.codes": ("机器代码：", "codes: "),
    "export.map.rank_lower": ("排名95%区间下限", "Rank 95% interval, from"),
    "export.map.rank_upper": ("排名95%区间上限", "Rank 95% interval, to"),
    "export.county.source": ("规划指标：各区县上报与登记、筛查数据；癌症率：肿瘤登记与常住人口",
                             "Plan indicators: county reports, registry and screening data; "
                             "cancer rates: cancer registry and resident population"),
    "export.county.definition": (
        "“规划指标”各行：区县值及95%区间、全市值、目标与状态；“癌症率”各行：合并期中标率（1/10万，2000年中国人口）及95%区间，"
        "与全市比较。",
        "'Plan indicators' rows: the county's value with its 95% interval, the area's value, the target and status; "
        "'cancer rates' rows: pooled age-standardised rates (per 100,000, China 2000 population) with 95% "
        "intervals, compared with the area."),
    "export.screening.title": ("{area}：{programme}筛查，{table}", "{area}: {programme} screening, {table}"),
    "export.screening.source": ("癌症筛查项目年报（各区县应筛、已筛、阳性、确诊人数）",
                                "Annual screening-programme reports (eligible, screened, positive, diagnosed by county)"),
    "export.screening.definition": (
        "覆盖率 = 已筛人数 ÷ 应筛人数（%，95%区间为Wilson法）；早诊率 = 早期（含癌前病变）÷ 确诊癌症人数（%）。",
        "Coverage = people screened ÷ people eligible (%, Wilson 95% interval); early-diagnosis rate = early stage "
        "(incl. precancer) ÷ cancers diagnosed (%)."),
    "export.summary.indicator": ("指标", "Indicator"),
    "export.summary.target": ("目标 · 期限", "Target · deadline"),
    "export.summary.latest": ("最新值（年份）", "Latest (year)"),
    "export.summary.status": ("状态", "Status"),
    "export.summary.counties": ("区县达标", "Counties meeting it"),
    "export.alt_trend": ("趋势图：{title}", "Trend chart: {title}"),
    "export.map_note": ("颜色：区县达到的区县级指标数；数据为各指标最新可用年份。",
                        "Colour: the number of county-level targets a county meets, on each indicator's latest year."),
    "export.cover_contents": ("内容：指标一览、区县地图、{n} 项指标各一页（趋势、状态、定义）",
                              "Contents: all targets, the county map, one slide for each of {n} targets "
                              "(trend, status, definition)"),
    "export.cover_made": ("生成日期：{date} · 癌症防治规划监测", "Made on {date} · Cancer-control plan monitor"),
    "export.unknown_area": ("未知地区或无规划文件", "Unknown area or no plan file"),
    "export.unknown_county": ("未知区县", "Unknown county"),
    "export.county_deck": ("下载区县幻灯片（PPTX）", "Download county slides (PPTX)"),
    "export.county_deck_busy": ("正在生成幻灯片…", "Preparing the slides…"),
    "export.county_deck.item": ("项目", "Item"),
    "export.county_deck.value": ("数值", "Value"),
}  # fmt: skip
