"""Cancer sites as Chinese registry annual reports group them (ICD-10)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Site:
    site: str
    icd10: str
    name_zh: str
    name_en: str
    sex_specific: str | None = None  # "F" or "M": the site applies to one sex only


SITES: tuple[Site, ...] = (
    Site("all", "C00-C97", "全部癌症", "All sites"),
    Site("lung", "C33-C34", "肺癌", "Lung"),
    Site("colorectum", "C18-C21", "结直肠癌", "Colorectum"),
    Site("stomach", "C16", "胃癌", "Stomach"),
    Site("liver", "C22", "肝癌", "Liver"),
    Site("oesophagus", "C15", "食管癌", "Oesophagus"),
    Site("breast", "C50", "女性乳腺癌", "Female breast", "F"),
    Site("cervix", "C53", "宫颈癌", "Cervix uteri", "F"),
    Site("thyroid", "C73", "甲状腺癌", "Thyroid"),
    Site("pancreas", "C25", "胰腺癌", "Pancreas"),
    Site("prostate", "C61", "前列腺癌", "Prostate", "M"),
    Site("brain", "C70-C72", "脑及中枢神经系统肿瘤", "Brain and CNS"),
    Site("leukaemia", "C91-C95", "白血病", "Leukaemia"),
    Site("lymphoma", "C81-C86,C88,C90,C96", "淋巴瘤", "Lymphoma"),
    Site("bladder", "C67", "膀胱癌", "Bladder"),
    Site("other", "Other C00-C97", "其他部位", "Other sites"),
)

SITE_BY_KEY: dict[str, Site] = {s.site: s for s in SITES}


def sites_for_sex(sex: str) -> list[Site]:
    """Sites that apply to ``sex`` ("M", "F" or "T" for both)."""
    if sex == "T":
        return [s for s in SITES if s.sex_specific is None]
    return [s for s in SITES if s.sex_specific in (None, sex)]
