"""The read API's messages (errors and the metadata's texts)."""

MESSAGES = {
    "api.error.invalid": (
        "参数 {parameter} 的值 “{value}” 无效，可用值：{allowed}",
        "Parameter {parameter}: “{value}” is not allowed; allowed: {allowed}",
    ),
    "api.error.missing": (
        "缺少参数 {parameter}，可用值：{allowed}",
        "Parameter {parameter} is missing; allowed: {allowed}",
    ),
    "api.error.repeated": (
        "参数 {parameter} 只能给一次（收到：{value}）",
        "Parameter {parameter} may be given once only (got: {value})",
    ),
    "api.error.unknown": (
        "未知参数：{parameter}；本接口的参数：{allowed}",
        "Unknown parameter: {parameter}; this route takes: {allowed}",
    ),
    "api.error.login": ("请先登录。", "Please log in."),
    "api.error.forbidden": ("您的账户无权查看该地区。", "Your account may not read this area."),
    "api.error.not_found": ("没有这个接口，请看 /api/v1/。", "No such route; see /api/v1/."),
    "api.error.no_area": ("您的账户无权查看任何规划地区。", "Your account may not read any plan area."),
    "api.methods": (
        "发病率、死亡率按区县与地区计算（粗率，2000年中国人口标准化率，Segi世界人口标准化率，0—74岁累积率），"
        "附95%置信区间；规划指标按规划文件判断现状与到期前景；筛查为覆盖、阳性、检出与早诊级联。",
        "Incidence and mortality rates by county and area (crude, standardised to China 2000 and to Segi's "
        "world population, cumulative 0–74) with 95% intervals; plan indicators judged against the plan "
        "file's targets now and by the deadline; screening as the cascade of coverage, positives, detection "
        "and early diagnosis.",
    ),
    "api.suppression": (
        "1至{limit}例的区县计数从不公布，也不能由已公布的数字推出：每个隐藏单元格在已公布的全部数字之下"
        "仍至少有{limit}个可能的整数值；病例少于{threshold}例的率不予显示。隐藏值为 null（CSV 为空单元格），"
        "原因一律为 “hidden”，不说明是否为小数。",
        "County counts from 1 to {limit} are never published, nor derivable: every hidden cell keeps at "
        "least {limit} possible whole values given everything published. Rates on fewer than {threshold} "
        "cases are not shown. Hidden values are null (empty cells in CSV) and their reason is always "
        "“hidden”, never saying whether a count is small.",
    ),
}
