/*
 * tests/extract/extract.c - the extract stage's front door
 * (src/extract/extract.c): kh_extract_page on each kind of input, the bad
 * inputs it must refuse with a message, and the JSON of `khabar extract`.
 */
#include "extract/extract.h"
#include "core/alloc.h"
#include "test.h"

#include <jansson.h>

static kh_rc page(const char *s, size_t n, kh_article **out, kh_err *err)
{
    kh_err_init(err, "input");
    *out = kh_article_new();
    if (!*out)
        return KH_ERR_NOMEM;
    return kh_extract_page(s, n, *out, err);
}

static const char dump_text[] = "جريدة الندى logo\n"
                                "الرئيسية اقتصاد ارتفاع أسعار القمح في الأسواق المحلية\n"
                                "ارتفاع أسعار القمح في الأسواق المحلية\n"
                                "320\n"
                                "ارتفعت أسعار القمح في الأسواق المحلية بنسبة عشرة في المئة خلال "
                                "أسبوع واحد بسبب تراجع الواردات.\n"
                                "وقال تجار إن الأسعار قد تواصل الارتفاع حتى وصول شحنات جديدة.\n"
                                "شارك\n";

TEST(page_text_dump)
{
    kh_article *a;
    kh_err err;
    kh_rc rc = page(dump_text, strlen(dump_text), &a, &err);
    int ok = rc == KH_OK && a->kind == KH_INPUT_TEXT && a->body.n == 2 && a->section &&
             strcmp(a->section, "اقتصاد") == 0 && a->outlet &&
             strcmp(a->outlet, "جريدة الندى") == 0 && a->n_lines == 7;
    kh_article_free(a);
    CHECK(ok);
}

TEST(page_json_record)
{
    const char *rec = "{\"id\": \"x-1\", \"outlet\": \"وكالة النخيل\", \"published\": "
                      "\"2026-03-02T08:10:00+03:00\", \"title\": \"افتتاح سوق جديد\", "
                      "\"text\": \"افتتحت البلدية سوقا جديدا للخضار.\\n\\nويضم السوق مئة "
                      "محل.\"}";
    kh_article *a;
    kh_err err;
    kh_rc rc = page(rec, strlen(rec), &a, &err);
    int ok = rc == KH_OK && a->kind == KH_INPUT_JSON && a->body.n == 2 && a->title &&
             strcmp(a->title, "افتتاح سوق جديد") == 0 && a->published &&
             strcmp(a->published, "2026-03-02T08:10:00+03:00") == 0 && a->outlet &&
             strcmp(a->outlet, "وكالة النخيل") == 0 && a->lines == NULL;
    kh_article_free(a);
    CHECK(ok);
}

/* A record whose text is English is refused like an English page. */
/* JSON writers escape non-ASCII ("\\u0627"): still Arabic. */
TEST(page_json_escaped_arabic)
{
    const char *rec = "{\"title\": \"\\u0639\\u0646\\u0648\\u0627\\u0646\", \"text\": "
                      "\"\\u0627\\u0641\\u062a\\u062a\\u0627\\u062d \\u0633\\u0648\\u0642.\"}";
    kh_article *a;
    kh_err err;
    kh_rc rc = page(rec, strlen(rec), &a, &err);
    int ok = rc == KH_OK && a->title && strcmp(a->title, "عنوان") == 0 && a->body.n == 1 &&
             strcmp(a->body.items[0], "افتتاح سوق.") == 0;
    if (!ok)
        fprintf(stderr, "  rc %d: %s\n", rc, err.msg);
    kh_article_free(a);
    CHECK(ok);
}

TEST(page_json_record_english)
{
    const char *rec = "{\"title\": \"Market opens\", \"text\": \"The city opened a market.\"}";
    kh_article *a;
    kh_err err;
    kh_rc rc = page(rec, strlen(rec), &a, &err);
    kh_article_free(a);
    CHECK_INT(rc, KH_ERR_EMPTY);
    CHECK(strstr(err.msg, "Arabic") != NULL);
}

/* An HTML page with navigation only has no article. */
TEST(page_html_no_article)
{
    const char *html = "<!doctype html><html><head><title>الرئيسية</title></head><body>"
                       "<nav><a href=\"/\">الرئيسية</a> <a href=\"/s\">رياضة</a></nav>"
                       "<footer>جميع الحقوق محفوظة</footer></body></html>";
    kh_article *a;
    kh_err err;
    kh_rc rc = page(html, strlen(html), &a, &err);
    kh_article_free(a);
    CHECK_INT(rc, KH_ERR_EMPTY);
    CHECK(err.msg[0] != '\0');
}

/* A Chinese page: no Arabic, no article. */
TEST(page_chinese_not_arabic)
{
    const char *zh =
        "巴黎会谈结束\n"
        "会谈于周四晚间结束，双方未就下一步达成协议。官员表示，双方将于下月再次会面。\n"
        "双方表示将在另一个首都继续谈判，并邀请更多国家参加。\n";
    kh_article *a;
    kh_err err;
    kh_rc rc = page(zh, strlen(zh), &a, &err);
    kh_article_free(a);
    CHECK_INT(rc, KH_ERR_EMPTY);
    CHECK(strstr(err.msg, "Arabic") != NULL);
}

/* HTML in the charset it declares (windows-1256) is not refused as "not
 * UTF-8": the HTML extractor decodes it. */
TEST(page_html_declared_charset)
{
    kh_buf b;
    kh_buf_init(&b, KH_CAP_PAGE);
    CHECK(kh_buf_read_file(&b, "tests/data/extract/cp1256.html", NULL) == KH_OK);
    kh_article *a;
    kh_err err;
    kh_rc rc = page(b.data, b.len, &a, &err);
    int ok = rc == KH_OK && a->kind == KH_INPUT_HTML && a->body.n >= 2 && a->title &&
             strcmp(a->title, "افتتاح مكتبة عامة جديدة في الحي القديم") == 0;
    if (!ok)
        fprintf(stderr, "  rc %d: %s\n", rc, err.msg);
    kh_article_free(a);
    kh_buf_clean(&b);
    CHECK(ok);
}

/* JSONL is many pages: refused, not read as a text dump. */
TEST(page_jsonl_refused)
{
    const char *jsonl = "{\"title\": \"عنوان أول\", \"text\": \"نص أول.\"}\n"
                        "{\"title\": \"عنوان ثان\", \"text\": \"نص ثان.\"}\n";
    kh_article *a;
    kh_err err;
    kh_rc rc = page(jsonl, strlen(jsonl), &a, &err);
    kh_article_free(a);
    CHECK_INT(rc, KH_ERR_PARSE);
    CHECK(strstr(err.msg, "JSON records") != NULL);
}

TEST(page_binary)
{
    char junk[2048];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (char)(i % 3 == 0 ? 0 : 0x80 + (i * 37) % 64);
    kh_article *a;
    kh_err err;
    kh_rc rc = page(junk, sizeof junk, &a, &err);
    kh_article_free(a);
    CHECK_INT(rc, KH_ERR_UTF8);
}

/* A page in windows-1256 is not UTF-8: refused, with a hint. */
TEST(page_legacy_encoding)
{
    /* "خبر" three times in windows-1256, then a line break. */
    const char cp1256[] = "\xce\xc8\xd1 \xce\xc8\xd1 \xce\xc8\xd1\n";
    kh_article *a;
    kh_err err;
    kh_rc rc = page(cp1256, sizeof cp1256 - 1, &a, &err);
    kh_article_free(a);
    CHECK_INT(rc, KH_ERR_UTF8);
    CHECK(strstr(err.msg, "windows-1256") != NULL);
}

TEST(page_empty_and_null)
{
    kh_article *a;
    kh_err err;
    kh_rc r1 = page("", 0, &a, &err);
    kh_rc r2 = kh_extract_page(NULL, 0, a, NULL);
    kh_rc r3 = kh_extract_page("x", 1, NULL, NULL);
    kh_article_free(a);
    CHECK_INT(r1, KH_ERR_EMPTY);
    CHECK_INT(r2, KH_ERR_ARG);
    CHECK_INT(r3, KH_ERR_ARG);
}

/* The JSON has the keys of `khabar extract` in order, null for what is
 * missing, and one {"n", "role"} per non-empty line of a dump. */
TEST(json_keys_and_lines)
{
    kh_article *a;
    kh_err err;
    kh_rc rc = page(dump_text, strlen(dump_text), &a, &err);
    kh_buf out;
    kh_buf_init(&out, KH_CAP_PAGE);
    kh_rc jr = rc == KH_OK ? kh_extract_json(a, &out) : rc;
    kh_article_free(a);
    CHECK_INT(jr, KH_OK);
    json_t *root = json_loadb(out.data, out.len, 0, NULL);
    static const char *const keys[] = {"title",    "section",  "outlet",      "published",
                                       "teaser",   "captions", "subheadings", "body",
                                       "see_also", "related",  "lines"};
    int ok = json_is_object(root) && json_object_size(root) == 11;
    const char *pos = out.data;
    for (size_t i = 0; ok && i < 11; i++) {
        char quoted[32];
        snprintf(quoted, sizeof quoted, "\"%s\":", keys[i]);
        const char *at = strstr(pos, quoted);
        ok = at != NULL && json_object_get(root, keys[i]) != NULL;
        pos = at ? at : pos;
    }
    json_t *lines = json_object_get(root, "lines");
    ok =
        ok && json_is_null(json_object_get(root, "published")) && json_array_size(lines) == 7 &&
        json_integer_value(json_object_get(json_array_get(lines, 0), "n")) == 1 &&
        strcmp(json_string_value(json_object_get(json_array_get(lines, 0), "role")), "logo") == 0 &&
        strcmp(json_string_value(json_object_get(json_array_get(lines, 2), "role")), "title") ==
            0 &&
        json_array_size(json_object_get(root, "body")) == 2;
    json_decref(root);
    kh_buf_clean(&out);
    CHECK(ok);
}

/* Records have no "lines". */
TEST(json_record_has_no_lines)
{
    const char *rec = "{\"title\": \"عنوان\", \"text\": \"نص عربي قصير.\"}";
    kh_article *a;
    kh_err err;
    kh_rc rc = page(rec, strlen(rec), &a, &err);
    kh_buf out;
    kh_buf_init(&out, KH_CAP_PAGE);
    kh_rc jr = rc == KH_OK ? kh_extract_json(a, &out) : rc;
    kh_article_free(a);
    CHECK_INT(jr, KH_OK);
    int ok = strstr(out.data, "\"lines\"") == NULL && strstr(out.data, "\"section\": null");
    kh_buf_clean(&out);
    CHECK(ok);
}

TEST(json_null_args)
{
    kh_buf out;
    kh_buf_init(&out, 16);
    CHECK_INT(kh_extract_json(NULL, &out), KH_ERR_ARG);
    kh_article *a = kh_article_new();
    CHECK(a);
    kh_rc rc = kh_extract_json(a, NULL);
    kh_article_free(a);
    CHECK_INT(rc, KH_ERR_ARG);
}

/* Writing into a buffer with a small cap fails cleanly. */
TEST(json_over_cap)
{
    kh_article *a;
    kh_err err;
    kh_rc rc = page(dump_text, strlen(dump_text), &a, &err);
    kh_buf out;
    kh_buf_init(&out, 64);
    kh_rc jr = rc == KH_OK ? kh_extract_json(a, &out) : rc;
    kh_article_free(a);
    kh_buf_clean(&out);
    CHECK_INT(jr, KH_ERR_TOOBIG);
}

/* Every allocation failure in page extraction and JSON writing ends in
 * KH_ERR_NOMEM or success. */
TEST(extract_fault)
{
    const char *rec = "{\"title\": \"افتتاح سوق\", \"outlet\": \"النخيل\", \"text\": "
                      "\"افتتحت البلدية سوقا.\\nويضم السوق مئة محل.\"}";
    int ok = 1, done_dump = 0, done_rec = 0;
    for (long n = 0; n < 2000 && ok; n++) {
        kh_err err;
        kh_err_init(&err, "fault");
        kh_article *a = kh_article_new();
        if (!a)
            continue;
        kh_buf out;
        kh_buf_init(&out, KH_CAP_PAGE);
        kh_alloc_fail_after(n);
        /* Odd rounds a JSON record, even ones a dump. */
        const char *in = n % 2 ? rec : dump_text;
        kh_rc rc = kh_extract_page(in, strlen(in), a, &err);
        if (rc == KH_OK)
            rc = kh_extract_json(a, &out);
        long used = kh_alloc_count();
        kh_alloc_fail_after(-1);
        ok = rc == KH_OK || rc == KH_ERR_NOMEM;
        kh_buf_clean(&out);
        kh_article_free(a);
        if (rc == KH_OK && used <= n) {
            done_rec |= n % 2;
            done_dump |= !(n % 2);
        }
        if (done_rec && done_dump)
            break;
    }
    CHECK(ok);
}

int main(void)
{
    TEST_RUN("extract/extract", TEST_CASE(page_text_dump), TEST_CASE(page_json_record),
             TEST_CASE(page_json_escaped_arabic), TEST_CASE(page_json_record_english),
             TEST_CASE(page_html_no_article), TEST_CASE(page_chinese_not_arabic),
             TEST_CASE(page_html_declared_charset), TEST_CASE(page_jsonl_refused),
             TEST_CASE(page_binary), TEST_CASE(page_legacy_encoding),
             TEST_CASE(page_empty_and_null), TEST_CASE(json_keys_and_lines),
             TEST_CASE(json_record_has_no_lines), TEST_CASE(json_null_args),
             TEST_CASE(json_over_cap), TEST_CASE(extract_fault));
}
