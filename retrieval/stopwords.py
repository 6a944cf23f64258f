"""Arabic stopwords, question words included, in normalized form."""

from __future__ import annotations

from retrieval.normalize import normalize

QUESTION_WORDS = """
ما ماذا لماذا لما من متى متي أين اين أيان كيف كم هل أي اي أية ايه أيها أيهم إذا أنى
ماهو ماهي ماهى بماذا لمن بمن ممن عمن عما مما فيما بما بأي لأي وأي فأي ومن ومتى وأين وكيف وكم وهل
ماذا كيفية الى هل
""".split()

# The same questions asked in Gulf, Levantine and Egyptian speech («وش صار في أبها؟»), and the
# dialect's relative pronoun and "because" (اللي، عشان).
DIALECT_WORDS = (
    "وش ايش إيش شو شنو ليش ليه وين فين مين منو شلون امتى إمتى قديش اللي عشان علشان".split()
)

_FUNCTION_WORDS = """
في فى على علي إلى الى عن مع منذ مذ حتى خلال عند عبر ضد لدى نحو حول دون بين بعد قبل
تحت فوق أمام خلف وراء ضمن ب ل ك و ف ثم أو أم بل لكن لكنه لكنها غير سوى إلا
أن إن إذ لو لولا كي لكي لأن كأن كان كانت كانوا يكون تكون يكونوا كنت كنا
ليس ليست لست لسنا قد لقد لم لن لا نعم كلا سوف س
هو هي هم هن هما أنا نحن أنت أنتم أنتن أنتما
هذا هذه هذان هاتان هؤلاء ذلك ذلكم تلك أولئك هنا هناك هنالك ذا ذي ذو
الذي التي اللذان اللتان الذين اللاتي اللواتي اللائي
كل بعض جميع كافة أيضا فقط جدا حيث حين بينما كما مثل عدة
عليه عليها عليهم منه منها منهم فيه فيها فيهم له لها لهم به بها بهم إليه إليها
عنه عنها عنهم معه معها معهم لديه لديها
وقد وفي ومن وما وهو وهي وأن وإن وكان وكانت ولا ولم ولن وهذا وهذه وذلك وتلك وعلى وإلى وعن ومع
فقد فإن فهو فهي ولكن لذلك كذلك وكذلك
يا أما إما
ال
""".split()

STOPWORDS = frozenset(normalize(word) for word in QUESTION_WORDS + DIALECT_WORDS + _FUNCTION_WORDS)

# Words people often misspell (مادا, اللذي): a question word or a relative pronoun. Only these
# are recognised behind a slip; a content word one letter from «حول» or «عند» is left alone.
SLIP_PRONE = frozenset(
    normalize(word) for word in QUESTION_WORDS + "الذي التي الذين اللذان اللتان".split()
)

# Question and function words of the dialects («شو صار بإدلب؟», «مين اللي حذر؟»): dropped
# from questions as the words below are, so that ranking does not seek them and «لا يذكر» does
# not name them (not أبي, هادي, الي, شي: names and words of the standard language too).
# Passages keep them (the analyzer, and so the index, is unchanged).
DIALECT_WORDS = """
شو شنو ايش إيش وش ويش مين وين فين ليش لويش شلون اشلون كيفاش قديش قداش كام امتى إمتى
صار صارت بيصير يصير بصير اللي هال هاد هادا هيدا هيك هيدي مو مش مب عشان علشان بدي ابغى أبغى
خبرني احكيلي
""".split()

# Words that phrase a request rather than name what is asked («أعط اسما ...», «اذكر ...»,
# «كم عدد ...»): dropped from questions only (passages keep them), unless nothing else remains.
QUESTION_PHRASING = frozenset(
    normalize(word) for word in "أعط أعطي أعطني اذكر أذكر تعريف يمكن عدد".split() + DIALECT_WORDS
)
