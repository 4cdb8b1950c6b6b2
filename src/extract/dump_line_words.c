/*
 * src/extract/dump_line_words.c - the word lists behind the line tests of
 * dump_line.c, and the word form every comparison is made on.
 *
 * The lists hold what outlets print as page furniture: share-button words,
 * section names of menus, home words of breadcrumbs, "Loading...",
 * related-stories headers, see-also prefixes, section labels, logo words,
 * photo agencies and credit words, copyright lines.  They are written as
 * outlets spell them and normalised with kh_text_normalize when a vocabulary
 * is built (once per dump), so that both sides of a comparison have the same
 * spelling whatever the normaliser folds.  A vocabulary is per call: no
 * global mutable state.
 * Depends on: core, text, utf8proc.
 */
#include "extract/extract_int.h"

#include "core/alloc.h"
#include "text/text.h"

#include <string.h>
#include <utf8proc.h>

/* clang-format off */
/* Share buttons as they appear as link text. */
static const char *const share_raw[] = {
    "Facebook", "Twitter", "WhatsApp", "LinkedIn", "Email", "E-mail", "Telegram", "Pinterest",
    "Reddit", "Messenger", "Print", "Tweet", "Share", "Copy link", "فيسبوك", "فيس بوك", "تويتر",
    "واتساب", "واتس اب", "تلغرام", "تيليجرام", "لينكد إن", "البريد الإلكتروني", "بريد إلكتروني",
    "طباعة", "شارك", "مشاركة", "شارك الخبر", "شارك المقال", "شارك على", "شارك عبر",
    "انسخ الرابط", "نسخ الرابط", "مشاركة عبر", "Instagram", "YouTube", "انستغرام", "يوتيوب",
    "تابعنا", "تابعنا على", "تابعونا على", "Follow us", NULL};

/* Section names of Arabic news sites' menus; "ال" forms are added. */
static const char *const menu_raw[] = {
    "الرئيسية", "أخبار", "سياسة", "أعمال", "رياضة", "عالم", "تكنولوجيا", "اقتصاد", "صحة",
    "تسلية", "محليات", "محلي", "ثقافة", "منوعات", "اتصل بنا", "من نحن", "فن", "فنون", "علوم",
    "سياحة", "سيارات", "مقالات", "رأي", "آراء", "فيديو", "دولي", "عربي", "تقنية", "مجتمع",
    "حوادث", "تعليم", "بيئة", "طقس", "أوروبا", "آسيا", "أفريقيا", "إفريقيا", "أمريكا",
    "الشرق الأوسط", "خليج", "عالمي", "أسواق", "ترفيه", "مشاهير", "سينما", "Home", "News",
    "World", "Politics", "Business", "Sport", "Sports", "Tech", "Technology", "Health",
    "Culture", "Entertainment", "Opinion", "Video", "Economy", "Europe", "Middle East", "About",
    "Contact", NULL};

static const char *const home_raw[] = {
    "Home", "الرئيسية", "الصفحة الرئيسية", "Accueil", NULL};

static const char *const loading_raw[] = {
    "Loading", "Loading more", "جاري التحميل", "جار التحميل", "يتم التحميل", "تحميل", NULL};

/* Headers of related-stories blocks, alone on their line. */
static const char *const related_raw[] = {
    "أخبار ذات صلة", "قصة ذات صلة", "قصص ذات صلة", "مواضيع ذات صلة", "موضوعات ذات صلة",
    "مقالات ذات صلة", "تقارير ذات صلة", "ذات صلة", "أخبار متعلقة", "مقالات متعلقة", "اقرأ أيضا",
    "شاهد أيضا", "طالع أيضا", "اقرأ المزيد", "المزيد من الأخبار", "قد يهمك", "قد يهمك أيضا",
    "قد يعجبك أيضا", "الأكثر قراءة", "الأكثر مشاهدة", "Related", "Related news",
    "Related stories", "Related articles", "Read more", "More stories", "You may also like",
    "روابط ذات صلة", "مواضيع متعلقة", "الأكثر تداولا", "الأكثر مشاركة", "آخر الأخبار",
    "اقرأ في هذا الملف", "Most read", NULL};

/* Link prefixes before the title of another article. */
static const char *const see_also_raw[] = {
    "شاهد أيضا", "اقرأ أيضا", "اقرأ المزيد", "طالع أيضا", "اقرأ كذلك", "شاهد كذلك", "انظر أيضا",
    "طالع كذلك", "Read also", "See also", "Read more", "Also read", NULL};

/* Labels before the section's name. */
static const char *const label_raw[] = {
    "التصنيف", "التصنيفات", "القسم", "الفئة", "التبويب", "Category", "Section", NULL};

/* Copyright and legal lines closing a page. */
static const char *const footer_raw[] = {
    "جميع الحقوق محفوظة", "حقوق النشر محفوظة", "All rights reserved", "Privacy policy",
    "سياسة الخصوصية", NULL};

static const char *const logo_raw[] = {
    "logo", "شعار", NULL};

/* Photo agencies, recognised after a "/" or "|" near the end of a caption. */
static const char *const agency_raw[] = {
    "AFP", "Reuters", "رويترز", "AP", "EPA", "Getty", "Getty Images", "أ ف ب", "فرانس برس",
    "أسوشيتد برس", "الأناضول", "Anadolu", "Shutterstock", "Xinhua", "شينخوا", "Pool", NULL};

/* Words that introduce a photo credit: "(تصوير ...)", "تصوير: ...". */
static const char *const photo_raw[] = {
    "تصوير", "الصورة", "صورة", "Photo", "Credit", NULL};

/* Gregorian months in their Egyptian/Gulf, Levantine, Maghrebi and English
 * names; month_num gives each one's number. */
static const char *const month_raw[] = {
    "يناير", "فبراير", "مارس", "أبريل", "إبريل", "مايو", "يونيو", "يونيه", "يوليو", "يوليه",
    "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر", "كانون الثاني", "شباط", "آذار", "نيسان",
    "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
    "جانفي", "فيفري", "أفريل", "ماي", "جوان", "جويلية", "أوت", "غشت", "شتنبر", "نونبر", "دجنبر",
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec", NULL};
static const int month_num[] = {
    1, 2, 3, 4, 4, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    1, 2, 4, 5, 6, 7, 8, 8, 9, 11, 12,
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 6, 7, 8, 9, 9, 10, 11, 12};

/* Other words a date line is made of: days, Hijri months, clock and
 * publication words. */
static const char *const date_word_raw[] = {
    "السبت", "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة",
    "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "محرم", "صفر", "ربيع", "جمادى", "رجب", "شعبان", "رمضان", "شوال", "ذو", "القعدة", "الحجة",
    "الأول", "الآخر", "الثاني", "الأولى", "الآخرة", "هـ", "ه", "م", "ص", "هجري", "ميلادي",
    "الموافق", "صباحا", "مساء", "ظهرا", "am", "pm", "GMT", "UTC", "بتوقيت", "توقيت", "مكة",
    "المكرمة", "غرينتش", "جرينتش", "القاهرة", "نشر", "نشر في", "تاريخ", "النشر", "آخر", "اخر",
    "تحديث", "التحديث", "تم", "في", "الساعة", "منذ", "دقيقة", "دقائق", "ساعة", "ساعات", "يوم",
    "أيام", "Published", "Updated", "Posted", "on", "at", "ago", "min", "minutes", "hour",
    "hours", "GST", "AST", "EST", "EDT", "CET", "CEST", "BST", "KSA", "بتوقيت غرينتش", NULL};

/* Words opening a byline or a source line: "بقلم: فلان", "المصدر: وكالات". */
static const char *const byline_raw[] = {
    "بقلم", "كتب", "كتبت", "إعداد", "تحرير", "ترجمة", "تقرير", "المصدر", "مصدر", "الكاتب",
    "المحرر", "حوار", "By", "Source", "Author", NULL};

/* Words that open a paragraph continuing a report: "وقال", "وأضاف"...
 * A teaser or a caption does not start this way. */
static const char *const cont_raw[] = {
    "وقال", "وقالت", "وأضاف", "وأضافت", "وأكد", "وأكدت", "وأوضح", "وأوضحت", "وأشار", "وأشارت",
    "وتابع", "وتابعت", "وذكر", "وذكرت", "وأعلن", "وأعلنت", "ولفت", "ولفتت", "وشدد", "وشددت",
    "وتوقع", "وتوقعت", "ويأتي", "وتأتي", "وكان", "وكانت", "ويذكر", "وبحسب", "ووفقا", "كما",
    "وفي", "ومن", "وأفاد", "وأفادت", "وبين", "وبينت", NULL};

/* Comment forms close an article like a footer. */
static const char *const comments_raw[] = {
    "أضف تعليق", "أضف تعليقا", "اضف تعليق", "التعليقات", "تعليقات", "لا توجد تعليقات",
    "لا توجد تعليقات على الخبر", "تعليقك", "إرسال", "أرسل", "الاسم", "البريد الإلكتروني",
    "اكتب تعليقك", "شارك برأيك", "إضافة تعليق", "إضافة تعليق جديد", "أضف تعليقك", "اسمك",
    "Comments", "Leave a comment", "Submit", NULL};

/* Advertisement labels, accessibility skip links, and tag rows. */
static const char *const ad_raw[] = {
    "إعلان", "اعلان", "مساحة إعلانية", "Advertisement", "Sponsored", "محتوى مدعوم",
    "تخطى إلى المحتوى", "انتقل إلى المحتوى", "تجاوز إلى المحتوى الرئيسي", "Skip to content",
    "Skip links", NULL};
static const char *const tags_raw[] = {
    "الكلمات المفتاحية", "كلمات مفتاحية", "الكلمات الدلالية", "الوسوم", "وسوم", "Tags", NULL};
/* clang-format on */

static kh_rc list_add(kh_extract_vocab *v, vocab_list *l, size_t cap, const char *raw);
static kh_rc list_build(kh_extract_vocab *v, vocab_list *l, const char *const *raw, int add_al);

/* Letters, marks and digits make words; everything else separates them. */
int kh_extract_dump_line_is_word(uint32_t cp)
{
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    switch (c) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

/* The word form of a match form: words of letters and digits separated by
 * one space, ASCII lower-cased, punctuation gone ("التصنيف:أوروبا" gives
 * two words). */
kh_rc kh_extract_dump_line_word_form(const char *s, size_t n, kh_buf *out)
{
    size_t pos = 0;
    uint32_t cp;
    int r, pending_space = 0;
    while ((r = kh_text_utf8_next(s, n, &pos, &cp)) != 0) {
        if (r < 0 || !kh_extract_dump_line_is_word(cp)) {
            pending_space = out->len > 0;
            continue;
        }
        if (pending_space) {
            if (kh_buf_appendc(out, ' ') != KH_OK)
                return KH_ERR_NOMEM;
            pending_space = 0;
        }
        if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        if (kh_text_utf8_put(out, cp) != KH_OK)
            return KH_ERR_NOMEM;
    }
    if (!out->data && kh_buf_append(out, "", 0) != KH_OK)
        return KH_ERR_NOMEM;
    return KH_OK;
}

static kh_rc list_add(kh_extract_vocab *v, vocab_list *l, size_t cap, const char *raw)
{
    kh_rc rc = KH_ERR_NOMEM;
    kh_buf m, w;
    kh_buf_init(&m, 4096);
    kh_buf_init(&w, 4096);
    if (l->n >= cap)
        goto done;
    if (kh_text_normalize(raw, strlen(raw), &m) != KH_OK || !m.data)
        goto done;
    if (kh_extract_dump_line_word_form(m.data, m.len, &w) != KH_OK)
        goto done;
    char *word = kh_arena_strndup(&v->arena, w.data, w.len);
    char *key = kh_arena_alloc(&v->arena, w.len + 1);
    if (!word || !key)
        goto done;
    size_t k = 0;
    for (size_t i = 0; i < w.len; i++)
        if (w.data[i] != ' ')
            key[k++] = w.data[i];
    key[k] = '\0';
    l->words[l->n] = word;
    l->words_len[l->n] = w.len;
    l->keys[l->n] = key;
    l->keys_len[l->n] = k;
    l->n++;
    rc = KH_OK;
done:
    kh_buf_clean(&m);
    kh_buf_clean(&w);
    return rc;
}

/* Normalises the raw words into l; with add_al, Arabic words not starting
 * with "ال" also get their "ال" form ("عالم" and "العالم"). */
static kh_rc list_build(kh_extract_vocab *v, vocab_list *l, const char *const *raw, int add_al)
{
    size_t n_raw = 0;
    while (raw[n_raw])
        n_raw++;
    size_t cap = add_al ? 2 * n_raw : n_raw;
    l->words = kh_arena_alloc(&v->arena, cap * sizeof *l->words);
    l->keys = kh_arena_alloc(&v->arena, cap * sizeof *l->keys);
    l->words_len = kh_arena_alloc(&v->arena, cap * sizeof *l->words_len);
    l->keys_len = kh_arena_alloc(&v->arena, cap * sizeof *l->keys_len);
    if (!l->words || !l->keys || !l->words_len || !l->keys_len)
        return KH_ERR_NOMEM;
    static const char al[] = "\xd8\xa7\xd9\x84"; /* ال */
    for (size_t i = 0; i < n_raw; i++) {
        if (list_add(v, l, cap, raw[i]) != KH_OK)
            return KH_ERR_NOMEM;
        unsigned char c0 = (unsigned char)raw[i][0];
        if (add_al && c0 >= 0xd8 && strncmp(raw[i], al, 4) != 0) {
            char tmp[128];
            size_t len = strlen(raw[i]);
            if (len + 5 > sizeof tmp)
                continue;
            memcpy(tmp, al, 4);
            memcpy(tmp + 4, raw[i], len + 1);
            if (list_add(v, l, cap, tmp) != KH_OK)
                return KH_ERR_NOMEM;
        }
    }
    return KH_OK;
}

int kh_extract_dump_line_month(size_t i)
{
    return i < sizeof month_num / sizeof month_num[0] ? month_num[i] : 0;
}

kh_extract_vocab *kh_extract_dump_line_vocab_new(void)
{
    kh_extract_vocab *v = kh_calloc(1, sizeof *v);
    if (!v)
        return NULL;
    kh_arena_init(&v->arena);
    static const char *const *const raws[V__COUNT] = {
        [V_SHARE] = share_raw,         [V_MENU] = menu_raw,         [V_HOME] = home_raw,
        [V_LOADING] = loading_raw,     [V_RELATED] = related_raw,   [V_SEE_ALSO] = see_also_raw,
        [V_LABEL] = label_raw,         [V_LOGO] = logo_raw,         [V_AGENCY] = agency_raw,
        [V_PHOTO] = photo_raw,         [V_FOOTER] = footer_raw,     [V_MONTH] = month_raw,
        [V_DATE_WORD] = date_word_raw, [V_BYLINE] = byline_raw,     [V_AD] = ad_raw,
        [V_TAGS] = tags_raw,           [V_COMMENTS] = comments_raw, [V_CONT] = cont_raw,
    };
    for (int i = 0; i < V__COUNT; i++) {
        if (list_build(v, &v->lists[i], raws[i], i == V_MENU) != KH_OK) {
            kh_extract_dump_line_vocab_free(v);
            return NULL;
        }
    }
    return v;
}

void kh_extract_dump_line_vocab_free(kh_extract_vocab *v)
{
    if (!v)
        return;
    kh_arena_clean(&v->arena);
    kh_free(v);
}
