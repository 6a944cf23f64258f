"""Each ranking technique, pinned on small Arabic collections: it helps where it should."""

from __future__ import annotations

import dataclasses

import numpy as np

from retrieval.aliases import AliasTable
from retrieval.analyzer import DEFAULT_ANALYZER, analyze
from retrieval.answer_types import asks_for_a_name, expected_type, opens_a_definition
from retrieval.collection import coverage, matched_terms
from retrieval.corpus import Corpus, DocumentInfo, build_corpus
from retrieval.rerank import bigram_share, contains_phrase, window_share
from retrieval.search import Searcher
from retrieval.settings import PLAIN_BM25, SearchSettings
from retrieval.techniques import FEATURES

PLAIN = PLAIN_BM25

FILLER = [
    "وتشهد المنطقة منذ سنوات نزاعا طويلا بين الأطراف المتحاربة على الأرض.",
    "وأكدت مصادر محلية أن الأوضاع الإنسانية تزداد سوءا مع دخول فصل الشتاء.",
    "ودعت منظمات دولية إلى فتح ممرات آمنة لإيصال المساعدات إلى السكان.",
]


def corpus_of(documents: dict[str, str]) -> Corpus:
    """Index a few documents in memory, one passage per paragraph."""
    return build_corpus(
        ((DocumentInfo(path, text.split("\n", 1)[0]), text) for path, text in documents.items()),
        analyze,
    )


def top_document(searcher: Searcher, question: str) -> tuple[str, int]:
    """The file and passage number of the first hit."""
    hit = searcher.search(question, top_k=1).hits[0]
    return hit.document.path, hit.passage_number


def with_weights(**weights: float) -> SearchSettings:
    """Plain BM25 plus the named features, with these weights."""
    return PLAIN.plus(**weights)


def plain_then_with(
    documents: dict[str, str] | list[str], question: str, **weights: float
) -> tuple[tuple[str, int], tuple[str, int]]:
    """The first hit with plain BM25, then with the named techniques (a list of paragraphs is
    one article, a.txt, beside filler)."""
    if isinstance(documents, list):
        documents = {"a.txt": "\n".join(documents), "b.txt": "\n".join(FILLER * 3)}
    plain = Searcher(corpus_of(documents), settings=PLAIN)
    techniques = Searcher(corpus_of(documents), settings=with_weights(**weights))
    return top_document(plain, question), top_document(techniques, question)


def test_document_evidence_prefers_the_paragraph_of_the_article_about_the_question() -> None:
    documents = {
        "a.txt": "زار وفد من الصليب الأحمر مدينة حلب أمس.\n" + "\n".join(FILLER),
        "b.txt": "\n".join(
            [
                "مخيم الهول يؤوي آلاف النازحين في ريف الحسكة.",
                "زار وفد من الصليب الأحمر المخيم الأسبوع الماضي.",
                "ويعاني مخيم الهول من نقص الدواء والغذاء.",
                "وتدير الإدارة الذاتية مخيم الهول منذ سنوات.",
            ]
        ),
    }
    plain, fused = plain_then_with(documents, "متى زار وفد الصليب الأحمر مخيم الهول؟", document=1.0)
    assert plain[0] == "a.txt"
    assert fused == ("b.txt", 2)


def test_proximity_prefers_the_words_of_the_question_side_by_side() -> None:
    apart = "قال مدير المدرسة إن المرصد الجوي توقع أمطارا وإن السوري ينتظر حقوق الإنسان في بلده."
    together = "وقال مدير المرصد السوري لحقوق الإنسان رامي عبد الرحمن إن الغارات استمرت طوال الليل."
    documents = {"a.txt": apart, "b.txt": together}
    question = "من هو مدير المرصد السوري لحقوق الإنسان؟"
    ids = [corpus_of(documents).vocabulary.get(t, -1) for t in analyze(question)]
    corpus = corpus_of(documents)
    assert bigram_share(corpus.passage_terms(1), ids) > bigram_share(corpus.passage_terms(0), ids)
    assert window_share(corpus.passage_terms(1), ids) > window_share(corpus.passage_terms(0), ids)
    near = Searcher(corpus, settings=with_weights(proximity=1.0))
    assert top_document(near, question)[0] == "b.txt"


def test_a_quoted_phrase_must_match_as_a_phrase() -> None:
    documents = {
        "a.txt": "أعلنت وزارة الدفاع أن سوريا المفيدة تمتد من حلب إلى دمشق.",
        "b.txt": "وتبقى المفيدة من الخطط في سوريا تلك التي تحمي المدنيين والمفيدة للاقتصاد.",
    }
    searcher = Searcher(corpus_of(documents), settings=PLAIN)
    answer = searcher.search("ما هي «سوريا المفيدة»؟", top_k=5)
    assert [hit.document.path for hit in answer.hits] == ["a.txt"]
    assert searcher.search("ما هي «المفيدة سوريا»؟").abstained


def test_contains_phrase_needs_the_words_in_order_and_adjacent() -> None:
    terms = np.array([5, 1, 2, 3, 9])
    assert contains_phrase(terms, [1, 2, 3])
    assert not contains_phrase(terms, [1, 3])
    assert not contains_phrase(terms, [2, 1])
    assert not contains_phrase(terms, [1, -1])


def test_aliases_find_a_name_written_another_way() -> None:
    documents = {
        "a.txt": "أعلن تنظيم الدولة الإسلامية مسؤوليته عن تفجير سيارة مفخخة أمام المخفر في حريتان.",
        "b.txt": "\n".join(FILLER),
    }
    table = AliasTable.build([["داعش", "تنظيم الدولة", "الدولة الإسلامية"]], DEFAULT_ANALYZER)
    question = "أين فجر داعش سيارة مفخخة؟"
    without = Searcher(corpus_of(documents), settings=PLAIN)
    with_aliases = Searcher(corpus_of(documents), settings=PLAIN.plus("aliases"), aliases=table)
    assert without.search(question).hits == () or (
        "داعش" not in without.search(question).hits[0].passage_text
    )
    answer = with_aliases.search(question)
    assert answer.hits[0].document.path == "a.txt"
    highlighted = {answer.hits[0].excerpt.text[s:e] for s, e in answer.hits[0].excerpt.highlights}
    assert {"مفخخة", "الدولة"} <= highlighted


def test_an_aliased_name_weighs_in_document_evidence_as_one_name() -> None:
    groups = [["داعش", "تنظيم الدولة", "الدولة الإسلامية", "الدولة الإسلامية في العراق والشام"]]
    aliases = AliasTable.build(groups, DEFAULT_ANALYZER)
    levant = [
        "وقعت اشتباكات في الرقة أمس.",
        "بلاد العراق والشام منطقة تاريخية قامت فيها الدولة الأموية ثم الدولة العباسية.",
        "ويعيش في العراق والشام عرب وأكراد، وحكمت الدولة العثمانية العراق والشام قرونا.",
        "وتمتد الدولة في العراق والشام من الجبال إلى الصحراء.",
        "ونظام الدولة في العراق والشام نظام مركزي.",
    ]
    news = ["وقعت اشتباكات في الرقة أمس!", "وأعلن تنظيم داعش مسؤوليته عن هجمات سابقة."]
    documents = {
        "levant.txt": "\n".join(levant),
        "news.txt": "\n".join(news),
        "other.txt": "\n".join(FILLER * 3),
    }
    searcher = Searcher(
        corpus_of(documents), settings=with_weights(document=1.0).plus("aliases"), aliases=aliases
    )
    question = "ماذا فعل داعش في الرقة؟"
    ranked = searcher.ranked(searcher.parse(question), 10)
    cited = [
        (searcher.corpus.documents[searcher.corpus.passages[p].document].path, n)
        for p, _ in ranked
        for n in [searcher.corpus.passages[p].number]
    ]
    # the same sentence in both: the article naming داعش wins, not the one whose words
    # «الدولة», «العراق», «الشام» each belong to one of its longer names
    assert cited.index(("news.txt", 1)) < cited.index(("levant.txt", 1))


def test_alias_table_matches_the_longest_name_once() -> None:
    table = AliasTable.build(
        [["الدولة الإسلامية في العراق والشام", "داعش"], ["الدولة الإسلامية", "تنظيم الدولة"]],
        DEFAULT_ANALYZER,
    )
    matches = table.find(analyze("ماذا فعلت الدولة الإسلامية في العراق والشام في حلب؟"))
    assert len(matches) == 1
    assert ("داعش",) in matches[0].members


def test_answer_type_cue_breaks_a_tie_toward_a_date_for_when() -> None:
    documents = {
        "a.txt": "وافتتح الرئيس المستشفى الجديد في المدينة وسط حضور كبير.",
        "b.txt": "وافتتح الرئيس المستشفى الجديد في المدينة في 12 مارس 2019.",
    }
    plain, cued = plain_then_with(documents, "متى افتتح الرئيس المستشفى الجديد؟", answer_type=0.2)
    assert plain[0] == "a.txt"
    assert cued[0] == "b.txt"


def test_which_year_and_which_city_ask_for_a_date_and_a_place() -> None:
    def wanted(question: str) -> str | None:
        return expected_type(DEFAULT_ANALYZER.words(question))

    assert wanted("في أي عام استقلت مصر؟") == wanted("متى استقلت مصر؟") == "date"
    assert wanted("في أي مدينة ولد جبران؟") == wanted("إلى أي الدول هاجر؟") == "place"
    assert wanted("إلى أي بلدات نقل التنظيم عناصره؟") == "place"
    assert wanted("أي حزب ينتمي إليه؟") is None


def test_what_is_the_area_or_share_asks_for_a_number() -> None:
    def wanted(question: str) -> str | None:
        return expected_type(DEFAULT_ANALYZER.words(question))

    assert wanted("ما مساحة آسيا؟") == wanted("كم مساحة آسيا؟") == "number"
    assert wanted("ما هي نسبة العرب في العراق؟") == wanted("ماهو طول نهر النيل؟") == "number"
    assert wanted("ما اسم هولندا بالإنجليزية؟") is None


def test_answer_type_cue_is_never_a_filter() -> None:
    documents = {"a.txt": "وافتتح الرئيس المستشفى الجديد في المدينة وسط حضور كبير."}
    cued = Searcher(corpus_of(documents), settings=with_weights(answer_type=1.0))
    assert top_document(cued, "متى افتتح الرئيس المستشفى الجديد؟")[0] == "a.txt"


def test_within_document_words_pick_the_paragraph_that_differs() -> None:
    biography = "\n".join(
        [
            "رجب طيب أردوغان سياسي تركي ولد في إسطنبول ورجب طيب أردوغان رئيس تركيا.",
            "لعب رجب طيب أردوغان كرة القدم لصالح نادي قاسم باشا في شبابه.",
            "انتخب رجب طيب أردوغان رئيسا لبلدية إسطنبول عام 1994.",
        ]
    )
    question = "لصالح أي نادي لعب رجب طيب أردوغان؟"
    searcher = Searcher(corpus_of({"a.txt": biography}), settings=with_weights(within_document=1.0))
    assert top_document(searcher, question) == ("a.txt", 2)


def test_clitic_variants_match_a_word_with_a_one_letter_prefix() -> None:
    documents = {
        "a.txt": "قام التنظيم بنقل عناصره إلى بلدات اطمة والدانا وحارم.",
        "b.txt": "\n".join(FILLER),
    }
    question = "إلى أين نقل التنظيم عناصره؟"
    on = Searcher(corpus_of(documents), settings=PLAIN.plus("clitic_variants"))
    assert "بنقل" in on.lexicon.variants("نقل") or "بنقل" in [
        v for t in analyze(question) for v in on.lexicon.variants(t)
    ]
    hit = on.search(question).hits[0]
    assert "بنقل" in {hit.excerpt.text[s:e] for s, e in hit.excerpt.highlights}


def test_phrase_count_counts_passages_holding_a_name() -> None:
    documents = {"a.txt": "هيئة تحرير الشام\nتحرير الشام هيئة\nهيئة تحرير الشام مرة أخرى"}
    searcher = Searcher(corpus_of(documents))
    assert searcher.phrase_count("هيئة تحرير الشام") == 2
    assert searcher.phrase_count("جبهة النصرة") == 0


def test_final_taa_variants_join_a_noun_and_its_form_before_a_pronoun() -> None:
    documents = {
        "a.txt": "يطل العراق على الخليج العربي من جهة الجنوب.",
        "b.txt": "العراق دولة عربية في غرب آسيا عاصمتها مدينة بغداد.",
        "c.txt": "\n".join(FILLER),
    }
    question = "ما هي عاصمة العراق؟"
    off = Searcher(corpus_of(documents), settings=PLAIN)
    on = Searcher(corpus_of(documents), settings=PLAIN.plus("taa_variants"))
    assert on.lexicon.variants("عاصم") == ("عاصمت",) and off.lexicon.variants("عاصم") == ()
    assert off.search(question).abstained  # «عاصمة» alone is nowhere in the collection
    assert top_document(on, question)[0] == "b.txt"


def test_an_iyya_word_in_the_dual_or_before_a_pronoun_matches_its_singular() -> None:
    # light8 strips «ية» from «الشيعية» (شيع) but only «ان» from «الشيعيتان» (شيعيت)
    documents = {
        "a.txt": "ويسيطر جيش الفتح على المحافظة باستثناء بلدتي الفوعة وكفريا ذات الغالبية الشيعية.",
        "b.txt": "ووصل الوفد إلى البلدتين مساء الاثنين.",
        "c.txt": "\n".join(FILLER),
        "d.txt": "وحصل اللاعب على جنسيته الجديدة.",
    }
    question = "ما البلدتان الشيعيتان في المحافظة؟"
    off = Searcher(corpus_of(documents), settings=PLAIN)
    on = Searcher(corpus_of(documents), settings=PLAIN.plus("taa_variants"))
    assert analyze("الشيعيتان") == ["شيعيت"] and "شيع" in on.lexicon.variants("شيعيت")
    assert "جنسيت" in on.lexicon.variants("جنس")  # and back: «الجنسية» finds «جنسيته»
    assert off.lexicon.variants("شيعيت") == ()
    for searcher, found in [(on, True), (off, False)]:
        hit = searcher.search(question, top_k=1).hits[0]
        assert hit.document.path == "a.txt"
        assert ("شيع" in hit.matched_terms) is found  # «الشيعية» counts and is highlighted
    held = {
        s: coverage(q, matched_terms(s.corpus, q, 0))
        for s in (on, off)
        for q in [s.parse(question)]
    }
    assert held[on] > held[off] + 0.4  # the rare word now counts


def test_a_word_and_its_variants_count_once_not_once_per_form() -> None:
    documents = {
        "a.txt": "جمهورية آيسلندا دولة جزرية أوروبية في شمال المحيط الأطلسي.",
        "b.txt": "تقع الحديقة قرب النهر ويقع المتحف خلفها فتقع الساحة أمامهما.",
        "c.txt": "\n".join(FILLER),
        "d.txt": "تقع المدرسة في وسط البلدة القديمة.",
    }
    question = "أين تقع آيسلندا؟"
    settings = PLAIN.plus("clitic_variants")
    one = Searcher(corpus_of(documents), settings=settings)
    each = Searcher(
        corpus_of(documents), settings=dataclasses.replace(settings, variants_as_one=False)
    )
    assert set(one.lexicon.variants("تقع")) == {"يقع", "فتقع"}
    first = each.search(question, top_k=1).hits  # three forms of «تقع» outweigh the name
    assert not first or first[0].document.path == "b.txt"
    assert top_document(one, question)[0] == "a.txt"


def test_lead_paragraph_answers_what_is_questions() -> None:
    article = "\n".join(
        [
            "الجرب مرض جلدي معد تسببه حشرة صغيرة.",
            "ينتشر الجرب في الأماكن المزدحمة وينتقل الجرب باللمس المباشر ويعالج الجرب بالمراهم.",
        ]
    )
    documents = {"a.txt": article, "b.txt": "\n".join(FILLER)}
    off = Searcher(corpus_of(documents), settings=PLAIN)
    on = Searcher(corpus_of(documents), settings=with_weights(lead=1.0))
    assert top_document(off, "ما هو الجرب؟") == ("a.txt", 2)
    assert top_document(on, "ما هو الجرب؟") == ("a.txt", 1)
    # only a question asking what something is: a longer question keeps its BM25 order
    assert top_document(on, "كيف ينتقل الجرب؟") == ("a.txt", 2)


def test_a_longer_who_is_question_favours_the_lead_of_the_article_titled_with_the_name() -> None:
    documents = {
        "a.txt": "\n".join(
            [
                "العربي بن مهيدي أحد قادة الثورة الجزائرية، ولد في عين مليلة.",
                "كان العربي بن مهيدي يحب الموسيقى، وكان العربي بن مهيدي يلعب كرة القدم.",
            ]
        ),
        "b.txt": "\n".join(
            ["كتب المؤرخون عن الثورة كثيرا، وذكروا العربي بن مهيدي بين قادتها.", *FILLER]
        ),
        "c.txt": "\n".join(FILLER * 3),
    }
    question = "من هو العربي بن مهيدي؟"
    off = Searcher(corpus_of(documents), settings=PLAIN)
    on = Searcher(corpus_of(documents), settings=with_weights(lead=1.0))
    assert top_document(off, question) == ("a.txt", 2)
    assert top_document(on, question) == ("a.txt", 1)
    lead_of_other = on.search(question, top_k=3).hits
    assert [h.document.path for h in lead_of_other].index("b.txt") == 2


def test_a_lead_repeated_with_a_bracket_less_is_cited_once() -> None:
    lead = "الأسد حيوان من الثدييات من فصيلة السنوريات يعيش في أفريقيا."
    documents = {
        "a.txt": "\n".join(
            [
                lead.replace("السنوريات", "السنوريات (باللاتينية: Panthera leo)"),
                lead,
                "تعيش الأسود في زمر، وتصطاد الإناث في الغالب.",
            ]
        ),
        "b.txt": "\n".join(FILLER * 3),
    }
    searcher = Searcher(corpus_of(documents))
    hits = searcher.search("ما هو الأسد؟ وأين يعيش؟", top_k=3).hits
    assert [h.passage_number for h in hits] == [1, 3]
    one_word_more = dict(documents, **{"a.txt": documents["a.txt"].replace(lead, lead + " وآسيا")})
    hits = Searcher(corpus_of(one_word_more)).search("ما هو الأسد؟ وأين يعيش؟", top_k=3).hits
    assert [h.passage_number for h in hits] == [1, 2, 3]


def test_the_excerpt_goes_where_the_question_differs_from_the_articles_subject() -> None:
    opening = (
        "رجب طيب أردوغان سياسي تركي ولد في إسطنبول، ورجب طيب أردوغان رئيس الجمهورية منذ سنوات، "
        "وقد درس رجب طيب أردوغان في مدارس إسطنبول الدينية ثم في كلية الاقتصاد والعلوم الإدارية."
    )
    answer = "وأسس مع رفاقه حزب العدالة والتنمية في عام 2001 وما زال يرأس الحزب حتى اليوم."
    paragraph = " ".join([opening, *FILLER, answer])
    documents = {"a.txt": "\n".join([opening, paragraph]), "b.txt": "\n".join(FILLER * 3)}
    assert len(paragraph) > 400
    question = "ما الحزب الذي يرأسه رجب طيب أردوغان؟"

    def excerpt(settings: SearchSettings) -> str:
        hits = Searcher(corpus_of(documents), settings=settings).search(question, top_k=2).hits
        return next(h.excerpt.text for h in hits if h.passage_number == 2)

    assert "العدالة والتنمية" not in excerpt(SearchSettings().minus("title_words_in_excerpts"))
    assert "العدالة والتنمية" in excerpt(SearchSettings())


def test_a_lead_continued_in_the_next_paragraph_is_cited_in_full_at_the_leads_rank() -> None:
    lead = "التقويم الميلادي هو التقويم المستعمل مدنيا في أكثر دول العالم."
    continued = lead + " ويسمى أيضا بالتقويم الغريغوري نسبة إلى البابا غريغوريوس الثالث عشر."
    documents = {
        "a.txt": "\n".join([lead, continued, "كان التقويم اليولياني أقل دقة في حساب السنة."]),
        "b.txt": "\n".join(FILLER * 3),
    }
    searcher = Searcher(corpus_of(documents))
    question = "ما هو التقويم الميلادي؟"
    ranked = [
        searcher.corpus.passages[p].number for p, _ in searcher.ranked(searcher.parse(question), 10)
    ]
    assert ranked.index(1) < ranked.index(2)  # the short lead ranks higher...
    hits = searcher.search(question, top_k=3).hits
    assert [h.passage_number for h in hits][:2] == [2, 3]  # ...but the fuller one is shown
    assert "الغريغوري" in hits[0].passage_text
    unmerged = Searcher(corpus_of(documents), settings=SearchSettings().minus("merge_repeats"))
    assert unmerged.search(question, top_k=1).hits[0].passage_number == 1


def test_words_that_phrase_a_request_are_dropped_from_the_question() -> None:
    documents = {
        "a.txt": "يمكن زيارة المتحف الوطني في أيام العطلة ويمكن التصوير داخله.",
        "b.txt": "افتتح المتحف الوطني سنة 1950 في وسط العاصمة.",
        "c.txt": "\n".join(FILLER),
    }
    question = "متى يمكن افتتاح المتحف الوطني؟"
    off = Searcher(corpus_of(documents), settings=PLAIN)
    on = Searcher(
        corpus_of(documents),
        settings=PLAIN.plus("question_phrasing"),
    )
    assert "يمكن" not in list(on.parse(question).terms) and "يمكن" in list(
        off.parse(question).terms
    )
    assert top_document(off, question)[0] == "a.txt"
    assert top_document(on, question)[0] == "b.txt"
    assert list(on.parse("اذكر عدد").terms) == list(
        off.parse("اذكر عدد").terms
    )  # nothing else left


def test_verb_variants_join_present_and_past_forms() -> None:
    documents = {
        "a.txt": "تزوج الشاعر في سن الخامسة والعشرين.\nانتقد الشاعر الحكومة في مقالاته.",
        "b.txt": "\n".join(FILLER),
    }
    off = Searcher(corpus_of(documents), settings=PLAIN)
    on = Searcher(corpus_of(documents), settings=PLAIN.plus("verb_variants"))
    assert on.lexicon.variants("يتزوج") == ("تزوج",) and on.lexicon.variants("ينتقد") == ("انتقد",)
    assert off.search("متى يتزوج؟").abstained
    assert top_document(on, "متى يتزوج؟") == ("a.txt", 1)
    assert top_document(on, "من ينتقد الشاعر؟") == ("a.txt", 2)


def test_ending_variants_join_a_plural_past_verb_to_its_singular() -> None:
    text = "قتل 25 مدنيا في غارة على المدينة أمس.\nساهموا في بناء المدرسة الجديدة."
    corpus = corpus_of({"a.txt": text, "b.txt": "\n".join(FILLER)})
    question = "كم مدنيا قتلوا في المدينة؟"
    terms = analyze(question)
    searchers = {False: Searcher(corpus, settings=PLAIN)}
    searchers[True] = Searcher(corpus, settings=PLAIN.plus("ending_variants"))
    matched = {
        switch: matched_terms(corpus, s.parse(question), 0) for switch, s in searchers.items()
    }
    assert matched == {False: ["مدنيا", "مدين"], True: terms}
    on = Searcher(corpus, settings=PLAIN.plus("ending_variants"))
    assert on.lexicon.variants("قتلوا") == ("قتل",) and on.lexicon.variants("ساهم") == ("ساهموا",)
    assert top_document(on, "من ساهم في بناء المدرسة؟") == ("a.txt", 2)


def test_masdar_variants_join_a_verb_and_its_tafila_noun() -> None:
    text = (
        "بلغت تكلفة مشروع الطريق الجديد 300 مليون ريال.\n"
        "وسعت البلدية الشارع الرئيسي في العام الماضي.\n"
        "يعمل في الجار المجاور للسوق عشرات الحرفيين."
    )
    corpus = corpus_of({"a.txt": text, "b.txt": "\n".join(FILLER)})
    off = Searcher(corpus, settings=PLAIN)
    on = Searcher(corpus, settings=PLAIN.plus("masdar_variants"))
    assert off.lexicon.variants("كلفت") == () and off.search("كم كلفت الطريق؟").abstained
    assert top_document(on, "كم كلفت الطريق؟") == ("a.txt", 1)
    assert top_document(on, "متى كانت توسعة الشارع الرئيسي؟") == ("a.txt", 2)
    assert "جار" not in on.lexicon.variants("تجار")


def test_a_place_descriptor_before_a_listed_city_is_not_searched() -> None:
    documents = {
        "khobar.txt": "سيطرت فرق الدفاع المدني على حريق شب في مستودع للورق في محافظة الخبر.",
        "madinah.txt": "اندلع حريق في منزل شعبي بالمدينة المنورة، وأخمدته فرق الدفاع في المدينة.",
        "news.txt": "\n".join(FILLER),
    }
    corpus = corpus_of(documents)
    off, on = (
        Searcher(corpus, settings=PLAIN),
        Searcher(corpus, settings=PLAIN.plus("place_descriptors")),
    )
    assert top_document(off, "حريق في مدينة الخبر") == ("madinah.txt", 1)
    assert top_document(on, "حريق في مدينة الخبر") == ("khobar.txt", 1)
    assert "مدين" in on.parse("كم عدد سكان المدينة المنورة؟").terms


def test_a_follow_up_stays_with_the_document_of_the_previous_answer() -> None:
    documents = {
        "poet.txt": "ولد الشاعر في القرية عام 1890.\nتوفي الشاعر في بيروت عام 1931.",
        "king.txt": "حكم الملك البلاد أربعين سنة.\nتوفي الملك في قصره عام 1950 بعد مرض.",
        "news.txt": "\n".join(FILLER * 2),
    }
    settings = PLAIN.plus(follow_up=0.3)
    searcher = Searcher(corpus_of(documents), settings=settings)

    def first(question: str, after: str | None) -> str:
        return searcher.search(question, top_k=1, after=after).hits[0].document.path

    alone = first("متى توفي؟", None)
    other = "king.txt" if alone == "poet.txt" else "poet.txt"
    assert first("متى توفي؟", other) == other
    # a question that names its subject is not pulled back to the previous article
    assert first("متى توفي الملك؟", "poet.txt") == "king.txt"
    assert first("متى توفي؟", "missing.txt") == alone
    # the answer says when the lift alone put its first hit first
    assert searcher.search("متى توفي؟", after=other).followed_up
    assert not searcher.search("متى توفي؟", after=alone).followed_up
    assert not searcher.search("متى توفي الملك؟", after="king.txt").followed_up
    assert not searcher.search("متى توفي؟").followed_up


def test_plural_variants_join_broken_plurals_and_singulars() -> None:
    documents = {
        "a.txt": "وضعت الوزارة المنهج الجديد لتعليم اللغة في المدارس.",
        "b.txt": "\n".join(FILLER),
    }
    question = "ما هي مناهج تعليم اللغة؟"
    off = Searcher(corpus_of(documents), settings=PLAIN)
    on = Searcher(corpus_of(documents), settings=PLAIN.plus("plural_variants"))
    assert "منهج" in on.lexicon.variants("مناهج") and "مناهج" not in on.corpus.vocabulary
    assert "مناهج" in matched_terms(on.corpus, on.parse(question), 0)
    assert "مناهج" not in matched_terms(off.corpus, off.parse(question), 0)


def test_a_word_known_only_through_a_variant_weighs_as_that_variant() -> None:
    documents = {"a.txt": "تزوج الشاعر في سن الخامسة والعشرين.", "b.txt": "\n".join(FILLER)}
    settings = PLAIN.plus("verb_variants")
    on = Searcher(corpus_of(documents), settings=settings.plus("weigh_as_variant"))
    off = Searcher(corpus_of(documents), settings=settings.minus("weigh_as_variant"))
    assert on.lexicon.term_weight("يتزوج") == on.lexicon.term_weight("تزوج")
    assert off.lexicon.term_weight("يتزوج") > off.lexicon.term_weight("تزوج")


def test_an_unknown_word_matches_a_word_one_typing_slip_away() -> None:
    documents = {
        "a.txt": "عائلة روتشيلد عائلة مصرفية أوروبية ثرية جدا.",
        "b.txt": "\n".join(FILLER),
    }
    question = "من هي عائلة روتشليد؟"
    off = Searcher(corpus_of(documents), settings=PLAIN)
    on = Searcher(corpus_of(documents), settings=PLAIN.plus("typo_variants"))
    assert on.lexicon.variants("روتشليد") == ("روتشيلد",)
    assert on.lexicon.variants("عائل") == ()  # a word the collection has gets no typo forms
    assert off.search(question).abstained
    assert top_document(on, question) == ("a.txt", 1)


def test_a_short_unknown_word_matches_a_sound_alike_spelling_only() -> None:
    documents = {
        "a.txt": "تامر حسني مغن وممثل مصري درس في كلية الإعلام.",
        "b.txt": "\n".join(FILLER),
    }
    question = "أين درس ثامر حسني؟"
    on = Searcher(corpus_of(documents), settings=PLAIN.plus("typo_variants"))
    assert on.lexicon.variants("ثامر") == ("تامر",)
    assert (
        on.lexicon.variants("جامر") == ()
    )  # ج does not sound like ت: no one-letter guesses this short
    hit = on.search(question).hits[0]
    assert hit.document.path == "a.txt"
    assert "تامر" in {hit.excerpt.text[s:e] for s, e in hit.excerpt.highlights}


def test_an_unknown_word_with_a_proclitic_tries_the_other_variants_without_it() -> None:
    documents = {"a.txt": "ترتبط وظيفة القلب بضخ الدم في الجسم.", "b.txt": "\n".join(FILLER)}
    searcher = Searcher(corpus_of(documents))
    assert analyze("وظيفة") == ["ظيف"]  # light8 takes و for a conjunction
    assert "ظيف" in searcher.lexicon.variants(analyze("بوظيفتها")[0])


def borders(iraq: list[str]) -> dict[str, str]:
    """Saudi Arabia's article, naming Iraq's border in passing, and Iraq's own article."""
    saudi = [
        "السعودية دولة عربية في غرب آسيا",
        "تحد العراق السعودية من الشمال واليمن من الجنوب.",
        *FILLER,
    ]
    return {
        "saudi.txt": "\n".join(saudi),
        "iraq.txt": "\n".join(["العراق دولة عربية في غرب آسيا", *iraq]),
        "news.txt": "\n".join(FILLER * 3),
    }


def test_title_evidence_prefers_the_article_the_question_names() -> None:
    documents = borders(
        [
            "عاصمة العراق بغداد وأكبر مدنه البصرة والموصل.",
            "تحد العراق من الجنوب الكويت والسعودية ومن الشمال تركيا وإيران من الشرق.",
        ]
    )
    question = "ما الدولة التي تحد العراق من الجنوب؟"
    plain = Searcher(corpus_of(documents), settings=PLAIN)
    titled = Searcher(corpus_of(documents), settings=with_weights(title=1.0))
    assert top_document(plain, question)[0] == "saudi.txt"
    assert top_document(titled, question) == ("iraq.txt", 3)
    terms = analyze("العراق دولة عربية في غرب آسيا")
    held = titled.collection.title_holds(np.array([0, 1]), [(t,) for t in terms])
    assert held[1].all()  # Iraq's title holds each of its terms, Saudi Arabia's not «العراق»
    assert held[0].tolist() == [t != analyze("العراق")[0] for t in terms]


def test_within_document_words_count_less_in_an_article_not_about_the_question() -> None:
    documents = borders(
        [
            "عاصمة العراق بغداد وأكبر مدن العراق البصرة والموصل.",
            "تحد العراق من الجنوب الكويت والسعودية ومن الشمال تركيا.",
        ]
    )
    question = "ما الدولة التي تحد العراق من الجنوب؟"
    ungated = dataclasses.replace(with_weights(within_document=1.0), within_untitled=1.0)
    gated = with_weights(within_document=1.0)
    assert gated.within_untitled == 0.5
    assert top_document(Searcher(corpus_of(documents), settings=ungated), question) == (
        "saudi.txt",
        2,
    )
    assert top_document(Searcher(corpus_of(documents), settings=gated), question) == (
        "iraq.txt",
        3,
    )


def test_a_question_asking_for_a_name_prefers_the_sentence_that_gives_names() -> None:
    article = [
        "الكعبة أو البيت الحرام أو البيت العتيق بناء في مكة.",
        "يطوف الحجاج حول الكعبة، ويطلق اسم الكسوة على الثوب الآخر الذي يغطي الكعبة.",
    ]
    question = "ما الاسم الآخر للكعبة؟"
    assert plain_then_with(article, question, defines=1.0) == (("a.txt", 2), ("a.txt", 1))


def test_asks_for_a_name_needs_a_naming_word_or_a_language_and_no_why() -> None:
    def asks(question: str) -> bool:
        return asks_for_a_name(DEFAULT_ANALYZER.words(question), analyze(question))

    assert asks("ما الاسم الآخر للكعبة؟")
    assert asks("هل توجد تسمية أخرى للكعبة؟")
    assert asks("ما هي ترجمة السيدا بالفرنسية؟")
    assert not asks("لماذا يطلق المسلمون اسم البيت الحرام على الكعبة؟")
    assert not asks("متى تزوجت شيرين؟")


def test_one_shared_word_answers_when_the_collection_knows_every_question_word() -> None:
    documents = {
        "a.txt": "تطل المدينة على البحر.",
        "b.txt": "العراق بلد عربي.",
        "c.txt": "السواحل طويلة.",
        "d.txt": "عاصمة المنطقة كبيرة.",
        "e.txt": "\n".join(FILLER * 2),
    }
    question = "كيف يطل العراق على السواحل؟"  # each word in another passage: a third each
    searcher = Searcher(corpus_of(documents))
    strict = Searcher(
        corpus_of(documents),
        settings=dataclasses.replace(SearchSettings(), known_single_word_coverage=0.4),
    )
    assert not searcher.search(question).abstained
    assert strict.search(question).abstained
    assert searcher.search("ما هي عاصمة أستراليا؟").abstained  # Australia: named nowhere


def test_proximity_counts_a_variant_as_the_question_word() -> None:
    side_by_side = "وبدأ بنقل التنظيم عناصره إلى البلدات الحدودية منذ أيام."
    apart = "نقل التنظيم معداته إلى الجبهة وبقي في البلدات وانسحب منها كثير من عناصره."
    documents = {"a.txt": apart, "b.txt": side_by_side}
    question = "متى نقل التنظيم عناصره؟"
    variants_only = SearchSettings().minus(*(f.name for f in FEATURES))
    with_proximity = variants_only.plus(proximity=1.0)
    corpus = corpus_of(documents)
    assert top_document(Searcher(corpus, settings=variants_only), question)[0] == "a.txt"
    assert top_document(Searcher(corpus, settings=with_proximity), question) == ("b.txt", 1)


def test_an_aliased_name_does_not_single_out_a_paragraph_of_the_article_about_it() -> None:
    aliases = AliasTable.build([["داعش", "تنظيم الدولة", "الدولة الإسلامية"]], DEFAULT_ANALYZER)
    about_isis = [
        "ظهر تنظيم الدولة الإسلامية في العراق ثم في سوريا.",
        "وهرب عناصر داعش من البلدة تاركين مقارهم.",
        "وخسر تنظيم الدولة الإسلامية معاقله في الرقة.",
    ]
    moved = [
        "رصدت مصادر محلية نشاطا للتنظيم في ريف إدلب.",
        "ونقل التنظيم عناصره إلى البلدة الحدودية.",
        "وينتشر التنظيم على الحدود مع تركيا.",
    ]
    transport = ["نقل المصابون إلى المستشفى.", "ونقل الطعام بالشاحنات.", "نقل الماء صعب."]
    documents = {
        "isis.txt": "\n".join(about_isis),
        "moved.txt": "\n".join(moved),
        "transport.txt": "\n".join(transport),
    }
    question = "إلى أي بلدة نقل داعش عناصره؟"
    bm25 = Searcher(corpus_of(documents), settings=PLAIN.plus("aliases"), aliases=aliases)
    within = Searcher(
        corpus_of(documents),
        settings=with_weights(within_document=6.0).plus("aliases"),
        aliases=aliases,
    )
    assert top_document(bm25, question) == ("isis.txt", 2)
    # «داعش» is written once in the article about it, which names it by its other names
    # everywhere else: that does not single the paragraph out, «نقل» does the other one
    assert top_document(within, question) == ("moved.txt", 2)


def test_a_sentence_that_defines_the_word_answers_what_is_questions() -> None:
    article = [
        "تاريخ الشيوعية طويل في أوروبا.",
        "وانتشرت الشيوعية والشيوعية الثورية في القرن العشرين بين العمال.",
        "الشيوعية (بالإنجليزية: Communism) مصطلح يشير إلى أفكار في التنظيم السياسي.",
    ]
    assert plain_then_with(article, "ما هي الشيوعية؟", defines=1.0) == (("a.txt", 2), ("a.txt", 3))


def test_opens_a_definition_needs_the_subject_first_then_a_copula_bracket_or_comma() -> None:
    def is_subject(word: str) -> bool:
        return analyze(word) == ["سل"]

    assert opens_a_definition("السل هو مرض معد.", is_subject)
    assert opens_a_definition("قال الطبيب ذلك. السل أو الدرن مرض معد.", is_subject)
    assert opens_a_definition("السل، مرض معد.", is_subject)
    assert not opens_a_definition("يصيب السل الرئة.", is_subject)
    assert not opens_a_definition("السل ينتشر في الشتاء.", is_subject)
