"""Every Arabic sentence Dalil says to people, in one place."""

from __future__ import annotations

QUESTION_LABEL = "السؤال"
PASSAGE_LABEL = "الفقرة"
SOURCE_LABEL = "المصدر"
NO_ANSWER = "لم أجد في المصادر ما يجيب عن هذا السؤال."
NO_ANSWER_HINT = "جرّب صياغة أخرى، أو كلمات أدق مثل اسم شخص أو مكان أو حدث."
NO_TERMS = "لم أجد في سؤالك كلمات أبحث بها. اكتب سؤالك بالعربية، مثل: من هو بلال الشواش؟"
NO_MORE = "لا مزيد من النتائج لهذا السؤال."
ANSWER_HEADER = "إليك ما وجدته في المصادر:"
ANSWER_HEADER_MORE = "نتائج أخرى:"
MATCHED_LABEL = "الكلمات المطابقة"
CHAT_WELCOME = "دليل: اكتب سؤالك بالعربية ثم اضغط Enter (Ctrl-D للخروج)."
CHAT_PROMPT = "سؤالك> "


def passages_added(count: int) -> str:
    """Say how many passages were added, with the right Arabic number form."""
    if count == 1:
        return "فقرة واحدة"
    if count == 2:
        return "فقرتان"
    if 3 <= count <= 10:
        return f"{count} فقرات"
    return f"{count} فقرة"
