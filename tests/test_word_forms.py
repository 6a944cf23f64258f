"""«لا يذكر»: a question word the passage holds in another form is not named as missing."""

from __future__ import annotations

import pytest

from retrieval.analyzer import DEFAULT_ANALYZER
from retrieval.word_forms import same_word


@pytest.mark.parametrize(
    ("asked", "shown"),
    [
        ("المدنيين", "قتل 25 مدنيا"),
        ("الجنود", "23 جنديا سوريا"),
        ("قتل", "بمقتل قائد الفوج"),
        ("زار", "وزير الدفاع يزور بلدة الهبيط"),
        ("سرقت", "سيارة مسروقة"),
        ("قياديو", "القياديين المحليين"),
        ("وكالة", "لوكالة سبوتنيك"),
        ("فروا", "عملية فرار كبيرة"),
        ("فروا", "السجناء الفارين"),
        ("فر", "معتقلون فروا من السجن"),
        ("ردوا", "جاء الرد سريعا"),
        ("عاصمتهم", "عاصمة الدولة"),
        ("الزيارة", "خلال زيارتهم"),
        ("1998", "في عام 1998م."),
    ],
)
def test_another_form_of_the_word_counts_as_held(asked: str, shown: str) -> None:
    [term] = DEFAULT_ANALYZER(asked)
    assert same_word(term, set(DEFAULT_ANALYZER(shown)))


@pytest.mark.parametrize(
    ("asked", "shown"),
    [
        ("المدنيين", "مدينة ادلب"),
        ("وزير", "زار البلدة"),
        ("ولد", "والده"),
        ("فروا", "الفرق المشاركة"),
        ("ردوا", "الورد الطائفي"),
        ("1998", "في عام 1999م"),
    ],
)
def test_a_different_word_is_still_missing(asked: str, shown: str) -> None:
    [term] = DEFAULT_ANALYZER(asked)
    assert not same_word(term, set(DEFAULT_ANALYZER(shown)))
