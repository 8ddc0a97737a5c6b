"""Messages of the screening page (/screening)."""

MESSAGES = {
    # page and controls
    "screening.page_title": ("{area}：癌症筛查", "{area}: cancer screening"),
    "screening.intro": (
        "区县筛查项目的覆盖率、筛查流程（适龄→筛查→阳性→检出→早期）与早诊率，对照规划目标。",
        "County screening programmes: coverage, the screening cascade (eligible → screened → positive → "
        "detected → early) and early diagnosis, against the plan's targets.",
    ),
    "screening.control.programme": ("筛查项目", "Programme"),
    "screening.control.year": ("年份（流程、早诊、开展情况）", "Year (cascade, early diagnosis, programmes)"),
    "screening.control.county": ("重点区县（筛查流程、高亮）", "Focus county (cascade, highlight)"),
    "screening.control.counties": ("小多图中的区县", "Counties in the small multiples"),
    "screening.control.counties_placeholder": ("全部区县", "All counties"),
    "screening.dropdown.select_all": ("全选", "Select all"),
    "screening.dropdown.deselect_all": ("全不选", "Deselect all"),
    "screening.dropdown.selected_count": ("已选 {num_selected} 项", "{num_selected} selected"),
    "screening.dropdown.search": ("搜索", "Search"),
    "screening.dropdown.clear_search": ("清除搜索", "Clear search"),
    "screening.dropdown.clear_selection": ("清除选择", "Clear selection"),
    "screening.dropdown.no_options_found": ("没有匹配的区县", "No matching county"),
    "screening.section.coverage": ("1　筛查覆盖率变化", "1  Coverage over time"),
    "screening.section.cascade": ("2　筛查流程", "2  The screening cascade"),
    "screening.section.early": ("3　早诊率", "3  Early diagnosis"),
    "screening.section.programmes": ("4　各区县筛查项目开展情况", "4  Programmes across counties"),
    "screening.section.table": ("5　图表数据", "5  The numbers behind the charts"),
    # programmes
    "screening.programme.cervical": ("宫颈癌", "Cervical"),
    "screening.programme.breast": ("乳腺癌", "Breast"),
    "screening.programme.lung": ("肺癌（50—74岁）", "Lung (ages 50–74)"),
    "screening.programme.upper_gi": ("上消化道癌", "Upper-GI"),
    "screening.programme.colorectal": ("结直肠癌", "Colorectal"),
    "screening.programme.liver": ("肝癌", "Liver"),
    "screening.eligible.cervical": ("35—64岁适龄妇女", "women aged 35–64"),
    "screening.eligible.breast": ("35—64岁适龄妇女", "women aged 35–64"),
    "screening.eligible.lung": ("50—74岁常住居民", "residents aged 50–74"),
    "screening.eligible.upper_gi": ("项目确定的目标人群", "the programme's target population"),
    "screening.eligible.colorectal": ("项目确定的目标人群", "the programme's target population"),
    "screening.eligible.liver": ("项目确定的目标人群", "the programme's target population"),
    # cascade steps and conversions
    "screening.step.eligible": ("适龄人数", "Eligible"),
    "screening.step.screened": ("筛查人数", "Screened"),
    "screening.step.positive": ("初筛阳性", "Screen-positive"),
    "screening.step.detected": ("检出癌及癌前病变", "Cancers & precancers detected"),
    "screening.step.early_detected": ("早期（含癌前病变）", "Detected early"),
    "screening.conv.coverage": ("覆盖率", "Coverage"),
    "screening.conv.positivity": ("阳性率", "Positivity"),
    "screening.conv.detection": ("阳性者检出率", "Detection among positives"),
    "screening.conv.early": ("早诊率", "Early-diagnosis rate"),
    "screening.conv_def.coverage": ("筛查人数 ÷ 适龄人数", "screened ÷ eligible"),
    "screening.conv_def.positivity": ("初筛阳性人数 ÷ 筛查人数", "screen-positive ÷ screened"),
    "screening.conv_def.detection": (
        "检出癌及癌前病变数 ÷ 初筛阳性人数",
        "cancers and precancers detected ÷ screen-positive",
    ),
    "screening.conv_def.early": (
        "早期（含癌前病变）数 ÷ 检出癌及癌前病变数",
        "detected early ÷ cancers and precancers detected",
    ),
    "screening.cmp.higher": ("高于{area}整体", "higher than {area}"),
    "screening.cmp.similar": ("与{area}整体无显著差异", "similar to {area}"),
    "screening.cmp.lower": ("低于{area}整体", "lower than {area}"),
    "screening.cmp.no_data": ("无法比较", "cannot compare"),
    "screening.vs_ref.better": ("区间在参考线之上", "interval above the line"),
    "screening.vs_ref.similar": ("区间跨过参考线", "interval spans the line"),
    "screening.vs_ref.worse": ("区间在参考线之下", "interval below the line"),
    "screening.funnel.limit95": ("95%控制限", "95% limits"),
    "screening.funnel.limit998": ("99.8%控制限", "99.8% limits"),
    "screening.funnel.above": ("高于99.8%控制限", "above the 99.8% limit"),
    "screening.funnel.within": ("在控制限内", "within the limits"),
    "screening.funnel.below": ("低于99.8%控制限", "below the 99.8% limit"),
    "screening.pos.above": ("高于控制限", "above the limit"),
    "screening.pos.within": ("在控制限内", "within the limits"),
    "screening.pos.below": ("低于控制限", "below the limit"),
    "screening.funnel_centre": ("漏斗图中心线（全地区早诊率）", "Centre line of the funnel plot (area rate)"),
    "screening.two_cancer.met": ("已达到目标", "target met"),
    "screening.two_cancer.not_met": ("尚未达到目标", "target not yet met"),
    "screening.kpi.running_sub": ("开展 = 当年筛查人数 > 0", "running = anybody screened that year"),
    # reasons
    "screening.reason.no_data": ("无数据", "no data"),
    "screening.reason.small_count": ("依赖被隐藏的小计数，不显示", "depends on a hidden small count"),
    "screening.reason.inconsistent": (
        "数据不一致（分子大于分母）",
        "inconsistent data (numerator above denominator)",
    ),
    "screening.reason.fewer_than_cases": (
        "分母少于{n}例，结果不稳定，不显示",
        "fewer than {n} cases: too unstable to show",
    ),
    "screening.not_running": ("未开展", "not running"),
    # targets and reference lines
    "screening.target.plan": (
        "规划目标 {cmp}{value:g}%（{deadline}年）",
        "Plan target {cmp} {value:g}% (by {deadline})",
    ),
    "screening.target.design_card": (
        "设计参考值 {value:g}%（本规划未设早诊率目标）",
        "Design-card reference {value:g}% (not a target of this plan)",
    ),
    "screening.target.none": (
        "本规划未设{programme}筛查覆盖率目标",
        "The plan sets no {programme} coverage target",
    ),
    "screening.area_line": ("{area}整体", "{area} as a whole"),
    "screening.area_value": ("{area}整体 {value:.1f}%", "{area} {value:.1f}%"),
    "screening.other_counties": ("其他区县", "Other counties"),
    "screening.hidden_note": (
        "标“—”的 {n} 个区县不显示早诊率（检出数过少，或含被隐藏的小计数）",
        "The {n} counties marked “—” are not shown (too few cases detected, or a hidden small count)",
    ),
    # empty states
    "screening.empty.programme": (
        "该地区没有{programme}筛查数据",
        "No {programme} screening data in this area",
    ),
    "screening.empty.counties": ("没有可显示的区县", "No county to show"),
    "screening.empty.cascade": (
        "{county}{year}年未开展{programme}筛查（无数据）",
        "{county} did not run {programme} screening in {year} (no data)",
    ),
    "screening.empty.programme_year": (
        "{year}年没有区县开展{programme}筛查",
        "No county ran {programme} screening in {year}",
    ),
    "screening.empty.year": ("{year}年没有筛查数据", "No screening data for {year}"),
    "screening.empty.funnel": (
        "{year}年{programme}筛查：没有可绘入漏斗图的区县",
        "{programme} screening, {year}: no county can be placed on a funnel plot",
    ),
    # figure titles, subtitles and axes
    "screening.fig.coverage_trend.title": (
        "{programme}筛查覆盖率（%），{y0}—{y1}年",
        "{programme} screening coverage (%), {y0}–{y1}",
    ),
    "screening.fig.multiples.title": (
        "各区县{programme}筛查覆盖率（%），{y0}—{y1}年",
        "{programme} screening coverage by county (%), {y0}–{y1}",
    ),  # fmt: skip
    "screening.fig.cascade.title": (
        "{county}：{programme}筛查流程，{year}年",
        "{county}: {programme} screening cascade, {year}",
    ),
    "screening.fig.early_county.title": (
        "各区县{programme}筛查早诊率（%），{year}年",
        "{programme} screening: early-diagnosis rate by county (%), {year}",
    ),  # fmt: skip
    "screening.fig.early_programme.title": (
        "各筛查项目早诊率（%），{year}年",
        "Early-diagnosis rate by programme (%), {year}",
    ),
    "screening.fig.funnel.title": (
        "{programme}筛查早诊率漏斗图，{year}年",
        "{programme} screening: early-diagnosis funnel plot, {year}",
    ),
    "screening.fig.matrix.title": (
        "各区县开展的筛查项目及覆盖率（%），{year}年",
        "Programmes run by each county, with coverage (%), {year}",
    ),  # fmt: skip
    "screening.fig.map.title": (
        "{programme}筛查：开展区县及覆盖率（%），{year}年",
        "{programme} screening: counties running it and coverage (%), {year}",
    ),  # fmt: skip
    "screening.sub.coverage": (
        "覆盖率 = 筛查人数 ÷ 适龄人数（{eligible}）；误差线为95%置信区间",
        "Coverage = people screened ÷ eligible people ({eligible}); error bars: 95% CI",
    ),
    "screening.sub.cascade": (
        "每步转化率 = 本步人数 ÷ 上一步人数；95%置信区间不含{area}整体值时才判为高于或低于",
        "Each rate = people at this step ÷ people at the step before; higher or lower than {area} only "
        "when the 95% CI excludes the area's rate",
    ),
    "screening.sub.early": (
        "早诊率 = 早期（含癌前病变）数 ÷ 检出癌及癌前病变数；误差线为95%置信区间",
        "Early-diagnosis rate = detected early (incl. precancers) ÷ cancers and precancers detected; "
        "error bars: 95% CI",
    ),
    "screening.sub.funnel": (
        "控制限围绕{area}整体早诊率（Spiegelhalter 2005）；点落在99.8%控制限外才算与整体显著不同",
        "Limits around the early-diagnosis rate of {area} (Spiegelhalter 2005); a county differs from "
        "the area only outside the 99.8% limits",
    ),
    "screening.sub.matrix": (
        "开展 = 当年筛查人数 > 0；单元格为覆盖率（筛查人数 ÷ 适龄人数），灰色“—”为未开展；项目名下为开展区县数",
        "Running = anybody screened that year; cells: coverage (screened ÷ eligible); grey “—”: not "
        "running; under each programme: counties running it",
    ),
    "screening.sub.map": (
        "颜色为覆盖率（筛查人数 ÷ 适龄人数），灰色为未开展",
        "Colour: coverage (screened ÷ eligible); grey: not running",
    ),
    "screening.sub.demo": ("示例数据", "demonstration data"),
    "screening.axis.coverage": ("覆盖率（%）", "Coverage (%)"),
    "screening.axis.people": ("人数（括号内为占第一步的 %）", "People (in brackets: % of the first step)"),
    "screening.axis.conversion": ("转化率（%）", "Conversion rate (%)"),
    "screening.axis.early": ("早诊率（%）", "Early-diagnosis rate (%)"),
    "screening.axis.detected": (
        "检出癌及癌前病变数（对数坐标）",
        "Cancers and precancers detected (log scale)",
    ),
    # definitions under the charts
    "screening.def.coverage": (
        "筛查覆盖率 = 当年筛查人数 ÷ 适龄人数，单位%，按区县、年份和项目计算；区县“整体”为各区县人数之和相除。"
        "适龄人数：宫颈癌、乳腺癌为35—64岁妇女，肺癌为50—74岁常住居民，其他项目为项目确定的目标人群。"
        "适龄人数为0或缺失时显示“无数据”，不作0%。误差线为Wilson 95%置信区间。规划目标线取自规划文件（如九江市宫颈癌筛查率>55%）。",
        "Screening coverage = people screened in the year ÷ eligible people, in %, by county, year and "
        "programme; the area as a whole is the sum over its counties. Eligible: women aged 35–64 "
        "(cervical, breast), residents aged 50–74 (lung), the programme's target population (others). "
        "No eligible people recorded reads “no data”, never 0%. Error bars: Wilson 95% CI. Target lines "
        "come from the plan file (e.g. Jiujiang: cervical screening above 55%).",
    ),
    "screening.def.cascade": (
        "筛查流程：适龄人数 → 筛查人数 → 初筛阳性 → 检出癌及癌前病变 → 早期（含癌前病变）。"
        "各步转化率：覆盖率 = 筛查 ÷ 适龄；阳性率 = 阳性 ÷ 筛查；阳性者检出率 = 检出 ÷ 阳性；早诊率 = 早期 ÷ 检出。"
        "与全地区比较：区县95%置信区间完全高于（低于）全地区值时判为高于（低于），否则为无显著差异。",
        "The cascade: eligible → screened → screen-positive → cancers and precancers detected → detected "
        "early. Rates: coverage = screened ÷ eligible; positivity = positive ÷ screened; detection = "
        "detected ÷ positive; early-diagnosis rate = early ÷ detected. A county is higher (lower) than the "
        "area only when its whole 95% CI lies above (below) the area's rate; otherwise similar.",
    ),
    "screening.def.early": (
        "早诊率 = 筛查发现的癌前病变及早期（0—I期，部分癌种0—II期）病例数 ÷ 筛查发现的全部癌症及癌前病变数，单位%。"
        "参考线：规划设有早诊率目标时为规划目标（如重庆市≥55%），否则为项目设计卡的55%参考值（并非该规划的目标）。"
        "检出数少于{n}例的区县结果不稳定，不显示。漏斗图的控制限按二项分布精确计算（Spiegelhalter 2005）。",
        "Early-diagnosis rate = precancers and early-stage cancers (stage 0–I; 0–II for some sites) found "
        "by screening ÷ all cancers and precancers found, in %. Line: the plan's target where it has one "
        "(e.g. Chongqing ≥ 55%), else the design card's 55% reference (not a target of that plan). "
        "Counties with fewer than {n} cases detected are too unstable to show. Funnel limits are exact "
        "binomial limits (Spiegelhalter 2005).",
    ),
    "screening.def.programmes": (
        "某区县某年“开展”某项目 = 当年筛查人数 > 0。“两癌”筛查县区覆盖率 = 当年同时开展宫颈癌和乳腺癌筛查的区县数 ÷ 全部区县数。",
        "A county runs a programme in a year when it screened anybody that year. Two-cancer county "
        "coverage = counties running both cervical and breast screening ÷ all counties.",
    ),
    "screening.def.table": (
        "隐私规则：区县1—{limit}人的计数不显示、不导出，也无法由合计、比例或其他页面推算：为此可能一并隐藏其他数值，"
        "被隐藏处一律注明“为保护小数值而隐藏”。依赖被隐藏计数的比例不显示；分母少于{n}例的比例显示为“—”，原因见“说明”列。CSV与屏幕显示一致。",
        "Privacy rules: county counts of 1 to {limit} people are never shown or exported, nor can they be worked "
        "out from totals, proportions or other pages: other numbers may be hidden with them, and every hidden "
        "number reads “hidden to protect small numbers”. Rates that depend on a hidden count are not shown; "
        "rates on fewer than {n} cases read “—”; the “note” column says why. The CSV shows exactly what the "
        "screen shows.",
    ),
    # summary cards
    "screening.kpi.coverage": (
        "{programme}筛查覆盖率（{year}年）",
        "{programme} screening coverage ({year})",
    ),
    "screening.kpi.coverage_sub": (
        "筛查 {screened} 人 ÷ 适龄 {eligible} 人",
        "{screened} screened ÷ {eligible} eligible",
    ),
    "screening.kpi.early": ("{programme}筛查早诊率（{year}年）", "{programme} early-diagnosis rate ({year})"),
    "screening.kpi.early_sub": (
        "早期 {early} 例 ÷ 检出 {detected} 例",
        "{early} early ÷ {detected} detected",
    ),
    "screening.kpi.running": (
        "开展{programme}筛查的区县（{year}年）",
        "Counties running {programme} screening ({year})",
    ),
    "screening.kpi.two_cancer": (
        "“两癌”筛查县区覆盖率（{year}年）",
        "Two-cancer screening county coverage ({year})",
    ),
    "screening.kpi.counties_of": ("{k} / {n} 个区县", "{k} of {n} counties"),
    "screening.kpi.no_target": ("本规划未设此项目标", "No target for this in the plan"),
    "screening.kpi.ci": ("95%置信区间 {lo:.1f}—{hi:.1f}%", "95% CI {lo:.1f}–{hi:.1f}%"),
    "screening.kpi.share": ("（{share:.1f}%）", " ({share:.1f}%)"),
    # punctuation between words
    "screening.sep.list": ("、", ", "),
    "screening.sep.clauses": ("；", "; "),
    "screening.sep.label": ("：", ": "),
    # table
    "screening.table.coverage": ("覆盖率（各年）", "Coverage (all years)"),
    "screening.table.cascade": ("筛查流程", "Cascade"),
    "screening.table.early": ("早诊率与漏斗图", "Early diagnosis & funnel"),
    "screening.table.programmes": ("开展情况", "Programmes run"),
    "screening.table.choice": ("显示哪张图的数据", "Numbers of which chart"),
    "screening.level.county": ("区县", "County"),
    "screening.level.area": ("全地区", "Area"),
    "screening.yes": ("是", "yes"),
    "screening.no": ("否", "no"),
    "screening.col.level": ("层级", "Level"),
    "screening.col.name": ("地区", "Area"),
    "screening.col.adcode": ("行政区划代码", "Adcode"),
    "screening.col.year": ("年份", "Year"),
    "screening.col.programme": ("筛查项目", "Programme"),
    "screening.col.eligible": ("适龄人数", "Eligible"),
    "screening.col.screened": ("筛查人数", "Screened"),
    "screening.col.positive": ("初筛阳性", "Screen-positive"),
    "screening.col.detected": ("检出癌及癌前病变", "Detected"),
    "screening.col.early_detected": ("早期（含癌前病变）", "Detected early"),
    "screening.col.coverage": ("覆盖率（%）", "Coverage (%)"),
    "screening.col.coverage_lower": ("95%下限（%）", "95% CI lower (%)"),
    "screening.col.coverage_upper": ("95%上限（%）", "95% CI upper (%)"),
    "screening.col.early": ("早诊率（%）", "Early-diagnosis rate (%)"),
    "screening.col.early_lower": ("95%下限（%）", "95% CI lower (%)"),
    "screening.col.early_upper": ("95%上限（%）", "95% CI upper (%)"),
    "screening.col.step": ("步骤", "Step"),
    "screening.col.count": ("区县人数", "County count"),
    "screening.col.area_count": ("全地区人数", "Area count"),
    "screening.col.conversion": ("转化率名称", "Rate"),
    "screening.col.definition": ("定义", "Definition"),
    "screening.col.rate": ("区县转化率（%）", "County rate (%)"),
    "screening.col.rate_lower": ("95%下限（%）", "95% CI lower (%)"),
    "screening.col.rate_upper": ("95%上限（%）", "95% CI upper (%)"),
    "screening.col.area_rate": ("全地区转化率（%）", "Area rate (%)"),
    "screening.col.comparison": ("与全地区比较", "Against the area"),
    "screening.col.vs_reference": ("对照55%参考线", "Against the 55% line"),
    "screening.col.funnel_998": ("漏斗图位置（99.8%）", "Funnel position (99.8%)"),
    "screening.col.funnel_95": ("漏斗图位置（95%）", "Funnel position (95%)"),
    "screening.col.running": ("开展", "Running"),
    "screening.col.note": ("说明", "Note"),
}
