"""Every Arabic sentence Dalil says to people, in one place."""

from __future__ import annotations

QUESTION_LABEL = "السؤال"
PASSAGE_LABEL = "الفقرة"
PAGE_LABEL = "الصفحة"
# In place of a title already shown above, in the citation of another excerpt of its document.
SAME_DOCUMENT = "الوثيقة نفسها"
# Under an article cited once for a story several papers published.
ALSO_IN = "نشرته أيضًا"
# Under the answer header or the «no answer» line when the question narrowed the search.
SEARCHED_IN = "نطاق البحث: {scope}"
NO_ANSWER = "لم أجد في المصادر ما يجيب عن هذا السؤال."
NO_ANSWER_HINT = "جرّب صياغة أخرى، أو كلمات أدق مثل اسم شخص أو مكان أو حدث."
NO_TERMS = "لم أجد في سؤالك كلمات أبحث بها. اكتب سؤالك بالعربية واذكر فيه اسم شخص أو مكان أو حدث."
NO_MORE = "لا مزيد من النتائج لهذا السؤال."
ANSWER_HEADER = "إليك ما وجدته في المصادر:"
ANSWER_HEADER_MORE = "نتائج أخرى:"


def related_header(missing: tuple[str, ...]) -> str:
    """Above passages about the subject that do not give the detail asked (escaped words)."""
    if missing:
        words = "، ".join(f"«{w}»" for w in missing)
        return f"لم أجد في المصادر جوابًا عن {words} في سؤالك، لكن هذه أقرب المقاطع إليه:"
    return "لم أجد في المصادر جوابًا صريحًا عن سؤالك، لكن هذه أقرب المقاطع إليه:"


# Opens both lines that say an answer leaned on the previous one.
FOLLOWED_UP_MARK = "↩️"
# Above an answer whose first result is first only because the question followed up on the
# previous answer (the follow_up feature).
FOLLOWED_UP = (
    f"{FOLLOWED_UP_MARK} اعتبرتُ سؤالك متابعةً لجوابي السابق فقدّمتُ الوثيقة نفسها؛ "
    "إن كنت تقصد شيئًا آخر فاذكره باسمه في سؤالك."
)
# Above an answer to a follow-up that lacks its subject («ومتى حدث ذلك؟»), searched in the
# previous answer's document with the previous question's subject (retrieval.follow_ups).
FOLLOWED_UP_ON = (
    FOLLOWED_UP_MARK + " قرأتُ سؤالك متابعةً لسؤالك السابق «{subject}» "
    "فبحثتُ عن جوابه في الوثيقة نفسها؛ إن كنت تقصد شيئًا آخر فاذكره باسمه في سؤالك."
)
# Under an excerpt: the question's words that its passage does not hold in any form.
MISSING_LABEL = "لا يذكر"
CHAT_WELCOME = "دليل: اكتب سؤالك بالعربية ثم اضغط Enter (Ctrl-D للخروج)."
CHAT_PROMPT = "سؤالك> "
# The terminal chat's commands: «المزيد» and «الفقرة N» stand for the bot's buttons.
CHAT_MORE = ("المزيد", "/more")
CHAT_PASSAGE = ("الفقرة", "/passage")
CHAT_HINT = "(اكتب «المزيد» لنتائج أخرى، أو «الفقرة {first}» لنص الفقرة كاملة مع ما حولها)"
CHAT_HINT_LAST = "(اكتب «الفقرة {first}» لنص الفقرة كاملة مع ما حولها)"
CHAT_NOTHING_YET = "اسأل سؤالًا أولًا، ثم اكتب «المزيد» أو «الفقرة 1»."
CHAT_NO_SUCH_RESULT = "لا توجد نتيجة بهذا الرقم؛ اكتب «الفقرة» ثم رقم نتيجة معروضة، مثل: الفقرة 1"


def _counted(count: int, one: str, two: str, few: str, many: str) -> str:
    """A number with its Arabic noun form: واحدة، مثنى، جمع (3-10)، مفرد (11 فأكثر)."""
    if count == 1:
        return one
    if count == 2:
        return two
    if 3 <= count <= 10:
        return f"{count} {few}"
    return f"{count} {many}"


def passages_added(count: int) -> str:
    """Say how many passages were added, with the right Arabic number form."""
    return _counted(count, "فقرة واحدة", "فقرتان", "فقرات", "فقرة")


def documents_count(count: int) -> str:
    """Say how many documents there are, with the right Arabic number form."""
    return _counted(count, "وثيقة واحدة", "وثيقتان", "وثائق", "وثيقة")


BOT_DESCRIPTION = "دليل"
COMMANDS = (
    ("start", "التعريف بالبوت وطريقة السؤال"),
    ("help", "المساعدة: كيف تسأل وما المصادر"),
    ("ask", "اطرح سؤالًا (في المجموعات): /ask سؤالك"),
    ("new", "سؤال جديد: أنسى سياق الأسئلة السابقة"),
    ("stats", "إحصاءات المصادر والفهرس"),
    ("reindex", "تحديث الفهرس من مجلد المصادر (للمشرفين)"),
    ("docs", "الوثائق المفهرسة: العدد لكل مصدر، الأحدث، البحث بالاسم (للمشرفين)"),
    ("remove", "حذف ملف من المصادر: /remove اسم_الملف (للمشرفين)"),
)
# Shown in the command menu of admins' private chats only.
ADMIN_COMMANDS = frozenset({"reindex"})


def welcome(documents: int, passages: int, example: str) -> str:
    """The /start and /help message (Telegram HTML; example: an escaped question)."""
    commands = "\n".join(f"/{name} — {description}" for name, description in COMMANDS)
    return (
        "مرحبًا! أنا <b>دليل</b> 📚\n"
        "أجيب عن الأسئلة بالعربية من مجموعة من الوثائق العربية، "
        "وأذكر مع كل جواب مقتطفات من النصوص ومصدر كل مقتطف "
        "(عنوان الوثيقة أو الصحيفة وتاريخ النشر، ورقم الصفحة أو الفقرة).\n\n"
        "<b>كيف تسأل؟</b>\n"
        f"اكتب سؤالك بالعربية في رسالة، مثل: <i>{example}</i>\n"
        "في المجموعات: اكتب <code>/ask</code> ثم سؤالك، أو اذكرني في رسالتك، "
        "أو ردّ على إحدى رسائلي.\n"
        "ويمكنك أن تتابع بسؤال قصير مثل <i>ومتى حدث ذلك؟</i> خلال عشر دقائق من جوابي، "
        "فأرجّح نتائج الوثيقة التي جاء منها الجواب السابق.\n"
        "تحت كل جواب زر «المزيد» لنتائج أخرى، وأزرار لعرض النص الكامل لكل مقتطف.\n\n"
        f"<b>المصادر:</b> {documents_count(documents)}، مقسّمة إلى {passages_added(passages)}. "
        "لا أجيب إلا بما فيها، وإن لم أجد جوابًا قلت ذلك.\n\n"
        f"<b>الأوامر:</b>\n{commands}"
    )


GENERIC_EXAMPLE = "ما آخر الأخبار؟"


# Questions that cannot be searched (example: an escaped question the collection answers).
def empty_question(example: str) -> str:
    """The reply to an empty message."""
    return f"أرسل سؤالك نصًّا بالعربية، مثل: {example}"


def ask_usage(example: str) -> str:
    """The reply to /ask without a question."""
    return f"اكتب سؤالك بعد الأمر، مثل: <code>/ask {example}</code>"


def no_words(example: str) -> str:
    """The reply to a message without Arabic words."""
    return f"لم أجد في رسالتك كلمات عربية أبحث بها. اكتب سؤالك بالعربية، مثل: {example}"


def latin_only(example: str) -> str:
    """The reply to a message in Latin letters only."""
    return (
        f"أبحث في وثائق عربية، فاكتب سؤالك بالعربية من فضلك، مثل: {example}\n"
        "Please ask in Arabic: the documents are in Arabic."
    )


# Small talk (bot.small_talk): a short polite reply and how to ask.
def greeting_reply(example: str) -> str:
    """The reply to «مرحبا» or «السلام عليكم»."""
    return f"أهلًا وسهلًا! اسألني عن أي شيء في المصادر، مثل: {example}"


def thanks_reply(example: str) -> str:
    """The reply to «شكرا»."""
    return f"العفو! يسعدني أن أساعد. اسأل متى شئت، مثل: {example}"


def who_reply(example: str) -> str:
    """The reply to «من أنت؟»."""
    return (
        "أنا <b>دليل</b>: أجيب عن الأسئلة بالعربية من مجموعة من الوثائق، "
        f"مع مقتطفات منها ومصدر كل مقتطف. جرّب مثلًا: {example}\nأرسل /help للمزيد."
    )


NEW_BUTTON = "سؤال جديد 🆕"
NEW_DONE = "حسنًا، سأعدّ سؤالك التالي سؤالًا جديدًا لا متابعةً لما سبق."
NOT_TEXT = "أفهم الأسئلة المكتوبة فقط. اكتب سؤالك بالعربية في رسالة نصية."
UNKNOWN_COMMAND = "لا أعرف هذا الأمر. أرسل /help لترى الأوامر."
SLOW_DOWN = "أرسلت أسئلة كثيرة في دقيقة واحدة. تمهّل قليلًا ثم أعد المحاولة بعد دقيقة."
APOLOGY = "عذرًا، حدث خطأ أثناء معالجة طلبك. حاول مرة أخرى بعد قليل."


def too_long(length: int, limit: int) -> str:
    """The reply to a question over the length limit."""
    return (
        f"سؤالك طويل جدًا ({length} حرفًا). اختصره إلى {limit} حرف أو أقل، "
        "واكتفِ بالكلمات المهمة: الأسماء والأماكن والأحداث."
    )


# Buttons.
MORE_BUTTON = "المزيد ⬅️"
PASSAGE_BUTTON = "📖 النص {rank}"
STALE_BUTTON = "هذا الزر قديم أو لم يعد صالحًا. أعد إرسال سؤالك من فضلك."
FULL_PASSAGE_HEADER = "النص الكامل"
# Inline mode (@bot سؤال in any chat) and the links it shares.
OPEN_IN_CHAT = "افتح في المحادثة"
INLINE_ASK_IN_CHAT = "اكتب سؤالك بالعربية، أو اسألني في المحادثة"
INLINE_QUESTION = "❓ {question}"
INLINE_SLOW_DOWN = "طلبات كثيرة في دقيقة؛ تمهّل قليلًا"
SHARED_PASSAGE_GONE = (
    "تغيّرت المصادر منذ مشاركة هذه الفقرة فلم أعد أجدها. اكتب سؤالك وسأبحث لك من جديد."
)
# What Telegram shows before the first message (≤ 512) and on the bot's profile (≤ 120).
BOT_DESCRIPTION = (
    "دليل يجيب عن أسئلتك بالعربية من مجموعة من الوثائق العربية، "
    "ويذكر مع كل جواب مقتطفات من النصوص ومصدر كل مقتطف. "
    "اضغط «ابدأ» ثم اكتب سؤالك، مثل: من هو بلال الشواش؟ "
    "ويمكنك أن تسألني في أي محادثة بكتابة اسمي ثم سؤالك."
)
BOT_SHORT_DESCRIPTION = "أجيب عن أسئلتك بالعربية من وثائق عربية، مع ذكر المصدر."
REPLACE_BUTTON = "استبدال الملف"
CANCEL_BUTTON = "إلغاء"

# Admin.
NOT_ADMIN = "عذرًا، هذا الأمر للمشرفين فقط."
REINDEX_STARTED = "⏳ بدأ تحديث الفهرس… ستبقى الإجابات متاحة أثناء ذلك."
REINDEX_RUNNING = "⏳ يجري الآن تحديث آخر للفهرس. انتظر حتى ينتهي ثم أعد المحاولة."
REINDEX_FAILED = "⚠️ تعذّر تحديث الفهرس، وبقي الفهرس السابق يجيب عن الأسئلة: {reason}"
REINDEX_STOPPED = "توقّف البوت أثناء التحديث، فلم يكتمل"
REINDEX_DISK_FULL = "القرص ممتلئ على الخادم، فلم أستطع كتابة الفهرس الجديد ({detail})"
REINDEX_UNREADABLE = "لا أستطيع قراءة مجلد المصادر أو أحد مجلداته ({detail})"
REINDEX_MASS_REMOVAL = (
    "كان التحديث سيحذف أكثر من نصف الوثائق دفعة واحدة، فلم أنفّذه ({detail}). "
    "إن كان الحذف مقصودًا فشغّل على الخادم: <code>dalil index --allow-mass-removal</code>"
)
DATABASE_LOST = (
    "⚠️ ملف قاعدة الفهرس لم يعد موجودًا ({detail}). ما زلت أجيب من الفهرس المحمّل في الذاكرة، "
    "ولا أسجّل الأسئلة، ولم أنشئ قاعدة فارغة مكانه. أعد الملف من نسخة احتياطية، "
    "أو أرسل /reindex لبناء فهرس جديد من مجلد المصادر."
)
UPLOAD_ONLY_ADMINS = "شكرًا لك! إضافة الملفات إلى المصادر للمشرفين فقط."
NOT_TYPED_BY_ADMIN = (
    "عذرًا، لا أنفّذ هذا إلا إذا أرسله مشرف بنفسه وباسمه: "
    "لا رسالة مُعاد توجيهها، ولا رسالة باسم قناة أو مجموعة."
)
UPLOAD_REJECTED = "لم أقبل الملف {name}: {reason}"
UPLOAD_EXISTS = "يوجد في المصادر ملف بالاسم {name}. هل تريد استبداله بالملف الجديد؟"
UPLOAD_SAME = "الملف {name} موجود في المصادر بالمحتوى نفسه؛ لا شيء يحتاج إلى تحديث."
UPLOAD_CANCELLED = "أُلغي رفع الملف {name}؛ بقي الملف القديم كما هو."
UPLOAD_SAVED_BUSY = (
    "حُفظ الملف {name}، لكن تحديثًا آخر للفهرس يجري الآن. أرسل /reindex بعد انتهائه لإضافته."
)
UPLOAD_NOT_SAVED = "لم أستطع حفظ الملف {name}: {reason}. لم يُضف شيء إلى المصادر."
UPLOAD_NOT_INDEXED = "حُفظ الملف {name}، لكنه لم يُفهرس: {reason}"

# Reasons an uploaded file is refused.
REASON_NO_NAME = "ليس له اسم"
REASON_BAD_NAME = "اسمه غير آمن (لا يجوز أن يحتوي على / أو \\ أو .. أو أن يبدأ بنقطة)"
REASON_NAME_TOO_LONG = "اسمه أطول من {limit} حرفًا"
REASON_EXTENSION = "أقبل ملفات ‎.txt‎ و‎.md‎ و‎.pdf‎ و‎.docx‎ و‎.html‎ فقط"
REASON_TOO_BIG = "حجمه أكبر من {limit} ميغابايت"
REASON_NOT_UTF8 = "ليس نصًّا بترميز UTF-8"
REASON_NOT_ARABIC = "لا يحتوي على نص عربي كافٍ"
REASON_EMPTY = "الملف فارغ"
REASON_SCANNED = "ملف PDF ممسوح ضوئيًا بلا طبقة نص (صور فقط)؛ حوّله إلى نص بالتعرّف الضوئي أولًا"
REASON_UNREADABLE = "تتعذّر قراءة نصّه (ملف تالف أو محمي بكلمة مرور)"
REASON_NOT_A_FILE = "يوجد في المصادر مجلد بهذا الاسم"
REASON_DISK_FULL = "القرص ممتلئ على الخادم"
REASON_NAME_TOO_LONG_HERE = "اسمه أطول مما يسمح به نظام الملفات على الخادم؛ اختر اسمًا أقصر"
REASON_NOT_SAVED = "تعذّرت الكتابة في مجلد المصادر ({detail})"

# Storage reasons (English, from storage/) shown to admins in Arabic when known.
SKIP_REASONS = (
    ("not valid UTF-8", "ليس بترميز UTF-8"),
    ("empty file", "ملف فارغ"),
    ("binary file", "ملف ثنائي لا نصّي"),
    ("larger than", "أكبر من الحجم المسموح"),
    ("not valid JSON", "JSON غير صالح"),
    ("not a valid zip", "ملف zip غير صالح"),
    ("not ready", "ملف zip لم يكتمل نسخه بعد على ما يبدو؛ بقيت وثائقه السابقة حتى يمكن قراءته"),
    ("symbolic link", "رابط رمزي إلى ملف خارج المجلد"),
    ("cannot be read", "تتعذّر قراءته"),
    ("scanned PDF", "ملف PDF ممسوح ضوئيًا بلا طبقة نص"),
    ("not a readable", "ملف تالف تتعذّر قراءته"),
    ("password-protected", "ملف محمي بكلمة مرور"),
    ("not valid Unicode", "فيه رموز يونيكود غير صالحة"),
    ("encrypted", "عضو مشفّر بكلمة سر في ملف zip"),
    ("compression method", "طريقة ضغط غير مدعومة"),
    ("corrupt compressed data", "بيانات مضغوطة تالفة"),
    ("damaged zip member", "عضو تالف في ملف zip"),
    ("another member", "اسم مكرّر داخل ملف zip (قُرئ الأول وحده)"),
    ("another document", "اسم وثيقة مكرّر (فُهرست الأولى وحدها)"),
    ("would expand", "يتمدّد عند فك الضغط فوق الحد المسموح (قنبلة ضغط؟)"),
    ("compressed", "نسبة ضغطه فوق الحد المسموح (قنبلة ضغط؟)"),
    ("expands past", "يتمدّد عند فك الضغط فوق الحد المسموح"),
    ("not read: the build", "تجاوز البناء حدّه من النصوص فلم يُقرأ"),
    ("folder cannot be read", "مجلد تتعذّر قراءته"),
)


def skip_reason(reason: str) -> str:
    """Say in Arabic why the index skipped a file (the original reason when unknown)."""
    for prefix, arabic in SKIP_REASONS:
        if reason.startswith(prefix):
            return arabic
    return reason


STATS_TITLE = "📊 <b>إحصاءات دليل</b>"
STATS_DOCUMENTS = "الوثائق"
STATS_PASSAGES = "الفقرات"
STATS_BUILT = "آخر بناء للفهرس"
STATS_TODAY = "أسئلة اليوم"
STATS_UNANSWERED = "آخر أسئلة بلا جواب"
STATS_NONE = "لا شيء"
STATS_LOG_OFF = "سجل الأسئلة متوقف (DALIL_LOG_QUESTIONS=false)."
REINDEX_DONE = "✅ <b>اكتمل تحديث الفهرس</b> في {seconds} ثانية."
REINDEX_ADDED = "أُضيف"
REINDEX_CHANGED = "عُدّل"
REINDEX_REMOVED = "حُذف"
REINDEX_SKIPPED = "تُخطّي"
REINDEX_UNCHANGED = "بلا تغيير"
REINDEX_TOTAL = "المجموع: {documents}، {passages}."
REINDEX_MORE_FILES = "و{count} غيرها"
DOCS_TITLE = "🗂 <b>الوثائق المفهرسة</b>: {documents}"
DOCS_PER_SOURCE = "<b>حسب المصدر:</b>"
DOCS_NEWEST = "<b>الأحدث:</b>"
DOCS_FOUND = "🔎 <b>ملفات اسمها يحوي</b> «{query}»:"
DOCS_NONE_FOUND = "لا يوجد في المصادر ملف يحوي اسمه «{query}»."
DOCS_HINT = (
    "ابحث باسم ملف: <code>/docs جزء_من_الاسم</code> — واحذف ملفًا: <code>/remove الاسم</code>"
)
FILES_LABEL = "ملفات"
REMOVE_USAGE = "اكتب اسم الملف بعد الأمر، مثل: <code>/remove تقرير.pdf</code> (ابحث عنه بـ /docs)."
REMOVE_UNKNOWN = (
    "لا يوجد في المصادر ملف بالاسم {name}. ابحث عنه بـ <code>/docs جزء_من_الاسم</code>."
)
REMOVE_CONFIRM = (
    "هل تريد حذف الملف {name} ({documents}) من المصادر؟ سيُنقل إلى مجلد المحذوفات ويُحدَّث الفهرس."
)
REMOVE_BUTTON = "حذف الملف"
REMOVE_CANCELLED = "أُلغي الحذف؛ بقي الملف {name} في المصادر."
REMOVE_DONE = "🗑 نُقل الملف {name} إلى مجلد المحذوفات <code>{trash}</code> وحُدّث الفهرس: {documents}."
REMOVE_GONE = "الملف {name} لم يعد في مجلد المصادر."
STATS_PER_SOURCE = "حسب المصدر"
UPLOAD_DONE = "✅ أُضيف الملف {name} إلى المصادر: {passages}."
UPLOAD_REPLACED = "✅ استُبدل الملف {name} في المصادر: {passages}."
