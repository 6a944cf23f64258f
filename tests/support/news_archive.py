"""A small generated news archive in SaudiNewsNet's format (zipped JSON, one file a day)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

# One agency story that three papers ran with small edits (the syndicated copies).
AGENCY_STORY = (
    "أعلنت هيئة السوق المالية السعودية اليوم عن إطلاق منصة جديدة لتداول أسهم الشركات الصغيرة "
    "والمتوسطة في السوق الموازية، وقال رئيس الهيئة إن المنصة ستبدأ العمل مطلع العام المقبل "
    "بعد استكمال الإجراءات التنظيمية، وأضاف أن الهيئة تهدف إلى تنويع مصادر التمويل للشركات "
    "وتوسيع قاعدة المستثمرين وتعزيز الشفافية في التداولات اليومية للسوق.\n"
    "وأوضح أن عدد الشركات المرشحة للإدراج في المرحلة الأولى يبلغ عشرين شركة من قطاعات "
    "التجزئة والصناعة والخدمات، وأن الهيئة ستنشر قواعد الإدراج خلال الأسابيع المقبلة."
)
# Filler words that make each article of the archive its own story.
_TOPICS = (
    "افتتح أمير المنطقة مستشفى جديدا للأطفال في مدينة {place} بسعة مئتي سرير",
    "فاز فريق {place} على منافسه بثلاثة أهداف في الدوري بعد مباراة حماسية",
    "هطلت أمطار غزيرة على محافظة {place} وأعلن الدفاع المدني حالة التأهب",
    "وقعت أمانة {place} عقدا لتطوير الحدائق العامة وإنشاء ممرات للمشاة",
)
PLACES = ("جدة", "الدمام", "أبها", "تبوك", "حائل", "جازان", "نجران", "الطائف")


def article(source: str, day: str, title: str, content: str, number: int) -> dict:
    """One record as SaudiNewsNet stores it (scraping time with seconds, like the real one)."""
    return {
        "source": source,
        "url": f"https://{source}.example.com/article/{number}",
        "date_extracted": f"{day} 02:51:32",
        "title": title,
        "author": "",
        "content": content,
    }


def filler(number: int) -> str:
    """A distinct two-paragraph article about a place."""
    topic = _TOPICS[number % len(_TOPICS)].format(place=PLACES[number % len(PLACES)])
    return (
        f"{topic}، وذلك ضمن خطة رقم {number} للعام الحالي.\n"
        f"وقال المسؤول {number} إن العمل سيكتمل خلال {number + 2} أشهر في {PLACES[number % 8]}."
    )


def write_archive(folder: Path, days: dict[str, list[dict]]) -> Path:
    """Write one YYYY-MM-DD.zip holding YYYY-MM-DD.json per day; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for day, records in days.items():
        with zipfile.ZipFile(folder / f"{day}.zip", "w") as archive:
            archive.writestr(f"{day}.json", json.dumps(records, ensure_ascii=False))
    return folder


def syndicated_archive(folder: Path) -> Path:
    """Three days of news: the agency story in okaz, almadina and alwatan (edited a little),
    stock-market news in two papers on several days, and distinct filler articles."""
    edits = (
        AGENCY_STORY,
        AGENCY_STORY.replace("اليوم", "أمس").replace("وأضاف", "كما أضاف"),
        "المدينة - واس\n" + AGENCY_STORY.replace("عشرين شركة", "20 شركة"),
    )
    days = {
        "2015-07-30": [
            article("okaz", "2015-07-30", "منصة جديدة للشركات الصغيرة", edits[0], 1),
            article("alriyadh", "2015-07-30", "سوق الأسهم يغلق مرتفعا", _market("يوليو"), 2),
        ],
        "2015-08-01": [
            article("almadina", "2015-08-01", "«الهيئة» تطلق منصة للشركات", edits[1], 3),
            article("okaz", "2015-08-01", "سوق الأسهم يتراجع", _market("أغسطس"), 4),
        ],
        "2015-08-02": [
            article("alwatan", "2015-08-02", "منصة للسوق الموازية", edits[2], 5),
            article("okaz", "2015-08-02", "سوق الأسهم يرتفع &quot;بقوة&quot;", _market("آخر"), 6),
        ],
    }
    for number in range(7, 31):
        day = list(days)[number % 3]
        days[day].append(
            article(("sabq", "alyaum")[number % 2], day, f"خبر {number}", filler(number), number)
        )
    return write_archive(folder, days)


_MARKET_DAYS = {
    "يوليو": "وتراجعت أسهم شركات الاتصالات بعد إعلان نتائج الربع الثاني",
    "أغسطس": "وقاد قطاع التأمين الارتفاع مع دخول سيولة جديدة من المستثمرين الأفراد",
    "آخر": "وسجلت أسهم شركات الإسمنت أعلى مستوياتها منذ بداية العام الحالي",
}


def _market(month: str) -> str:
    """A stock-market report (each day's its own: a template would be one story)."""
    return (
        f"أغلق مؤشر سوق الأسهم السعودية في تداولات شهر {month} على تغير في قيمة الأسهم، "
        f"{_MARKET_DAYS[month]}."
    )
