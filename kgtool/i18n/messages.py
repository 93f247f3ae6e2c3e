"""The report's own words — headings, column names, captions, sentences — in Kyrgyz,
Russian and English.

Everything that comes from the data (names of pairs, processes, dimensions, laws…) is
taken from the graph in the reader's language; only the report's frame lives here. One
table, so a missing translation is one test failure rather than a stray English word
in a Kyrgyz report.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

STRINGS: dict[str, dict[str, str]] = {
    # kgtool validate: which SHACL engine judged the shapes (text and github renderings)
    "validate.engine_fast": {
        "en": "SHACL engine: fast for {n} shape(s)",
        "ru": "Движок SHACL: быстрый, фигур: {n}",
        "ky": "SHACL кыймылдаткычы: тез, формалар: {n}",
    },
    "validate.engine_pyshacl": {
        "en": "SHACL engine: pySHACL for {name} <{shape}>: {reason}",
        "ru": "Движок SHACL: pySHACL для {name} <{shape}>: {reason}",
        "ky": "SHACL кыймылдаткычы: {name} <{shape}> үчүн pySHACL: {reason}",
    },
    "validate.judged_fast": {
        "en": "judged by the fast engine: {reason} <{shape}>",
        "ru": "проверено быстрым движком: {reason} <{shape}>",
        "ky": "тез кыймылдаткыч текшерди: {reason} <{shape}>",
    },
    "validate.judged_pyshacl": {
        "en": "judged by pySHACL: {reason} <{shape}>",
        "ru": "проверено pySHACL: {reason} <{shape}>",
        "ky": "pySHACL текшерди: {reason} <{shape}>",
    },
    # kgtool basis, every provision addressable (issue 12 item 3): the notes under the answer
    "basis.uses_article": {
        "en": "{n} use(s) of article {article} of {act}",
        "ru": "Использований статьи {article} акта {act}: {n}",
        "ky": "{act} актысынын {article}-беренесинин колдонулушу: {n}",
    },
    "basis.uses_provision": {
        "en": "{n} use(s) of provision {provision} of {act}",
        "ru": "Использований положения {provision} акта {act}: {n}",
        "ky": "{act} актысынын {provision} жобосунун колдонулушу: {n}",
    },
    "basis.uses_act": {
        "en": "{n} use(s) of {act} and its provisions, citations of the whole act included",
        "ru": "Использований акта {act} и его положений, включая ссылки на акт в целом: {n}",
        "ky": "{act} актысынын жана анын жоболорунун колдонулушу, актыга бүтүндөй шилтемелер менен: {n}",
    },
    "basis.in_range": {
        "en": "Article {article} is cited as part of: {range}",
        "ru": "Статья {article} цитируется в составе: {range}",
        "ky": "{article}-берене төмөнкүнүн курамында шилтемеленет: {range}",
    },
    "basis.ranking_acts": {
        "en": "Legal acts ranked by the study's citations of them and of their provisions",
        "ru": "Правовые акты по числу ссылок исследования на них и на их положения",
        "ky": "Укуктук актылар изилдөөнүн аларга жана алардын жоболоруна шилтемелеринин саны боюнча",
    },
    "basis.ranking_articles": {
        "en": "Articles ranked by the study's citations of them, of their parts and clauses, "
        "and of the cited ranges of articles that contain them",
        "ru": "Статьи по числу ссылок исследования на них, на их части и пункты "
        "и на цитируемые диапазоны статей, в которые они входят",
        "ky": "Беренелер изилдөөнүн аларга, алардын бөлүктөрүнө жана пункттарына, "
        "ошондой эле аларды камтыган беренелерге шилтемелеринин саны боюнча",
    },
    # --- kgtool basis: observers' mandates, cross-references (issue 12 items 4-5) -----------
    "basis.observers_note": {
        "en": "{n} row(s): each observer, a process it watches or enforces, the body held to account, "
        "and a norm the study names as the source of the observer's powers",
        "ru": "Строк: {n}: наблюдатель, процесс, за которым он наблюдает или исполнение которого обеспечивает, "
        "подотчётный орган и норма, которую исследование называет источником полномочий наблюдателя",
        "ky": "{n} сап: байкоочу, ал көз салган же мажбурлап аткарткан процесс, отчет берүүчү орган жана "
        "изилдөө байкоочунун ыйгарым укуктарынын булагы катары атаган ченем",
    },
    "basis.kind_citation": {"en": "citation", "ru": "ссылка", "ky": "шилтеме"},
    "basis.kind_cross_reference": {
        "en": "cross-reference: cited for {process}",
        "ru": "перекрёстная ссылка: приведена для процесса «{process}»",
        "ky": "кайчылаш шилтеме: «{process}» процесси үчүн келтирилген",
    },
    "basis.cross_references_note": {
        "en": "{n} cross-reference(s): norms cited under another process that the study's text links to this one; "
        "they are not part of its legal basis",
        "ru": "Перекрёстных ссылок: {n}: нормы, приведённые для другого процесса, которые текст исследования "
        "связывает с этим процессом; в его правовую основу они не входят",
        "ky": "{n} кайчылаш шилтеме: башка процесс үчүн келтирилген, изилдөөнүн тексти бул процесс менен "
        "байланыштырган ченемдер; алар анын укуктук негизине кирбейт",
    },
    "page.cross_references": {
        "en": "Cross-references to norms cited under other processes",
        "ru": "Перекрёстные ссылки на нормы, приведённые для других процессов",
        "ky": "Башка процесстер үчүн келтирилген ченемдерге кайчылаш шилтемелер",
    },
    "page.editorial_note": {
        "en": "Editorial note",
        "ru": "Редакционное примечание",
        "ky": "Редакциялык эскертүү",
    },
    "page.mandate": {
        "en": "Mandate: the norms that give this observer its powers",
        "ru": "Мандат: нормы, наделяющие наблюдателя полномочиями",
        "ky": "Мандат: байкоочуга ыйгарым укук берген ченемдер",
    },
    # --- end of issue 12 items 4-5 -----------------------------------------------------------
    # --- kgtool search and the site's search box (issue 13, items 3 and 4) ---------------------
    "search.kind.process": {"en": "process", "ru": "процесс", "ky": "процесс"},
    "search.kind.provision": {"en": "provision", "ru": "норма", "ky": "норма"},
    "search.kind.act": {"en": "legal act", "ru": "правовой акт", "ky": "укуктук акт"},
    "search.kind.recommendation": {"en": "recommendation", "ru": "рекомендация", "ky": "сунуш"},
    "search.kind.initiative": {"en": "initiative", "ru": "инициатива", "ky": "демилге"},
    "search.kind.support-need": {"en": "support need", "ru": "потребность в поддержке", "ky": "колдоого муктаждык"},
    "search.kind.cell": {"en": "assessment cell", "ru": "ячейка оценки", "ky": "баалоо уячасы"},
    "search.kind.citation": {"en": "citation", "ru": "ссылка на норму", "ky": "ченемге шилтеме"},
    "search.kind.oversight": {"en": "oversight", "ru": "надзор", "ky": "көзөмөл"},
    "search.kind.figure": {"en": "stated figure", "ru": "приведённое значение", "ky": "келтирилген көрсөткүч"},
    "search.kind.pair": {"en": "principal-agent pair", "ru": "пара принципал–агент", "ky": "принципал–агент жупу"},
    "search.kind.actor": {"en": "actor", "ru": "участник", "ky": "катышуучу"},
    "search.kind.assessment": {"en": "assessment", "ru": "оценка", "ky": "баалоо"},
    "search.kind.section": {"en": "section of the study", "ru": "раздел исследования", "ky": "изилдөөнүн бөлүмү"},
    "search.field.name": {"en": "name", "ru": "название", "ky": "аталышы"},
    "search.field.other-name": {"en": "other name", "ru": "другое название", "ky": "башка аталышы"},
    "search.field.justification": {"en": "justification", "ru": "обоснование", "ky": "негиздеме"},
    "search.field.verdict": {"en": "verdict", "ru": "вывод", "ky": "корутунду"},
    "search.field.quote": {"en": "quote", "ru": "цитата", "ky": "цитата"},
    "search.field.recommendation": {"en": "recommendation", "ru": "рекомендация", "ky": "сунуш"},
    "search.field.initiatives": {"en": "initiatives", "ru": "инициативы", "ky": "демилгелер"},
    "search.field.support": {"en": "support", "ru": "поддержка", "ky": "колдоо"},
    "search.field.wording": {"en": "wording of the study", "ru": "формулировка исследования", "ky": "изилдөөнүн сөзү"},
    "search.hits": {
        "en": "{n} hit(s) for «{query}»",
        "ru": "Найдено: {n} по запросу «{query}»",
        "ky": "«{query}» боюнча табылды: {n}",
    },
    "search.box_label": {"en": "Search", "ru": "Поиск", "ky": "Издөө"},
    "search.box_placeholder": {
        "en": "Search: words, names, laws…",
        "ru": "Поиск: слова, названия, законы…",
        "ky": "Издөө: сөздөр, аталыштар, мыйзамдар…",
    },
    "search.button": {"en": "Search", "ru": "Найти", "ky": "Издөө"},
    "search.page_title": {"en": "Search", "ru": "Поиск", "ky": "Издөө"},
    "search.none": {"en": "Nothing found.", "ru": "Ничего не найдено.", "ky": "Эч нерсе табылган жок."},
    "search.found": {"en": "Found: {n}", "ru": "Найдено: {n}", "ky": "Табылды: {n}"},
    "search.needs_script": {
        "en": "The search runs in your browser and needs JavaScript.",
        "ru": "Поиск работает в браузере и требует JavaScript.",
        "ky": "Издөө браузерде иштейт жана JavaScript талап кылат.",
    },
    # --- page frame -------------------------------------------------------------------
    "report": {
        "en": "Report",
        "ru": "Отчёт",
        "ky": "Отчет",
    },
    "subtitle": {
        "en": "The study's figures and tables, rebuilt from the knowledge graph",
        "ru": "Рисунки и таблицы исследования, заново построенные по графу знаний",
        "ky": "Изилдөөнүн сүрөттөрү жана таблицалары билим графынан кайра түзүлдү",
    },
    "contents": {"en": "Contents", "ru": "Содержание", "ky": "Мазмуну"},
    "lang_note": {
        "en": "English and Russian names are the project's translations of the study's Kyrgyz wording; "
        "texts that exist only in Kyrgyz are shown in Kyrgyz.",
        "ru": "Русские и английские названия — переводы проекта с кыргызского текста исследования; "
        "тексты, которые есть только на кыргызском, приведены на кыргызском.",
        "ky": "Маалыматтагы аталыштар жана тексттер изилдөөнүн өз сөзү менен берилди.",
    },
    "about": {"en": "About this report", "ru": "Об этом отчёте", "ky": "Бул отчет жөнүндө"},
    "about_text": {
        "en": "Generated by kgtool {version} from {source}. Every figure is computed with SPARQL from the "
        "values of the cells; the figures the study states are shown beside the computed ones for "
        "comparison and never in their place. The file is self-contained: it holds no scripts and "
        "requests nothing from the network.",
        "ru": "Создано kgtool {version} по данным: {source}. Каждый показатель вычислен с помощью SPARQL по "
        "значениям ячеек; показатели, указанные в исследовании, приведены рядом с вычисленными для "
        "сравнения и никогда их не заменяют. Файл самодостаточен: в нём нет скриптов, и он ничего не "
        "запрашивает из сети.",
        "ky": "kgtool {version} тарабынан түзүлдү, маалымат булагы: {source}. Ар бир көрсөткүч уячалардын "
        "маанилеринен SPARQL менен эсептелди; изилдөөдө көрсөтүлгөн көрсөткүчтөр салыштыруу үчүн "
        "эсептелгендердин жанында берилет жана алардын ордуна эч качан колдонулбайт. Файл өз алдынча "
        "иштейт: анда скрипт жок жана ал тармактан эч нерсе сурабайт.",
    },
    # --- section headings ----------------------------------------------------------------
    "sec_summary": {"en": "Summary", "ru": "Краткие итоги", "ky": "Кыскача жыйынтык"},
    "summary_counts": {
        "en": "Principal–agent pairs: {pairs}; accountability processes: {processes} (excluded from the "
        "assessment: {excluded}); assessed cells: {cells}.",
        "ru": "Пар «принципал — агент»: {pairs}; процессов подотчётности: {processes} (исключено из оценки: "
        "{excluded}); оценённых ячеек: {cells}.",
        "ky": "“Ишеним көрсөтүүчү – агент” жуптары: {pairs}; отчеттуулук процесстери: {processes} (баалоого "
        "кошулбаганы: {excluded}); бааланган уячалар: {cells}.",
    },
    "sec_figure1": {
        "en": "Figure 1. The system of government accountability to the people",
        "ru": "Рисунок 1. Система подотчётности власти народу",
        "ky": "1-сүрөт. Бийликтин эл алдындагы отчеттуулук системасы",
    },
    "sec_diagram1": {
        "en": "Diagram 1. Results of measuring accountability over all processes",
        "ru": "Диаграмма 1. Результаты измерения подотчётности по всем процессам",
        "ky": "1-диаграмма. Бардык процесстер боюнча отчеттуулукту өлчөөнүн жыйынтыктары",
    },
    "sec_diagram2": {
        "en": "Diagram 2. Share of accountability processes in use, by principal, per cent",
        "ru": "Диаграмма 2. Доля действующих процессов подотчётности в разрезе принципалов, в процентах",
        "ky": "2-диаграмма. Ишеним көрсөтүүчүлөр алкагынан алып караганда отчеттуулуктун колдонуудагы "
        "процесстеринин үлүшү, пайыздар менен",
    },
    "sec_diagram3": {
        "en": "Diagram 3. Real level of accountability in each principal–agent pair against the ideal in "
        "which all processes work, per cent",
        "ru": "Диаграмма 3. Реальный уровень подотчётности в парах «принципал — агент» в сравнении с "
        "идеальной ситуацией, когда работают все процессы, в процентах",
        "ky": "3-диаграмма. “Ишеним көрсөтүүчү – агент” жубунда отчеттуулуктун реалдуу деңгээли менен "
        "бардык процесстер иштегендей идеалдуу кырдаалды салыштыруу, пайыздар менен",
    },
    "sec_overall": {
        "en": "Overall level of accountability",
        "ru": "Общий уровень подотчётности",
        "ky": "Отчеттуулуктун жалпы деңгээли",
    },
    "sec_heatmap": {
        "en": "Heat map: pairs × processes × dimensions",
        "ru": "Тепловая карта: пары × процессы × измерения",
        "ky": "Жылуулук картасы: жуптар × процесстер × өлчөмдөр",
    },
    "sec_indices": {
        "en": "Indices: computed and stated",
        "ru": "Индексы: вычисленные и указанные в исследовании",
        "ky": "Индекстер: эсептелген жана изилдөөдө көрсөтүлгөн",
    },
    "sec_disagreements": {
        "en": "Where the study's figures and the computed ones disagree",
        "ru": "Где показатели исследования расходятся с вычисленными",
        "ky": "Изилдөөнүн көрсөткүчтөрү эсептелгендерден айырмаланган жерлер",
    },
    "sec_gaps": {"en": "Gaps", "ru": "Пробелы", "ky": "Ажырымдар"},
    "sec_basis": {
        "en": "Legal basis of every process",
        "ru": "Правовая основа каждого процесса",
        "ky": "Ар бир процесстин укуктук негизи",
    },
    "sec_recommendations": {"en": "Recommendations", "ru": "Рекомендации", "ky": "Сунуштамалар"},
    "sec_support": {
        "en": "Development initiatives and support needed",
        "ru": "Инициативы развития и необходимая поддержка",
        "ky": "Өнүгүү демилгелери жана керектүү колдоо",
    },
    # --- gap lists -----------------------------------------------------------------------
    "gap_missing-dimension": {
        "en": "Assessed processes lacking a scored dimension",
        "ru": "Оценённые процессы, в которых нет учитываемого измерения",
        "ky": "Эсептелген өлчөмдөрдүн бири жок бааланган процесстер",
    },
    "gap_no-legal-basis": {
        "en": "Processes with no legal basis",
        "ru": "Процессы без правовой основы",
        "ky": "Укуктук негизи жок процесстер",
    },
    "gap_rules-absent-despite-law": {
        "en": "Rules judged absent although legal conditions exist on paper",
        "ru": "Правила признаны отсутствующими, хотя правовые условия есть на бумаге",
        "ky": "Укуктук шарттар кагаз жүзүндө бар болсо да, эрежелери жок деп табылган процесстер",
    },
    "gap_blocked-or-restricted": {
        "en": "Processes that a norm blocks or restricts",
        "ru": "Процессы, которые норма блокирует или ограничивает",
        "ky": "Ченем тыюу салган же чектеген процесстер",
    },
    "gap_appendix-disagreement": {
        "en": "Cells on which the section tables and the appendix disagree",
        "ru": "Ячейки, по которым таблицы разделов и приложение расходятся",
        "ky": "Бөлүмдөрдүн таблицалары менен тиркеме дал келбеген уячалар",
    },
    "g_missing": {"en": "absent: {dims}", "ru": "нет: {dims}", "ky": "жок: {dims}"},
    "g_no_basis": {
        "en": "no norm establishes or regulates it",
        "ru": "ни одна норма его не устанавливает и не регулирует",
        "ky": "аны эч бир ченем негиздебейт жана жөнгө салбайт",
    },
    "g_no_basis_excluded": {
        "en": " (excluded from the assessment)",
        "ru": " (исключён из оценки)",
        "ky": " (баалоого кошулбайт)",
    },
    "g_rules_absent": {
        "en": "norms that establish or regulate it: {n}; yet its rules and standards are judged absent",
        "ru": "норм, которые его устанавливают или регулируют: {n}; но правила и стандарты признаны отсутствующими",
        "ky": "аны негиздеген же жөнгө салган ченемдер: {n}; бирок анын эрежелери жана стандарттары жок деп табылган",
    },
    "g_blocked": {"en": "{role}: {norm}", "ru": "{role}: {norm}", "ky": "{role}: {norm}"},
    "g_appendix": {
        "en": "{dim}: the section table says “{a}”, the appendix says “{b}” (appendix lines {lines})",
        "ru": "{dim}: в таблице раздела — «{a}», в приложении — «{b}» (строки приложения {lines})",
        "ky": "{dim}: бөлүмдүн таблицасында — «{a}», тиркемеде — «{b}» (тиркеменин {lines}-саптары)",
    },
    # --- column headers --------------------------------------------------------------------
    "col_number": {"en": "No.", "ru": "№", "ky": "№"},
    "col_process": {"en": "Process", "ru": "Процесс", "ky": "Процесс"},
    "col_pair": {"en": "Pair", "ru": "Пара", "ky": "Жуп"},
    "col_verdict": {"en": "Study's verdict", "ru": "Вывод исследования", "ky": "Изилдөөнүн корутундусу"},
    "col_figure": {"en": "Figure", "ru": "Показатель", "ky": "Көрсөткүч"},
    "col_of_what": {"en": "Of what", "ru": "Чего", "ky": "Эмненин"},
    "col_computed": {"en": "Computed", "ru": "Вычислено", "ky": "Эсептелген"},
    "col_stated": {"en": "Stated in the study", "ru": "Указано в исследовании", "ky": "Изилдөөдө көрсөтүлгөн"},
    "col_agrees": {"en": "Agree?", "ru": "Совпадают?", "ky": "Дал келеби?"},
    "col_section": {"en": "Section", "ru": "Раздел", "ky": "Бөлүм"},
    "col_detail": {"en": "Computed from", "ru": "Из чего вычислено", "ky": "Эмнеден эсептелген"},
    "col_gap_detail": {"en": "Detail", "ru": "Подробности", "ky": "Толугураак"},
    "col_role": {"en": "Role", "ru": "Роль", "ky": "Ролу"},
    "col_provision": {"en": "Provision", "ru": "Норма", "ky": "Жобо"},
    "col_act": {"en": "Act", "ru": "Акт", "ky": "Акт"},
    "col_initiatives": {"en": "Development initiatives", "ru": "Инициативы развития", "ky": "Өнүгүү демилгелери"},
    "col_support": {"en": "Support needed", "ru": "Необходимая поддержка", "ky": "Керектүү колдоо"},
    "col_recommendation": {"en": "Recommendation", "ru": "Рекомендация", "ky": "Сунуштама"},
    "col_addressee": {"en": "For", "ru": "Кому", "ky": "Кимге"},
    # --- values ------------------------------------------------------------------------------
    "yes": {"en": "yes", "ru": "да", "ky": "ооба"},
    "no": {"en": "no", "ru": "нет", "ky": "жок"},
    "excluded": {"en": "excluded", "ru": "исключён", "ky": "баалоого кошулбайт"},
    "not_scored": {"en": "not scored", "ru": "не учитывается", "ky": "эсепке кошулбайт"},
    "stated_short": {"en": "study: {value}", "ru": "в исследовании: {value}", "ky": "изилдөөдө: {value}"},
    "computed_short": {"en": "computed: {value}", "ru": "вычислено: {value}", "ky": "эсептелген: {value}"},
    "not_stated": {"en": "not stated", "ru": "не указано", "ky": "көрсөтүлгөн эмес"},
    "none": {"en": "None.", "ru": "Нет.", "ky": "Жок."},
    "index_short": {"en": "index {value}", "ru": "индекс {value}", "ky": "индекси {value}"},
    "section_n": {"en": "section {n}", "ru": "раздел {n}", "ky": "{n}-бөлүм"},
    "sections_n": {"en": "sections {n}", "ru": "разделы {n}", "ky": "{n}-бөлүмдөр"},
    "section_conclusion": {"en": "Conclusion", "ru": "Заключение", "ky": "Корутунду"},
    "section_appendix": {"en": "Appendix", "ru": "Приложение", "ky": "Тиркеме"},
    "lines_n": {"en": "lines {n}", "ru": "строки {n}", "ky": "{n}-саптар"},
    # --- figure kinds and measures ---------------------------------------------------------------
    "m_pair": {"en": "pair index", "ru": "индекс пары", "ky": "жуптун индекси"},
    "m_principal": {"en": "principal", "ru": "принципал", "ky": "ишеним көрсөтүүчү"},
    "m_dimension": {"en": "dimension present", "ru": "измерение есть", "ky": "өлчөм бар"},
    "m_dimension-absent": {"en": "dimension absent", "ru": "измерения нет", "ky": "өлчөм жок"},
    "m_overall": {
        "en": "overall, all scored cells",
        "ru": "в целом, все учитываемые ячейки",
        "ky": "жалпы, бардык эсептелген уячалар",
    },
    "m_overall-mean": {
        "en": "overall, mean of the pair indices",
        "ru": "в целом, среднее индексов пар",
        "ky": "жалпы, жуптардын индекстеринин орточосу",
    },
    "d_cells": {
        "en": "{present} of {scored} scored cells present",
        "ru": "«есть» в {present} из {scored} учитываемых ячеек",
        "ky": "{scored} эсептелген уячанын {present} уячасы «бар»",
    },
    "d_processes_present": {
        "en": "{present} of {processes} assessed processes present",
        "ru": "«есть» у {present} из {processes} оценённых процессов",
        "ky": "{processes} бааланган процесстин {present} процессинде «бар»",
    },
    "d_processes_absent": {
        "en": "{absent} of {processes} assessed processes absent",
        "ru": "«нет» у {absent} из {processes} оценённых процессов",
        "ky": "{processes} бааланган процесстин {absent} процессинде «жок»",
    },
    "d_pairs": {"en": "mean over {pairs} pairs", "ru": "среднее по {pairs} парам", "ky": "{pairs} жуп боюнча орточо"},
    # --- explanations of disagreements -----------------------------------------------------------
    "x_head": {
        "en": "{label}: the study states {stated} ({where}); the cells give {computed} ({detail}).",
        "ru": "{label}: в исследовании указано {stated} ({where}); по ячейкам получается {computed} ({detail}).",
        "ky": "{label}: изилдөөдө {stated} деп көрсөтүлгөн ({where}); уячалар боюнча {computed} чыгат ({detail}).",
    },
    "x_reproduced": {
        "en": " The stated figure is reproduced by another aggregation: {list}.",
        "ru": " Указанное значение воспроизводится другим способом агрегирования: {list}.",
        "ky": " Көрсөтүлгөн маани башка эсептөө ыкмасы менен чыгат: {list}.",
    },
    "x_none": {
        "en": " Other aggregations tried — {tried} — none reproduces the stated figure.",
        "ru": " Проверены другие способы агрегирования — {tried} — ни один не воспроизводит указанное значение.",
        "ky": " Башка эсептөө ыкмалары да текшерилди — {tried} — алардын бири да көрсөтүлгөн маанини бербейт.",
    },
    "x_none_untried": {
        "en": " No other aggregation reproduces the stated figure.",
        "ru": " Ни один другой способ агрегирования не воспроизводит указанное значение.",
        "ky": " Башка эч бир эсептөө ыкмасы көрсөтүлгөн маанини бербейт.",
    },
    "x_count": {
        "en": "{n} of the {total} figures the study states disagree with the computed ones.",
        "ru": "{n} из {total} указанных в исследовании показателей расходятся с вычисленными.",
        "ky": "Изилдөөдө көрсөтүлгөн {total} көрсөткүчтүн {n} көрсөткүчү эсептелгендерден айырмаланат.",
    },
    # --- the aggregations kgtool.assessment.indices tries (keyed by their English description) ----------------
    "share of scored cells present": {
        "en": "share of scored cells present",
        "ru": "доля «есть» среди учитываемых ячеек",
        "ky": "эсептелген уячалардын ичинен «бар» үлүшү",
    },
    "share of scored cells present in its pairs": {
        "en": "share of scored cells present in its pairs",
        "ru": "доля «есть» среди учитываемых ячеек его пар",
        "ky": "анын жуптарындагы эсептелген уячалардын ичинен «бар» үлүшү",
    },
    "share of assessed processes with the dimension present": {
        "en": "share of assessed processes with the dimension present",
        "ru": "доля оценённых процессов, где измерение есть",
        "ky": "өлчөмү бар бааланган процесстердин үлүшү",
    },
    "share of assessed processes with the dimension absent": {
        "en": "share of assessed processes with the dimension absent",
        "ru": "доля оценённых процессов, где измерения нет",
        "ky": "өлчөмү жок бааланган процесстердин үлүшү",
    },
    "share of all scored cells present": {
        "en": "share of all scored cells present",
        "ru": "доля «есть» среди всех учитываемых ячеек",
        "ky": "бардык эсептелген уячалардын ичинен «бар» үлүшү",
    },
    "mean of the pair indices": {
        "en": "mean of the pair indices",
        "ru": "среднее индексов пар",
        "ky": "жуптардын индекстеринин орточосу",
    },
    "share of scored cells present, counting the excluded process": {
        "en": "share of scored cells present, counting the excluded process",
        "ru": "доля «есть» среди учитываемых ячеек с учётом исключённого процесса",
        "ky": "баалоого кошулбаган процессти кошо эсептегенде, эсептелген уячалардын ичинен «бар» үлүшү",
    },
    "mean of its pairs' indices": {
        "en": "mean of its pairs' indices",
        "ru": "среднее индексов его пар",
        "ky": "анын жуптарынын индекстеринин орточосу",
    },
    "share of its processes with at least one scored dimension present": {
        "en": "share of its processes with at least one scored dimension present",
        "ru": "доля его процессов, где есть хотя бы одно учитываемое измерение",
        "ky": "жок дегенде бир эсептелген өлчөмү бар процесстеринин үлүшү",
    },
    "share of its processes in use, counting the excluded process": {
        "en": "share of its processes in use, counting the excluded process",
        "ru": "доля его действующих процессов с учётом исключённого процесса",
        "ky": "баалоого кошулбаган процессти кошо эсептегенде, колдонуудагы процесстеринин үлүшү",
    },
    "share of all processes, counting the excluded one": {
        "en": "share of all processes, counting the excluded one",
        "ru": "доля всех процессов, включая исключённый",
        "ky": "баалоого кошулбаганын кошо алганда, бардык процесстердин үлүшү",
    },
    "share of all scored cells present, counting the excluded process": {
        "en": "share of all scored cells present, counting the excluded process",
        "ru": "доля «есть» среди всех учитываемых ячеек с учётом исключённого процесса",
        "ky": "баалоого кошулбаган процессти кошо эсептегенде, бардык эсептелген уячалардын ичинен «бар» үлүшү",
    },
    # --- Figure 1 -----------------------------------------------------------------------------
    "fig1_caption": {
        "en": "Drawn from the graph. Circles are subjects, diamonds are processes (numbered as in the heat map "
        "and the tables), arrows run from principal to agent. The observers stand beside them: a dashed "
        "line with a ring ends at a process the observer watches, a solid line with a bar at one it "
        "enforces. The colour of a diamond is the study's verdict on the process.",
        "ru": "Построено по графу. Круги — субъекты, ромбы — процессы (с номерами, как в тепловой карте и "
        "таблицах), стрелки идут от принципала к агенту. Рядом — наблюдатели: пунктир с кольцом ведёт к "
        "процессу, за которым наблюдатель следит, сплошная линия с чертой — к процессу, исполнение "
        "которого он обеспечивает. Цвет ромба — вывод исследования о процессе.",
        "ky": "Графтан түзүлдү. Тегеректе – субъекттер, ромб – процесстер (номерлери жылуулук картасындагыдай "
        "жана таблицалардагыдай), жебе – ишеним көрсөтүүчүдөн агентке. Алардын жанында – байкоочулар: "
        "шакекчеси бар үзүк сызык байкоочу көз салган процесске, сызыкчасы бар тутас сызык ал мажбурлап "
        "аткарткан процесске жетет. Ромбдун түсү – изилдөөнүн процесс боюнча корутундусу.",
    },
    "fig1_alt": {
        "en": "Figure 1 as text",
        "ru": "Рисунок 1 в виде текста",
        "ky": "1-сүрөт текст түрүндө",
    },
    "observers": {"en": "Observers", "ru": "Наблюдатели", "ky": "Байкоочулар"},
    "observer_no_ties": {
        "en": "named by the study; tied to no particular process",
        "ru": "назван в исследовании; не связан с конкретным процессом",
        "ky": "изилдөөдө аталган; белгилүү бир процесске байланган эмес",
    },
    "legend": {"en": "Legend", "ru": "Условные обозначения", "ky": "Шарттуу белгилер"},
    "legend_subject": {"en": "subject", "ru": "субъект", "ky": "субъект"},
    "legend_process": {"en": "process", "ru": "процесс", "ky": "процесс"},
    "legend_observer": {"en": "observer", "ru": "наблюдатель", "ky": "байкоочу"},
    "principal_to_agent": {
        "en": "{principal} → {agent}",
        "ru": "{principal} → {agent}",
        "ky": "{principal} → {agent}",
    },
    # --- charts ---------------------------------------------------------------------------------
    "legend_present": {"en": "present", "ru": "есть", "ky": "бар"},
    "legend_absent": {"en": "absent", "ru": "нет", "ky": "жок"},
    "legend_computed": {"en": "computed from the cells", "ru": "вычислено по ячейкам", "ky": "уячалардан эсептелген"},
    "legend_stated": {"en": "stated in the study", "ru": "указано в исследовании", "ky": "изилдөөдө көрсөтүлгөн"},
    "legend_ideal": {
        "en": "ideal: all processes work (100%)",
        "ru": "идеал: работают все процессы (100 %)",
        "ky": "идеал: бардык процесстер иштейт (100%)",
    },
    "diagram1_note": {
        "en": "Share of the assessed processes (the process the study excludes is not counted) in which each "
        "dimension is present or absent. Citizens' demand is a precondition for assessing a process and is "
        "not scored.",
        "ru": "Доля оценённых процессов (исключённый исследованием процесс не учитывается), в которых каждое "
        "измерение есть или его нет. Спрос граждан — условие оценки процесса и в оценку не входит.",
        "ky": "Ар бир өлчөм бар же жок болгон бааланган процесстердин үлүшү (изилдөө баалоого кошпогон процесс "
        "эсептелбейт). Жарандардын суроо-талабы процессти баалоонун шарты жана баалоого кошулбайт.",
    },
    "diagram2_note": {
        "en": "Computed, as by “kgtool indices”, as the share of scored cells present in the pairs where the "
        "subject is the principal. The study does not say how it aggregated this diagram; the table of "
        "disagreements below names the aggregations tried.",
        "ru": "Вычислено, как в «kgtool indices», как доля «есть» среди учитываемых ячеек пар, где субъект — "
        "принципал. Исследование не говорит, как агрегированы значения этой диаграммы; в таблице "
        "расхождений ниже перечислены проверенные способы.",
        "ky": "“kgtool indices” сыяктуу эле, субъект ишеним көрсөтүүчү болгон жуптардагы эсептелген "
        "уячалардын ичинен «бар» үлүшү катары эсептелди. Изилдөө бул диаграмманы кантип эсептегенин "
        "айтпайт; төмөнкү айырмачылыктар таблицасында текшерилген ыкмалар аталат.",
    },
    "diagram3_note": {
        "en": "The real level of a pair is the share of its scored cells that are present; the ideal, 100%, "
        "is every process of the pair working on every scored dimension.",
        "ru": "Реальный уровень пары — доля «есть» среди её учитываемых ячеек; идеал, 100 %, — все процессы "
        "пары работают по всем учитываемым измерениям.",
        "ky": "Жуптун реалдуу деңгээли – анын эсептелген уячаларынын ичинен «бар» үлүшү; идеал, 100%, – "
        "жуптун бардык процесстери бардык эсептелген өлчөмдөр боюнча иштейт.",
    },
    "overall_note": {
        "en": "The study states one overall level; it can be read as the share of all scored cells present or "
        "as the mean of the pair indices, and both are shown.",
        "ru": "Исследование указывает один общий уровень; его можно понимать как долю «есть» среди всех "
        "учитываемых ячеек или как среднее индексов пар, и показаны оба.",
        "ky": "Изилдөө бир жалпы деңгээлди көрсөтөт; аны бардык эсептелген уячалардын ичинен «бар» үлүшү же "
        "жуптардын индекстеринин орточосу катары түшүнсө болот, экөө тең берилди.",
    },
    # --- heat map ---------------------------------------------------------------------------------
    "heatmap_caption": {
        "en": "Each row is a process, grouped by pair; each column is a dimension. “Excluded”: the study "
        "leaves the process out of the assessment, so its cells are not scored. Citizens' demand (hatched "
        "column) is a precondition for assessing a process and is not scored. † marks a cell that the "
        "appendix states differently.",
        "ru": "Каждая строка — процесс, по парам; каждый столбец — измерение. «Исключён»: исследование не "
        "включает процесс в оценку, его ячейки не учитываются. Спрос граждан (заштрихованный столбец) — "
        "условие оценки процесса и в оценку не входит. † — ячейка, которую приложение указывает иначе.",
        "ky": "Ар бир сап – процесс, жуптар боюнча топтолгон; ар бир мамыча – өлчөм. «Баалоого кошулбайт»: "
        "изилдөө процессти баалоого кошпойт, анын уячалары эсептелбейт. Жарандардын суроо-талабы "
        "(штрихтелген мамыча) процессти баалоонун шарты жана баалоого кошулбайт. † – тиркемеде башкача "
        "көрсөтүлгөн уяча.",
    },
    # --- legal basis, recommendations, support ----------------------------------------------------------
    "no_basis_cited": {
        "en": "The study cites no legal norm for this process.",
        "ru": "Исследование не приводит для этого процесса ни одной правовой нормы.",
        "ky": "Изилдөө бул процесс үчүн эч бир укуктук ченемге шилтеме бербейт.",
    },
    "basis_note": {
        "en": "The provisions the study cites for each process and what each does to it. The study's sentence "
        "about each provision is given by “kgtool basis --process …”.",
        "ru": "Нормы, которые исследование приводит для каждого процесса, и их роль. Фразу исследования о "
        "каждой норме выводит «kgtool basis --process …».",
        "ky": "Изилдөө ар бир процесс үчүн шилтеме берген жоболор жана алардын ролу. Изилдөөнүн ар бир жобо "
        "тууралуу сүйлөмүн “kgtool basis --process …” көрсөтөт.",
    },
    "recs_observers": {"en": "For observers", "ru": "Наблюдателям", "ky": "Байкоочуларга"},
    "support_note": {
        "en": "The study's table of the processes in which citizens are the principal, for donors and "
        "non-profit organisations.",
        "ru": "Таблица исследования о процессах, где граждане — принципал, для доноров и некоммерческих организаций.",
        "ky": "Жаран ишеним көрсөтүүчү катары чыккан процесстер боюнча изилдөөнүн таблицасы, донорлор жана "
        "коммерциялык эмес уюмдар үчүн.",
    },
    "study_wording": {
        "en": "The study's wording (Kyrgyz)",
        "ru": "Формулировка исследования (на кыргызском)",
        "ky": "Изилдөөнүн сөзү",
    },
    "initiatives_none": {"en": "none reported", "ru": "не указаны", "ky": "көрсөтүлгөн эмес"},
    # --- several assessments: changes since the last one, rounds, countries ---------------------------
    "sec_changes": {
        "en": "Changes since the previous assessment",
        "ru": "Изменения с предыдущей оценки",
        "ky": "Мурунку баалоодон бери болгон өзгөрүүлөр",
    },
    "sec_over_time": {
        "en": "Indices over the assessments",
        "ru": "Индексы по оценкам",
        "ky": "Баалоолор боюнча индекстер",
    },
    "sec_countries": {
        "en": "Countries compared on the same pair kinds",
        "ru": "Сравнение стран по парам одного вида",
        "ky": "Өлкөлөрдү бирдей түрдөгү жуптар боюнча салыштыруу",
    },
    "changes_intro": {
        "en": "{country}: {new} compared with {old}, as “kgtool diff” compares them.",
        "ru": "{country}: {new} в сравнении с {old}, как их сравнивает «kgtool diff».",
        "ky": "{country}: {new} {old} менен салыштырылган, “kgtool diff” салыштыргандай.",
    },
    "changes_none": {
        "en": "Nothing changed but the indices below.",
        "ru": "Ничего не изменилось, кроме индексов ниже.",
        "ky": "Төмөнкү индекстерден башка эч нерсе өзгөргөн жок.",
    },
    "changes_indices": {
        "en": "Every index, old and new",
        "ru": "Все индексы, прежние и новые",
        "ky": "Бардык индекстер, мурунку жана жаңы",
    },
    "col_change": {"en": "Change", "ru": "Изменение", "ky": "Өзгөрүү"},
    "col_what": {"en": "What", "ru": "Что", "ky": "Эмне"},
    "col_old": {"en": "Before", "ru": "Было", "ky": "Мурун"},
    "col_new": {"en": "Now", "ru": "Стало", "ky": "Азыр"},
    "col_delta": {"en": "Change, points", "ru": "Изменение, п. п.", "ky": "Өзгөрүү, пункт"},
    "col_pair_kind": {"en": "Pair kind", "ru": "Вид пары", "ky": "Жуптун түрү"},
    "ch_process-added": {"en": "process added", "ru": "процесс добавлен", "ky": "процесс кошулду"},
    "ch_process-removed": {"en": "process removed", "ru": "процесс удалён", "ky": "процесс алынып салынды"},
    "ch_verdict-changed": {"en": "verdict changed", "ru": "вывод изменён", "ky": "корутунду өзгөрдү"},
    "ch_exclusion-changed": {
        "en": "exclusion from the index changed",
        "ru": "исключение из индекса изменено",
        "ky": "индекстен чыгаруу өзгөрдү",
    },
    "ch_cell-changed": {"en": "cell changed", "ru": "ячейка изменена", "ky": "уяча өзгөрдү"},
    "ch_citation-added": {"en": "citation added", "ru": "ссылка добавлена", "ky": "шилтеме кошулду"},
    "ch_citation-removed": {"en": "citation removed", "ru": "ссылка удалена", "ky": "шилтеме алынып салынды"},
    "ch_citation-reroled": {
        "en": "citation's role changed",
        "ru": "роль ссылки изменена",
        "ky": "шилтеменин ролу өзгөрдү",
    },
    "ch_recommendation-added": {
        "en": "recommendation added",
        "ru": "рекомендация добавлена",
        "ky": "сунуштама кошулду",
    },
    "ch_recommendation-dropped": {
        "en": "recommendation dropped",
        "ru": "рекомендация снята",
        "ky": "сунуштама алынып салынды",
    },
    "over_time_title": {
        "en": "{country}: indices in each assessment",
        "ru": "{country}: индексы в каждой оценке",
        "ky": "{country}: ар бир баалоодогу индекстер",
    },
    "over_time_note": {
        "en": "Each assessment's indices are computed from its own cells only; the bars of one index are "
        "drawn one under another, oldest first.",
        "ru": "Индексы каждой оценки вычислены только по её ячейкам; столбцы одного индекса идут друг под "
        "другом, начиная с самой ранней оценки.",
        "ky": "Ар бир баалоонун индекстери анын өз уячаларынан гана эсептелген; бир индекстин тилкелери "
        "бири-биринин астында, эң эскисинен баштап берилген.",
    },
    "countries_note": {
        "en": "Each country's latest assessment. A pair kind is the kind of its principal and the kind of its "
        "agent; only the kinds that more than one country has are compared.",
        "ru": "Последняя оценка каждой страны. Вид пары — вид её принципала и вид её агента; сравниваются "
        "только виды, которые есть более чем у одной страны.",
        "ky": "Ар бир өлкөнүн акыркы баалоосу. Жуптун түрү – анын ишеним көрсөтүүчүсүнүн жана агентинин "
        "түрү; бир нече өлкөдө бар түрлөр гана салыштырылат.",
    },
    "country_year": {"en": "{country}, {year}", "ru": "{country}, {year}", "ky": "{country}, {year}"},
    # --- kgtool diff (the notes under its table) -----------------------------------------------------
    "diff_old": {"en": "old: {label} ({iri})", "ru": "было: {label} ({iri})", "ky": "мурунку: {label} ({iri})"},
    "diff_new": {"en": "new: {label} ({iri})", "ru": "стало: {label} ({iri})", "ky": "жаңы: {label} ({iri})"},
    "diff_summary": {
        "en": "{changes} change(s); {moved} of {indices} indices moved",
        "ru": "изменений: {changes}; изменились индексы: {moved} из {indices}",
        "ky": "өзгөрүүлөр: {changes}; өзгөргөн индекстер: {indices} ичинен {moved}",
    },
    # --- the workbook's help row (kgtool template/export): columns the ontology does not define
    "wb_id": {
        "en": "The row's slug: lower-case words joined by -, chosen once; or /path for an IRI elsewhere",
        "ru": "Слаг строки: строчные слова через -, выбирается один раз; или /путь для IRI в другом месте",
        "ky": "Саптын слагы: - менен бириккен кичине тамгалуу сөздөр, бир жолу тандалат; же башка жердеги IRI үчүн /жол",
    },
    "wb_type": {
        "en": "The kind of entity (choose from the list)",
        "ru": "Вид сущности (выберите из списка)",
        "ky": "Нерсенин түрү (тизмеден тандаңыз)",
    },
    "wb_multi": {
        "en": "(several values: one per line)",
        "ru": "(несколько значений: по одному в строке)",
        "ky": "(бир нече маани: ар бири өз сабында)",
    },
    "wb_values": {
        "en": "Values:",
        "ru": "Значения:",
        "ky": "Маанилери:",
    },
    "wb_label": {
        "en": "Name (ky: the study's wording; ru, en: the project's translation)",
        "ru": "Название (ky: формулировка исследования; ru, en: перевод проекта)",
        "ky": "Аталышы (ky: изилдөөнүн сөзү; ru, en: долбоордун котормосу)",
    },
    "wb_alt_label": {
        "en": "Another wording of the name in the study",
        "ru": "Другая формулировка названия в исследовании",
        "ky": "Изилдөөдөгү аталыштын башка сөзү",
    },
    "wb_comment": {
        "en": "A note by the project (English)",
        "ru": "Примечание проекта (на английском)",
        "ky": "Долбоордун эскертүүсү (англисче)",
    },
    "wb_language": {
        "en": "Language of the source document (ky, ru, en)",
        "ru": "Язык исходного документа (ky, ru, en)",
        "ky": "Булак документтин тили (ky, ru, en)",
    },
    "wb_bibliographic_citation": {
        "en": "A bibliographic reference to the method's source",
        "ru": "Библиографическая ссылка на источник метода",
        "ky": "Усулдун булагына библиографиялык шилтеме",
    },
    # --- issue 12 items 1-2, legal versions and point in time: `kgtool basis --at`, act-page banner
    "ls.header": {
        "en": 'Acts at {at} ("!" marks an act not in force then or no longer in force today; it applies to every provision of it above):',
        "ru": "Акты на {at} («!» — акт не действовал на эту дату или утратил силу сегодня; это относится ко всем его нормам выше):",
        "ky": "{at} карата актылар («!» — акт ошол күнү күчүндө болгон эмес же бүгүн күчүн жоготкон; бул анын жогорудагы бардык жоболоруна тиешелүү):",
    },
    "ls.assessment_period": {"en": "(the assessment's period)", "ru": "(период оценки)", "ky": "(баалоонун мезгили)"},
    "ls.at": {"en": "{act}, at {at}: {state}", "ru": "{act}, на {at}: {state}", "ky": "{act}, {at} карата: {state}"},
    "ls.state_edition": {
        "en": "the edition the study read: {edition}",
        "ru": "редакция, которую читало исследование: {edition}",
        "ky": "изилдөө окуган редакция: {edition}",
    },
    "ls.state_gone_since": {
        "en": "no longer in force since {date}",
        "ru": "утратил силу с {date}",
        "ky": "{date} тартып күчүн жоготкон",
    },
    "ls.state_gone_by": {
        "en": "no longer in force by {date} at the latest; the exact date: {unknown}",
        "ru": "утратил силу не позднее {date}; точная дата: {unknown}",
        "ky": "эң кечинде {date} күчүн жоготкон; так күнү: {unknown}",
    },
    "ls.state_not_yet": {
        "en": "not yet adopted (the act is dated {date})",
        "ru": "ещё не принят (дата акта: {date})",
        "ky": "али кабыл алына элек (актынын датасы: {date})",
    },
    "ls.state_unknown": {
        "en": "in force at that date: {unknown}",
        "ru": "действовал ли на эту дату: {unknown}",
        "ky": "ошол күнү күчүндө болгонбу: {unknown}",
    },
    "ls.unknown": {
        "en": "unknown (no public source confirmed it)",
        "ru": "неизвестно (ни один публичный источник не подтвердил)",
        "ky": "белгисиз (эч бир ачык булак тастыктаган эмес)",
    },
    "ls.edition": {
        "en": "the edition the study read: {edition}",
        "ru": "редакция, которую читало исследование: {edition}",
        "ky": "изилдөө окуган редакция: {edition}",
    },
    "ls.today_in_force": {"en": "today: in force", "ru": "сегодня: действует", "ky": "бүгүн: күчүндө"},
    "ls.today_gone": {"en": "today: no longer in force", "ru": "сегодня: утратил силу", "ky": "бүгүн: күчүн жоготкон"},
    "ls.today_unknown": {
        "en": "in force today: {unknown}",
        "ru": "действует ли сегодня: {unknown}",
        "ky": "бүгүн күчүндөбү: {unknown}",
    },
    "ls.replaced_by": {"en": "replaced by: {act}", "ru": "заменён: {act}", "ky": "ордуна келген акт: {act}"},
    "ls.source": {"en": "source: {sources}", "ru": "источник: {sources}", "ky": "булагы: {sources}"},
    "ls.study": {"en": "the study, {where}", "ru": "исследование, {where}", "ky": "изилдөө, {where}"},
    "ls.banner_in_force": {"en": "In force", "ru": "Действует", "ky": "Күчүндө"},
    "ls.banner_gone_since": {
        "en": "No longer in force since {date}",
        "ru": "Утратил силу с {date}",
        "ky": "{date} тартып күчүн жоготкон",
    },
    "ls.banner_gone_by": {
        "en": "No longer in force by {date} at the latest; the exact date: {unknown}",
        "ru": "Утратил силу не позднее {date}; точная дата: {unknown}",
        "ky": "Эң кечинде {date} күчүн жоготкон; так күнү: {unknown}",
    },
    "ls.banner_gone": {"en": "No longer in force", "ru": "Утратил силу", "ky": "Күчүн жоготкон"},
    "ls.banner_unknown": {
        "en": "In force today: {unknown}",
        "ru": "Действует ли сегодня: {unknown}",
        "ky": "Бүгүн күчүндөбү: {unknown}",
    },
    "ls.banner_replaced_by": {"en": "Replaced by", "ru": "Заменён", "ky": "Ордуна келген акт"},
    "ls.banner_of_act": {
        "en": "The act this provision belongs to:",
        "ru": "Акт, которому принадлежит эта норма:",
        "ky": "Бул жобо таандык болгон акт:",
    },
    "ls.table_title": {"en": "Status and versions", "ru": "Статус и редакции", "ky": "Статусу жана редакциялары"},
    "ls.col_fact": {"en": "fact", "ru": "факт", "ky": "факт"},
    "ls.col_value": {"en": "value", "ru": "значение", "ky": "мааниси"},
    "ls.col_source": {"en": "source", "ru": "источник", "ky": "булагы"},
    "ls.fact_id_local": {"en": "number", "ru": "номер", "ky": "номери"},
    "ls.fact_date_document": {"en": "date of the act", "ru": "дата акта", "ky": "актынын датасы"},
    "ls.fact_first_date_entry_in_force": {
        "en": "first day in force",
        "ru": "дата вступления в силу",
        "ky": "күчүнө кирген күнү",
    },
    "ls.fact_is_realized_by": {
        "en": "edition the study read",
        "ru": "редакция, которую читало исследование",
        "ky": "изилдөө окуган редакция",
    },
    "ls.fact_in_force": {"en": "in force today", "ru": "действует сегодня", "ky": "бүгүн күчүндө"},
    "ls.fact_date_no_longer_in_force": {
        "en": "no longer in force since",
        "ru": "утратил силу с",
        "ky": "күчүн жоготкон күнү",
    },
    "ls.fact_noLongerInForceBy": {
        "en": "no longer in force by",
        "ru": "утратил силу не позднее",
        "ky": "эң кечинде күчүн жоготкон күнү",
    },
    "ls.fact_replacedBy": {"en": "replaced by", "ru": "заменён", "ky": "ордуна келген акт"},
    "ls.fact_officialRecord": {
        "en": "official record (central database of legal information)",
        "ru": "официальная запись (централизованный банк данных правовой информации)",
        "ky": "расмий жазуу (укуктук маалыматтын борбордук базасы)",
    },
    # --- end of legal versions and point in time
}


def t(key: str, lang: str, **values: object) -> str:
    """The report's text ``key`` in ``lang`` with ``values`` filled in.

    A missing key or language is a bug in this table (the tests check every key in all
    three languages), so it raises rather than falling back silently.
    """
    text = STRINGS[key][lang]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in STRINGS


def percent(value: Decimal, lang: str) -> str:
    """A fraction as a percentage, rounded to hundredths of a percent, written the reader's way."""
    number = f"{(value * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP).normalize():f}"
    if lang == "en":
        return number + "%"
    number = number.replace(".", ",")
    return number + (" %" if lang == "ru" else "%")
