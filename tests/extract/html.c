/*
 * tests/extract/html.c - kh_extract_html on small hand-written pages
 * (tests/data/extract/html_*.html, invented text) and on inline snippets
 * for the edge cases: metadata sources, furniture left out, broken markup,
 * bad UTF-8, windows-1252, empty and over-cap input.
 */
#include "core/buf.h"
#include "extract/extract.h"
#include "test.h"
#include "text/text.h"

#include <time.h>

static kh_article *run_file(const char *name, kh_rc *rc, kh_err *err)
{
    char path[256];
    kh_buf b;
    snprintf(path, sizeof path, "tests/data/extract/%s", name);
    kh_buf_init(&b, KH_CAP_PAGE);
    kh_err_init(err, path);
    kh_article *a = kh_article_new();
    if (!a || kh_buf_read_file(&b, path, err) != KH_OK) {
        kh_article_free(a);
        kh_buf_clean(&b);
        *rc = KH_ERR_IO;
        return NULL;
    }
    *rc = kh_extract_html(b.data, b.len, a, err);
    kh_buf_clean(&b);
    return a;
}

static kh_article *run_str(const char *html, kh_rc *rc, kh_err *err)
{
    kh_err_init(err, "inline");
    kh_article *a = kh_article_new();
    if (!a) {
        *rc = KH_ERR_NOMEM;
        return NULL;
    }
    *rc = kh_extract_html(html, strlen(html), a, err);
    return a;
}

/* True when some item of the list contains s. */
static int list_has(const kh_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strstr(l->items[i], s))
            return 1;
    return 0;
}

TEST(html_news_ar)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = run_file("html_news_ar.html", &rc, &err);
    CHECK(a);
    CHECK_INT(rc, KH_OK);
    CHECK_INT(a->kind, KH_INPUT_HTML);
    /* No og:title: the <h1> inside the content. */
    CHECK_STR(a->title, "ارتفاع منسوب نهر الوادي الأخضر بعد أمطار غزيرة");
    /* No og:site_name: JSON-LD publisher.name from the @graph. */
    CHECK_STR(a->outlet, "صحيفة الأفق");
    /* JSON-LD datePublished comes before <time datetime>. */
    CHECK_STR(a->published, "2026-03-14T09:30:00+03:00");
    /* articleSection is an array: its first item. */
    CHECK_STR(a->section, "محليات");
    CHECK_STR(a->teaser, "شهدت مدينة الوادي الأخضر أمطارا غزيرة رفعت منسوب النهر.");
    CHECK_INT(a->body.n, 4);
    CHECK_STR(a->body.items[0], "شهدت مدينة الوادي الأخضر، منذ مساء الجمعة، أمطارا غزيرة استمرت "
                                "اثنتي عشرة ساعة، ما رفع منسوب النهر إلى مستوى لم يسجل منذ عقدين.");
    CHECK_STR(a->body.items[1], "وقال رئيس البلدية، السيد ناصر الحلبي، إن فرق الدفاع المدني أخلت "
                                "ثلاثين منزلا في الأحياء المنخفضة، وإن أحدا لم يصب بأذى.");
    CHECK_STR(a->body.items[2], "وتوقعت هيئة الأرصاد أن تتراجع الأمطار تدريجيا مع نهاية الأسبوع، "
                                "لكنها دعت السكان إلى الحذر عند عبور الجسور القديمة.");
    CHECK_STR(a->body.items[3], "ويعد النهر مصدرا رئيسيا لري المزارع المحيطة، ويأمل المزارعون أن "
                                "تعوض هذه الأمطار موسما جافا طويلا.");
    CHECK_INT(a->subheadings.n, 1);
    CHECK_STR(a->subheadings.items[0], "توقعات الأيام المقبلة");
    CHECK_INT(a->captions.n, 1);
    CHECK_STR(a->captions.items[0], "النهر عند جسر المدينة صباح السبت");
    /* Furniture: menu, share bar, read-also link, byline, tags, related
     * list, footer. */
    const kh_strlist *lists[] = {&a->body, &a->subheadings, &a->captions};
    const char *absent[] = {"رياضة",         "شارك",       "اقرأ أيضا",   "بقلم",  "فيضانات",
                            "أخبار ذات صلة", "افتتاح جسر", "جميع الحقوق", "من نحن"};
    for (size_t l = 0; l < 3; l++)
        for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++)
            CHECK(!list_has(lists[l], absent[i]));
    kh_article_free(a);
}

TEST(html_og_only)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = run_file("html_og_only.html", &rc, &err);
    CHECK(a);
    CHECK_INT(rc, KH_OK);
    CHECK_STR(a->title, "مهرجان الخط العربي يفتح أبوابه للزوار");
    CHECK_STR(a->outlet, "شبكة النخيل");
    CHECK_STR(a->published, "2026-05-02T18:00:00Z");
    CHECK_STR(a->section, "ثقافة");
    CHECK_STR(a->teaser, "دورة جديدة من المهرجان تجمع خطاطين من عشرة بلدان.");
    /* Plain text split by <br><br> inside one div. */
    CHECK_INT(a->body.n, 3);
    CHECK_STR(a->body.items[0], "افتتح مساء أمس مهرجان الخط العربي في دورته السابعة، بمشاركة "
                                "خطاطين قدموا من عشرة بلدان، وسط حضور كبير من الزوار.");
    CHECK_STR(a->body.items[2], "وقالت مديرة المهرجان إن الدورة الحالية تركز على الخطاطين "
                                "الشباب، وإن لجنة التحكيم ستعلن الجوائز في اليوم الأخير.");
    CHECK(!list_has(&a->body, "Copyright"));
    CHECK(!list_has(&a->body, "الرئيسية"));
    kh_article_free(a);
}

TEST(html_no_article)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = run_file("html_no_article.html", &rc, &err);
    CHECK(a);
    CHECK_INT(rc, KH_ERR_EMPTY);
    CHECK_STR(err.msg, "no article found in the HTML");
    CHECK_INT(a->body.n, 0);
    kh_article_free(a);
}

TEST(html_broken)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = run_file("html_broken.html", &rc, &err);
    CHECK(a);
    CHECK_INT(rc, KH_OK);
    CHECK_STR(a->title, "تقرير عن موسم الزيتون");
    CHECK(a->body.n >= 4);
    CHECK_STR(a->body.items[0], "بدأ المزارعون في قرى السهل قطف ثمار الزيتون هذا الأسبوع، في "
                                "موسم يتوقع أن يكون أوفر من العام الماضي بكثير.");
    CHECK_STR(a->body.items[2], "وأضاف أن المعاصر تعمل ليلا ونهارا لتلبية الطلب المتزايد من "
                                "التجار القادمين من المدن المجاورة.");
    CHECK_STR(a->body.items[a->body.n - 1],
              "ويأمل المزارعون أن تساعدهم الأمطار الأخيرة على تحسين إنتاج الموسم المقبل أيضا.");
    kh_article_free(a);
}

TEST(html_truncated_utf8)
{
    /* A stray lead byte inside a paragraph and a cut sequence at the end. */
    const char *html = "<html><body><article><p>هذه فقرة طويلة بما يكفي، فيها بايت "
                       "\xD8 شارد في وسطها، ولا بد أن تبقى صالحة.</p><p>\xD9";
    kh_rc rc;
    kh_err err;
    kh_article *a = run_str(html, &rc, &err);
    CHECK(a);
    CHECK_INT(rc, KH_OK);
    CHECK(a->n_bad_utf8 >= 2);
    CHECK(a->body.n >= 1);
    for (size_t i = 0; i < a->body.n; i++) {
        kh_buf b;
        size_t bad = 1;
        kh_buf_init(&b, KH_CAP_PAGE);
        CHECK_INT(kh_text_utf8_clean(a->body.items[i], strlen(a->body.items[i]), &b, &bad), KH_OK);
        kh_buf_clean(&b);
        CHECK_INT(bad, 0);
    }
    CHECK(strstr(a->body.items[0], "شارد في وسطها"));
    kh_article_free(a);
}

TEST(html_windows1252)
{
    const char *html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
                       "charset=iso-8859-1\"></head><body><div class=\"content\"><p>Le caf\xe9 "
                       "de la place a rouvert ses portes, avec une terrasse \x93"
                       "agrandie\x94 et "
                       "un nouveau menu.</p></div></body></html>";
    kh_rc rc;
    kh_err err;
    kh_article *a = run_str(html, &rc, &err);
    CHECK(a);
    CHECK_INT(rc, KH_OK);
    CHECK_INT(a->body.n, 1);
    /* Latin-1 labels read as windows-1252: 0x93/0x94 are curly quotes. */
    CHECK_STR(a->body.items[0], "Le café de la place a rouvert ses portes, avec une terrasse "
                                "“agrandie” et un nouveau menu.");
    CHECK_INT(a->n_bad_utf8, 0);
    kh_article_free(a);
}

TEST(html_utf8_declared_latin1)
{
    /* Valid UTF-8 wins over a wrong label. */
    const char *html = "<meta charset=\"iso-8859-1\"><p>Une très longue phrase écrite en UTF-8, "
                       "malgré l'étiquette, qui doit rester intacte.</p>";
    kh_rc rc;
    kh_err err;
    kh_article *a = run_str(html, &rc, &err);
    CHECK(a);
    CHECK_INT(rc, KH_OK);
    CHECK_INT(a->body.n, 1);
    CHECK_STR(a->body.items[0], "Une très longue phrase écrite en UTF-8, malgré l'étiquette, qui "
                                "doit rester intacte.");
    kh_article_free(a);
}

TEST(html_title_suffix)
{
    const char *body = "<p>نص الخبر هنا طويل بما يكفي ليكون فقرة، مع فاصلة ونقطة في آخره.</p>";
    char html[1024];
    kh_rc rc;
    kh_err err;
    /* No site name: the shorter trailing segment goes. */
    snprintf(html, sizeof html,
             "<title>عنوان الخبر الطويل عن الانتخابات البلدية - الموقع</title>%s", body);
    kh_article *a = run_str(html, &rc, &err);
    CHECK(a);
    CHECK_INT(rc, KH_OK);
    CHECK_STR(a->title, "عنوان الخبر الطويل عن الانتخابات البلدية");
    kh_article_free(a);
    /* The site's name leads. */
    snprintf(html, sizeof html,
             "<meta property=\"og:site_name\" content=\"الموقع\"><title>الموقع | عنوان "
             "قصير</title>%s",
             body);
    a = run_str(html, &rc, &err);
    CHECK(a);
    CHECK_INT(rc, KH_OK);
    CHECK_STR(a->title, "عنوان قصير");
    CHECK_STR(a->outlet, "الموقع");
    kh_article_free(a);
    /* application-name as the outlet; a title without separator stays. */
    snprintf(html, sizeof html,
             "<meta name=\"application-name\" content=\"المنبر\"><title>عنوان بلا "
             "فاصل</title>%s",
             body);
    a = run_str(html, &rc, &err);
    CHECK(a);
    CHECK_STR(a->title, "عنوان بلا فاصل");
    CHECK_STR(a->outlet, "المنبر");
    kh_article_free(a);
}

TEST(html_breadcrumb_section)
{
    const char *html =
        "<html><body><ol class=\"breadcrumbs\"><li><a href=\"/\">الرئيسية</a></li><li><a "
        "href=\"/s\">رياضة</a></li><li>فوز الفريق الأول في المباراة النهائية</li></ol>"
        "<article><h1>فوز الفريق الأول في المباراة النهائية</h1><p>فاز الفريق الأول في المباراة "
        "النهائية بهدفين نظيفين، وسط حضور جماهيري كبير.</p><time "
        "datetime=\"2026-01-09\">٩ يناير</time></article></body></html>";
    kh_rc rc;
    kh_err err;
    kh_article *a = run_str(html, &rc, &err);
    CHECK(a);
    CHECK_INT(rc, KH_OK);
    CHECK_STR(a->title, "فوز الفريق الأول في المباراة النهائية");
    CHECK_STR(a->section, "رياضة");
    CHECK_STR(a->published, "2026-01-09");
    CHECK_INT(a->body.n, 1);
    CHECK(!list_has(&a->body, "الرئيسية"));
    kh_article_free(a);
}

TEST(html_bare_date_line)
{
    /* A date alone on its line is no paragraph; a price in a table cell
     * is kept. */
    const char *html =
        "<div id=\"story\"><h1>عنوان</h1><span>2026-03-03 | 10:15</span><p>انطلقت اليوم "
        "فعاليات المهرجان، بمشاركة أربعمئة دار نشر عربية وأجنبية.</p><table><tr><td>سعر "
        "التذكرة</td><td>35,50 €</td></tr></table><p>وتستمر الفعاليات عشرة أيام، وتختتم "
        "بتوزيع الجوائز.</p></div>";
    kh_rc rc;
    kh_err err;
    kh_article *a = run_str(html, &rc, &err);
    CHECK(a);
    CHECK_INT(rc, KH_OK);
    CHECK(!list_has(&a->body, "2026-03-03"));
    CHECK(list_has(&a->body, "35,50 €"));
    CHECK_STR(a->body.items[0],
              "انطلقت اليوم فعاليات المهرجان، بمشاركة أربعمئة دار نشر عربية وأجنبية.");
    kh_article_free(a);
}

TEST(html_share_words)
{
    /* "Share" buttons go; sentences that open with the same word stay. */
    const char *html =
        "<article><p>شارك آلاف المتظاهرين في مسيرة سلمية وسط المدينة.</p>"
        "<p>وطالب المشاركون بتحسين الخدمات العامة، ورفعوا لافتات كثيرة.</p>"
        "<p>Shares of the port company rose five percent on Monday.</p>"
        "<p>شارك الخبر</p><p>Share this</p><p>اقرأ أيضًا: عنوان خبر آخر</p></article>";
    kh_rc rc;
    kh_err err;
    kh_article *a = run_str(html, &rc, &err);
    CHECK(a);
    CHECK_INT(rc, KH_OK);
    CHECK_INT(a->body.n, 3);
    CHECK_STR(a->body.items[0], "شارك آلاف المتظاهرين في مسيرة سلمية وسط المدينة.");
    CHECK_STR(a->body.items[2], "Shares of the port company rose five percent on Monday.");
    kh_article_free(a);
}

TEST(html_breadcrumb_home_only)
{
    /* "Home > Headline": the trail names no section. */
    const char *html =
        "<ul class=\"breadcrumb\"><li><a href=\"/\">الرئيسية</a></li><li>وصول قافلة "
        "المساعدات إلى القرية</li></ul><article><h1>وصول قافلة المساعدات إلى القرية</h1><p>وصلت "
        "صباح اليوم قافلة المساعدات إلى القرية بعد رحلة استمرت يومين.</p></article>";
    kh_rc rc;
    kh_err err;
    kh_article *a = run_str(html, &rc, &err);
    CHECK(a);
    CHECK_INT(rc, KH_OK);
    CHECK_STR(a->title, "وصول قافلة المساعدات إلى القرية");
    CHECK(a->section == NULL);
    kh_article_free(a);
}

TEST(html_credit_caption)
{
    /* Photo credits set as paragraphs go to the captions. */
    const char *html =
        "<article><p>افتتح الوزير صباح اليوم الجسر الجديد فوق النهر، بعد عامين من العمل.</p>"
        "<p>تصوير: سامي الحداد</p><p>الجسر الجديد عند الغروب. © وكالة الأنباء</p>"
        "<p>ويربط الجسر بين ضفتي المدينة، ويختصر الطريق إلى المطار نصف ساعة.</p></article>";
    kh_rc rc;
    kh_err err;
    kh_article *a = run_str(html, &rc, &err);
    CHECK(a);
    CHECK_INT(rc, KH_OK);
    CHECK_INT(a->body.n, 2);
    CHECK_INT(a->captions.n, 2);
    CHECK_STR(a->captions.items[0], "تصوير: سامي الحداد");
    CHECK_STR(a->captions.items[1], "الجسر الجديد عند الغروب. © وكالة الأنباء");
    kh_article_free(a);
}

TEST(html_jsonld_body)
{
    /* A page whose blocks are script-rendered: JSON-LD carries the body. */
    const char *html =
        "<script type=\"application/ld+json\">[{\"@type\":\"Organization\",\"name\":\"x\"},"
        "{\"@type\":[\"NewsArticle\"],\"headline\":\"عنوان من البيانات\",\"articleBody\":"
        "\"الفقرة الأولى من نص الخبر الذي لا يظهر في الصفحة إلا عبر البيانات المنظمة.\\n\\n"
        "الفقرة الثانية من النص نفسه، وهي أطول قليلا من الأولى لأغراض الاختبار.\"}]</script>"
        "<div id=\"app\">جار التحميل</div>";
    kh_rc rc;
    kh_err err;
    kh_article *a = run_str(html, &rc, &err);
    CHECK(a);
    CHECK_INT(rc, KH_OK);
    CHECK_STR(a->title, "عنوان من البيانات");
    CHECK_INT(a->body.n, 2);
    CHECK_STR(a->body.items[1],
              "الفقرة الثانية من النص نفسه، وهي أطول قليلا من الأولى لأغراض الاختبار.");
    kh_article_free(a);
}

TEST(html_bad_jsonld)
{
    const char *html = "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
                       "\"headline\": [1, {</script><p>نص عادي طويل بما يكفي ليكون فقرة واحدة "
                       "في هذا الاختبار.</p>";
    kh_rc rc;
    kh_err err;
    kh_article *a = run_str(html, &rc, &err);
    CHECK(a);
    CHECK_INT(rc, KH_OK);
    CHECK(a->title == NULL);
    CHECK_INT(a->body.n, 1);
    kh_article_free(a);
}

TEST(html_empty)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = run_str("", &rc, &err);
    CHECK(a);
    CHECK_INT(rc, KH_ERR_EMPTY);
    kh_article_free(a);
    a = run_str("<html><body><script>var x = '<p>not text</p>';</script></body></html>", &rc, &err);
    CHECK(a);
    CHECK_INT(rc, KH_ERR_EMPTY);
    kh_article_free(a);
}

TEST(html_null_and_over_cap)
{
    kh_err err;
    kh_err_init(&err, "null");
    kh_article *a = kh_article_new();
    CHECK(a);
    CHECK_INT(kh_extract_html(NULL, 10, a, &err), KH_ERR_ARG);
    CHECK_INT(kh_extract_html("<p>x</p>", 8, NULL, NULL), KH_ERR_ARG);
    /* The cap is checked before a byte is read. */
    kh_err_init(&err, "big");
    CHECK_INT(kh_extract_html("<p>x</p>", KH_CAP_PAGE + 1, a, &err), KH_ERR_TOOBIG);
    CHECK(strstr(err.msg, "cap"));
    kh_article_free(a);
}

TEST(html_too_deep)
{
    /* 100,000 unclosed <b><span>: refused at once instead of a quadratic
     * parse. */
    kh_buf b;
    kh_buf_init(&b, KH_CAP_PAGE);
    for (int i = 0; i < 100000; i++)
        CHECK_INT(kh_buf_appends(&b, "<b><span>"), KH_OK);
    CHECK_INT(kh_buf_appends(&b, "<p>نص</p>"), KH_OK);
    kh_err err;
    kh_err_init(&err, "deep");
    kh_article *a = kh_article_new();
    CHECK(a);
    clock_t t0 = clock();
    kh_rc rc = kh_extract_html(b.data, b.len, a, &err);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    kh_buf_clean(&b);
    kh_article_free(a);
    CHECK_INT(rc, KH_ERR_PARSE);
    CHECK(secs < 2.0);
}

TEST(html_many_blocks_linear)
{
    /* 100,000 small blocks (about 9 MB): must stay well under a few
     * seconds even under the sanitizers. */
    kh_buf b;
    kh_buf_init(&b, KH_CAP_PAGE);
    CHECK_INT(kh_buf_appends(&b, "<html><body><article>"), KH_OK);
    for (int i = 0; i < 100000; i++)
        CHECK_INT(kh_buf_printf(&b,
                                "<div class=\"c%d\"><p>Paragraph %d, with words, and more "
                                "words to count.</p><a href=\"#\">link %d</a></div>",
                                i % 7, i, i),
                  KH_OK);
    CHECK_INT(kh_buf_appends(&b, "</article></body></html>"), KH_OK);
    kh_err err;
    kh_err_init(&err, "many");
    kh_article *a = kh_article_new();
    CHECK(a);
    kh_rc rc = kh_extract_html(b.data, b.len, a, &err);
    kh_buf_clean(&b);
    size_t n = a->body.n;
    kh_article_free(a);
    CHECK_INT(rc, KH_OK);
    CHECK_INT(n, 100000);
}

int main(void)
{
    TEST_RUN("extract/html", TEST_CASE(html_news_ar), TEST_CASE(html_og_only),
             TEST_CASE(html_no_article), TEST_CASE(html_broken), TEST_CASE(html_truncated_utf8),
             TEST_CASE(html_windows1252), TEST_CASE(html_utf8_declared_latin1),
             TEST_CASE(html_title_suffix), TEST_CASE(html_breadcrumb_section),
             TEST_CASE(html_bare_date_line), TEST_CASE(html_share_words),
             TEST_CASE(html_breadcrumb_home_only), TEST_CASE(html_credit_caption),
             TEST_CASE(html_jsonld_body), TEST_CASE(html_bad_jsonld), TEST_CASE(html_empty),
             TEST_CASE(html_null_and_over_cap), TEST_CASE(html_too_deep),
             TEST_CASE(html_many_blocks_linear));
}
