"""The indicator catalogue: what each plan indicator means and how it is computed.

Definitions are the working definitions of ``../shared/reference/plan-targets.md``
and are shown in the interface next to each indicator. A plan file may override
the Chinese/English definition text of an indicator it uses.

``kind`` says how the value for an area is obtained:

- ``ratio``: Σ numerator ÷ Σ denominator of ``indicator_observations`` over the
  area's counties (or the area's own row when there is one).
- ``reported``: a value reported for the area itself (survival, survey-weighted
  awareness, environment figures); never summed across counties.
- ``county_share``: share of counties whose own observation meets the
  condition (numerator ≥ denominator, i.e. "has it": registry running,
  oncology specialty, cancer centre).
- ``screening_early``: Σ early_detected ÷ Σ detected in the ``screening`` table.
- ``screening_coverage``: Σ screened ÷ Σ eligible for one programme.
- ``programme_counties``: share of counties running all the named programmes
  (screened > 0 in the year).
- ``count``: a plain count (projects funded), compared with the target as is.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    key: str
    name_zh: str
    name_en: str
    kind: str
    unit: str  # "%" or "count"
    higher_is_better: bool
    numerator_zh: str
    numerator_en: str
    denominator_zh: str
    denominator_en: str
    source_zh: str
    source_en: str
    programmes: tuple[str, ...] = ()
    county_level: bool = True  # is there a value per county?
    counts: str = "people"  # what numerator and denominator count: "people" or "facilities"

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_zh


_SURVEY_ZH = "居民癌症防治核心知识知晓率调查（15—69岁，加权）"
_SURVEY_EN = "Resident survey of core cancer knowledge (ages 15–69, weighted)"

INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in [
        Indicator(
            "survival_5y", "总体癌症5年生存率", "Overall 5-year cancer survival",
            "reported", "%", True,
            "年龄标化5年相对生存率（全部癌症）", "Age-standardised 5-year relative survival, all cancers",
            "—（报告值，非由病例计算）", "— (a reported value, not computed from case records)",
            "肿瘤登记随访（市级报告）", "Registry follow-up (city report)", county_level=False,
        ),
        Indicator(
            "awareness", "癌症防治核心知识知晓率", "Core cancer-knowledge awareness",
            "reported", "%", True,
            "达到核心知识合格线的受访居民（加权）", "Surveyed residents meeting the core-knowledge threshold (weighted)",
            "15—69岁受访居民（加权）", "Surveyed residents aged 15–69 (weighted)",
            _SURVEY_ZH, _SURVEY_EN,
        ),
        Indicator(
            "oncology_dept", "二级及以上医院肿瘤科设置率", "Oncology departments in secondary+ hospitals",
            "ratio", "%", True,
            "设有登记肿瘤科的符合条件二级及以上医院数", "Eligible secondary-and-above hospitals with a registered oncology department",
            "符合条件的二级及以上医院数", "All eligible secondary-and-above hospitals",
            "医疗机构执业登记（卫生健康委）", "Health-facility registration (health commission)",
            counts="facilities",
        ),
        Indicator(
            "county_oncology_specialty", "区县设置肿瘤专科", "Counties with an oncology specialty",
            "county_share", "%", True,
            "设有肿瘤专科的区县数", "Counties with an oncology specialty",
            "全部区县数", "All counties",
            "医疗机构执业登记（卫生健康委）", "Health-facility registration (health commission)",
        ),
        Indicator(
            "registry_coverage", "肿瘤登记区县覆盖率", "Cancer-registry coverage of counties",
            "county_share", "%", True,
            "肿瘤登记处正常运行的区县数", "Counties with a running cancer registry",
            "全部区县数", "All counties",
            "肿瘤登记管理名录（疾控中心）", "Registry roster (CDC)",
        ),
        Indicator(
            "registry_standard", "规范开展肿瘤登记的县（市、区）比例", "Counties registering cancer to standard",
            "county_share", "%", True,
            "登记数据达到质量标准的区县数", "Counties whose registry data meet the quality standard",
            "全部区县数", "All counties",
            "肿瘤登记质量审核（疾控中心）", "Registry quality audit (CDC)",
        ),
        Indicator(
            "early_diagnosis", "重点癌种早诊率", "Early-diagnosis rate, key cancers",
            "screening_early", "%", True,
            "筛查发现的癌前病变及早期（0—I期，部分癌种0—II期）病例数",
            "Precancerous lesions and early-stage cancers (stage 0–I; 0–II for some sites) found by screening",
            "筛查发现的全部癌症及癌前病变数", "All cancers and precancers found by screening",
            "筛查项目登记表", "Screening programme tables",
            programmes=("cervical", "breast", "lung", "upper_gi", "colorectal", "liver"),
        ),
        Indicator(
            "two_cancer_counties", "农村适龄妇女“两癌”筛查县区覆盖率", "Rural two-cancer screening: county coverage",
            "programme_counties", "%", True,
            "当年开展宫颈癌和乳腺癌筛查的区县数", "Counties running both cervical and breast screening in the year",
            "全部区县数", "All counties",
            "筛查项目登记表", "Screening programme tables", programmes=("cervical", "breast"),
        ),
        Indicator(
            "cervical_screening", "适龄妇女宫颈癌筛查率", "Cervical screening rate, eligible women",
            "screening_coverage", "%", True,
            "筛查周期内接受宫颈癌筛查的35—64岁妇女数", "Women aged 35–64 screened within the programme interval",
            "35—64岁适龄妇女数", "Eligible women aged 35–64",
            "筛查项目登记表", "Screening programme tables", programmes=("cervical",),
        ),
        Indicator(
            "referral_out", "重点癌种患者市外转诊率", "Out-of-city referral, key cancers",
            "ratio", "%", False,
            "转诊至市外就诊的重点癌种患者数", "Key-cancer patients referred outside the city",
            "重点癌种患者总数", "All key-cancer patients",
            "医保结算数据（医保局）", "Insurance settlement data (healthcare security bureau)",
        ),
        Indicator(
            "county_cancer_centre", "县级癌症中心、肿瘤质控中心设置率", "Counties with a cancer centre and tumour QC centre",
            "county_share", "%", True,
            "同时设有县级癌症中心和肿瘤质控中心的区县数", "Counties with both a county cancer centre and a tumour QC centre",
            "全部区县数", "All counties",
            "卫生健康委工作台账", "Health commission records",
        ),
        Indicator(
            "mdt_first_visit", "三期以上肿瘤患者初诊多学科诊疗率", "First-visit MDT rate, stage III+",
            "ratio", "%", True,
            "初诊接受多学科诊疗的III期及以上患者数", "Stage III+ patients given multidisciplinary care at first visit",
            "初诊III期及以上患者数", "All stage III+ patients at first visit",
            "医院质控数据", "Hospital quality-control data",
        ),
        Indicator(
            "tcm_prevention", "二级以上中医医院治未病中心（科）设置率", "Preventive-care centres in secondary+ TCM hospitals",
            "ratio", "%", True,
            "设有治未病中心（科）的二级以上中医医院数", "Secondary+ TCM hospitals with a preventive-care centre",
            "二级以上中医医院数", "All secondary+ TCM hospitals",
            "中医药管理部门台账", "TCM administration records", counts="facilities",
        ),
        Indicator(
            "farmland_safe_use", "受污染耕地安全利用率", "Safe use of contaminated farmland",
            "reported", "%", True,
            "安全利用的受污染耕地面积", "Contaminated farmland in safe use (area)",
            "受污染耕地面积", "All contaminated farmland (area)",
            "农业农村局", "Agriculture and rural affairs bureau", county_level=False,
        ),
        Indicator(
            "water_compliance", "出厂水综合合格率", "Drinking-water plant compliance",
            "reported", "%", True,
            "合格的出厂水样本数", "Compliant plant-water samples",
            "出厂水样本数", "All plant-water samples",
            "住建局、水利局", "Housing and water bureaus", county_level=False,
        ),
        Indicator(
            "research_projects", "癌症防治科技计划立项数", "Cancer research projects funded",
            "count", "count", True,
            "当年立项的癌症防治科技计划项目数", "Cancer-control research projects funded in the year",
            "—", "—",
            "科技局", "Science and technology bureau", county_level=False,
        ),
    ]
}  # fmt: skip


def get_indicator(key: str) -> Indicator:
    try:
        return INDICATORS[key]
    except KeyError:
        raise ValueError(f"unknown indicator {key!r}") from None
