/*
 * tests/extract/dump.c - the text-dump extractor (src/extract/dump.c and
 * dump_line.c).
 *
 * The two real pages of ../shared/seeds are checked line by line against
 * their gold files: every role, the title, section, outlet, body lines,
 * related and see-also titles.  Small hand-written dumps in
 * tests/data/extract/ (invented outlets and text) each exercise a few rules;
 * the rest are bad inputs: NULL, empty, binary, broken UTF-8, English,
 * furniture only, a long page, and failing allocations.
 */
#include "extract/extract.h"
#include "core/alloc.h"
#include "text/text.h"
#include "test.h"

#include <jansson.h>
#include <time.h>

/* Reads a whole file into a kh_buf; NULL on failure. */
static char *slurp(const char *path, size_t *len)
{
    kh_buf b;
    kh_buf_init(&b, KH_CAP_PAGE);
    if (kh_buf_read_file(&b, path, NULL) != KH_OK)
        return NULL;
    return kh_buf_take(&b, len);
}

/* The display form of line number n (1-based) of text, into a fresh string. */
static char *line_text(const char *text, size_t len, size_t n)
{
    size_t start = 0, k = 1;
    while (k < n && start < len) {
        const char *nl = memchr(text + start, '\n', len - start);
        if (!nl)
            return NULL;
        start = (size_t)(nl - text) + 1;
        k++;
    }
    const char *nl = memchr(text + start, '\n', len - start);
    size_t end = nl ? (size_t)(nl - text) : len;
    kh_buf b;
    kh_buf_init(&b, KH_CAP_PAGE);
    if (kh_text_clean_display(text + start, end - start, &b) != KH_OK)
        return NULL;
    return kh_buf_take(&b, NULL);
}

static const char *role_of(const kh_article *a, size_t n)
{
    for (size_t i = 0; i < a->n_lines; i++)
        if (a->lines[i].n == n)
            return kh_line_role_name(a->lines[i].role);
    return "(no such line)";
}

/* Compares one seed with its gold file; returns the number of mismatches and
 * prints each. */
static int check_seed(const char *name)
{
    char path[1024];
    int bad = 0;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/seeds/%s.txt", kh_test_shared(), name);
    char *text = slurp(path, &len);
    snprintf(path, sizeof path, "%s/seeds/%s.gold.json", kh_test_shared(), name);
    json_t *gold = json_load_file(path, 0, NULL);
    kh_article *a = kh_article_new();
    kh_err err;
    kh_err_init(&err, name);
    if (!text || !gold || !a) {
        fprintf(stderr, "  %s: cannot read the seed or its gold file\n", name);
        bad = 1;
        goto done;
    }
    if (kh_extract_dump(text, len, a, &err) != KH_OK) {
        fprintf(stderr, "  %s: %s\n", name, err.msg);
        bad = 1;
        goto done;
    }
    /* Every gold line has its role, and there are no extra lines. */
    json_t *roles = json_object_get(gold, "line_roles");
    const char *key;
    json_t *val;
    json_object_foreach(roles, key, val)
    {
        const char *got = role_of(a, (size_t)atol(key));
        if (!got || strcmp(got, json_string_value(val)) != 0) {
            fprintf(stderr, "  %s line %s: role %s, want %s\n", name, key, got ? got : "null",
                    json_string_value(val));
            bad++;
        }
    }
    if (a->n_lines != json_object_size(roles)) {
        fprintf(stderr, "  %s: %zu lines, want %zu\n", name, a->n_lines, json_object_size(roles));
        bad++;
    }
    static const char *const fields[] = {"title", "section", "outlet"};
    const char *got_fields[] = {a->title, a->section, a->outlet};
    for (int i = 0; i < 3; i++) {
        json_t *want = json_object_get(gold, fields[i]);
        const char *w = json_is_string(want) ? json_string_value(want) : NULL;
        const char *g = got_fields[i];
        if ((w == NULL) != (g == NULL) || (w && strcmp(w, g) != 0)) {
            fprintf(stderr, "  %s %s: \"%s\", want \"%s\"\n", name, fields[i], g ? g : "null",
                    w ? w : "null");
            bad++;
        }
    }
    /* Body paragraphs are exactly the gold body lines, in order. */
    json_t *body = json_object_get(gold, "body_lines");
    if (json_array_size(body) != a->body.n) {
        fprintf(stderr, "  %s: %zu paragraphs, want %zu\n", name, a->body.n, json_array_size(body));
        bad++;
    } else {
        for (size_t i = 0; i < a->body.n; i++) {
            char *want = line_text(text, len, (size_t)json_integer_value(json_array_get(body, i)));
            if (!want || strcmp(want, a->body.items[i]) != 0) {
                fprintf(stderr, "  %s: paragraph %zu differs\n", name, i + 1);
                bad++;
            }
            kh_free(want);
        }
    }
    static const char *const lists[] = {"related_titles", "see_also_titles"};
    const kh_strlist *got_lists[] = {&a->related, &a->see_also};
    for (int k = 0; k < 2; k++) {
        json_t *want = json_object_get(gold, lists[k]);
        if (json_array_size(want) != got_lists[k]->n) {
            fprintf(stderr, "  %s: %zu %s, want %zu\n", name, got_lists[k]->n, lists[k],
                    json_array_size(want));
            bad++;
            continue;
        }
        for (size_t i = 0; i < got_lists[k]->n; i++)
            if (strcmp(json_string_value(json_array_get(want, i)), got_lists[k]->items[i])) {
                fprintf(stderr, "  %s %s[%zu]: \"%s\"\n", name, lists[k], i,
                        got_lists[k]->items[i]);
                bad++;
            }
    }
done:
    kh_article_free(a);
    json_decref(gold);
    kh_free(text);
    return bad;
}

TEST(seed_000_furniture_and_crumb)
{
    CHECK_INT(check_seed("000_2dcdea4e522631e9"), 0);
}

TEST(seed_001_logo_related_see_also)
{
    CHECK_INT(check_seed("001_41531be9f591d7eb"), 0);
}

/* The rules never look at blank lines or line ends: the seeds without
 * their blank lines and with CRLF ends give the gold roles, in order. */
static int check_seed_layout(const char *name)
{
    char path[1024];
    size_t len = 0;
    int bad = 0;
    snprintf(path, sizeof path, "%s/seeds/%s.txt", kh_test_shared(), name);
    char *text = slurp(path, &len);
    snprintf(path, sizeof path, "%s/seeds/%s.gold.json", kh_test_shared(), name);
    json_t *gold = json_load_file(path, 0, NULL);
    kh_buf v;
    kh_buf_init(&v, KH_CAP_PAGE);
    kh_article *a = kh_article_new();
    if (!text || !gold || !a)
        bad = 1;
    /* Non-empty lines only, each ended by CRLF. */
    for (size_t i = 0; !bad && i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (end > i && (kh_buf_append(&v, text + i, end - i) != KH_OK ||
                        kh_buf_append(&v, "\r\n", 2) != KH_OK))
            bad = 1;
        i = end + 1;
    }
    kh_err err;
    kh_err_init(&err, name);
    if (!bad && kh_extract_dump(v.data, v.len, a, &err) != KH_OK)
        bad = 1;
    json_t *roles = json_object_get(gold, "line_roles");
    if (!bad && a->n_lines != json_object_size(roles))
        bad = 1;
    /* Gold line numbers in increasing order against the new lines. */
    size_t k = 0;
    for (size_t n = 1; !bad && k < a->n_lines && n < 100000; n++) {
        char key[24];
        snprintf(key, sizeof key, "%zu", n);
        json_t *want = json_object_get(roles, key);
        if (!want)
            continue;
        const char *got = kh_line_role_name(a->lines[k].role);
        if (!got || strcmp(got, json_string_value(want)) != 0) {
            fprintf(stderr, "  %s line %zu: %s, want %s\n", name, n, got ? got : "null",
                    json_string_value(want));
            bad++;
        }
        k++;
    }
    kh_article_free(a);
    kh_buf_clean(&v);
    json_decref(gold);
    kh_free(text);
    return bad;
}

TEST(seed_layout_no_blank_lines_crlf)
{
    CHECK_INT(check_seed_layout("000_2dcdea4e522631e9"), 0);
    CHECK_INT(check_seed_layout("001_41531be9f591d7eb"), 0);
}

/* Extracts tests/data/extract/<name>; returns the article (NULL on a
 * failed read) and the result code in *rc. */
static kh_article *extract_file(const char *name, kh_rc *rc, kh_err *err)
{
    char path[512];
    snprintf(path, sizeof path, "tests/data/extract/%s", name);
    size_t len = 0;
    char *text = slurp(path, &len);
    if (!text)
        return NULL;
    kh_article *a = kh_article_new();
    kh_err_init(err, path);
    *rc = a ? kh_extract_dump(text, len, a, err) : KH_ERR_NOMEM;
    kh_free(text);
    return a;
}

/* The roles of lines 1..n as one string "logo title body ...", "-" for a
 * line without a role or an empty line. */
static void roles_string(const kh_article *a, char *out, size_t cap)
{
    size_t o = 0, max = a->n_lines ? a->lines[a->n_lines - 1].n : 0;
    out[0] = '\0';
    for (size_t n = 1; n <= max && o + 32 < cap; n++) {
        const char *r = NULL;
        int found = 0;
        for (size_t i = 0; i < a->n_lines; i++)
            if (a->lines[i].n == n) {
                r = kh_line_role_name(a->lines[i].role);
                found = 1;
            }
        if (!found)
            continue; /* empty lines are not listed */
        o += (size_t)snprintf(out + o, cap - o, "%s%s", o ? " " : "", r ? r : "-");
    }
}

TEST(dump_see_also_prefixes)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = extract_file("see_also.txt", &rc, &err);
    CHECK(a);
    char roles[512];
    roles_string(a, roles, sizeof roles);
    int ok = rc == KH_OK;
    if (ok) {
        ok = strcmp(roles, "logo title body see_also body see_also body see_also body") == 0 &&
             a->see_also.n == 3 && a->body.n == 4 && a->outlet &&
             strcmp(a->outlet, "شبكة السنبلة") == 0 &&
             strcmp(a->see_also.items[0], "مزارعو الواحات يطالبون بدعم أسعار المياه") == 0 &&
             strcmp(a->see_also.items[1], "جولة مصورة في سوق التمور الكبير") == 0 &&
             strcmp(a->see_also.items[2], "«المرفأ» يستقبل أول شحنة مبردة") == 0;
        if (!ok)
            fprintf(stderr, "  roles: %s\n", roles);
    }
    kh_article_free(a);
    CHECK(ok);
}

TEST(dump_share_counter_crumb)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = extract_file("share_counter.txt", &rc, &err);
    CHECK(a);
    char roles[512];
    roles_string(a, roles, sizeof roles);
    int ok = rc == KH_OK &&
             strcmp(roles, "breadcrumb title counter counter share share body body body") == 0 &&
             a->section && strcmp(a->section, "ثقافة") == 0 && !a->outlet && a->body.n == 3 &&
             a->title && strcmp(a->title, "افتتاح معرض الكتاب في دورته العشرين بمشاركة واسعة") == 0;
    if (!ok)
        fprintf(stderr, "  roles: %s (%s)\n", roles, err.msg);
    kh_article_free(a);
    CHECK(ok);
}

TEST(dump_no_title)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = extract_file("no_title.txt", &rc, &err);
    CHECK(a);
    int ok = rc == KH_OK && a->title == NULL && a->body.n == 3 && a->teaser == NULL;
    kh_article_free(a);
    CHECK(ok);
}

TEST(dump_furniture_only_empty)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = extract_file("furniture_only.txt", &rc, &err);
    CHECK(a);
    char roles[512];
    roles_string(a, roles, sizeof roles);
    int ok = rc == KH_ERR_EMPTY && err.rc == KH_ERR_EMPTY &&
             strcmp(roles, "logo footer_menu share share counter loading") == 0;
    if (!ok)
        fprintf(stderr, "  rc %d roles: %s\n", rc, roles);
    kh_article_free(a);
    CHECK(ok);
}

TEST(dump_related_block_label)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = extract_file("related_block.txt", &rc, &err);
    CHECK(a);
    char roles[512];
    roles_string(a, roles, sizeof roles);
    int ok = rc == KH_OK &&
             strcmp(roles, "logo section title body body subheading body related_header loading "
                           "related_caption related_title related_teaser related_section loading "
                           "related_title related_section footer_menu") == 0 &&
             a->section && strcmp(a->section, "رياضة") == 0 && a->related.n == 2 &&
             strcmp(a->related.items[1], "الاتحاد يعلن مواعيد الدوري الجديد") == 0 &&
             a->subheadings.n == 1;
    if (!ok)
        fprintf(stderr, "  roles: %s\n", roles);
    kh_article_free(a);
    CHECK(ok);
}

TEST(dump_caption_duplicate_path_crumb)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = extract_file("caption_dup.txt", &rc, &err);
    CHECK(a);
    char roles[512];
    roles_string(a, roles, sizeof roles);
    int ok = rc == KH_OK &&
             strcmp(roles, "breadcrumb title caption caption_duplicate body body") == 0 &&
             a->section && strcmp(a->section, "محليات") == 0 && a->captions.n == 1;
    if (!ok)
        fprintf(stderr, "  roles: %s section %s\n", roles, a->section ? a->section : "null");
    kh_article_free(a);
    CHECK(ok);
}

TEST(dump_teaser_caption_subheadings)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = extract_file("teaser_caption.txt", &rc, &err);
    CHECK(a);
    char roles[512];
    roles_string(a, roles, sizeof roles);
    int ok = rc == KH_OK &&
             strcmp(roles, "logo title teaser caption share share subheading body body "
                           "subheading body") == 0 &&
             a->outlet && strcmp(a->outlet, "الوادي الأخضر") == 0 && a->teaser &&
             a->subheadings.n == 2;
    if (!ok)
        fprintf(stderr, "  roles: %s\n", roles);
    kh_article_free(a);
    CHECK(ok);
}

/* Dates, bylines, ads and tags have no role; a path breadcrumb gives the
 * section, the repeated title stays the title, list items and a sentence
 * ending in a colon are body, share counts do not hide a share row. */
TEST(dump_meta_lines)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = extract_file("meta_lines.txt", &rc, &err);
    CHECK(a);
    char roles[512];
    roles_string(a, roles, sizeof roles);
    int ok = rc == KH_OK &&
             strcmp(roles, "breadcrumb title - - title share body body body - subheading body "
                           "body body -") == 0 &&
             a->section && strcmp(a->section, "تعليم") == 0 && a->published &&
             strcmp(a->published, "2025-04-17T10:30") == 0 && a->body.n == 6 &&
             a->subheadings.n == 1;
    if (!ok)
        fprintf(stderr, "  roles: %s published %s\n", roles, a->published ? a->published : "null");
    kh_article_free(a);
    CHECK(ok);
}

/* A menu laid out one link per line (the site's name and a label above it
 * join it: short unfinished lines next to section names), a skip link; "صدر الصورة،"-style credit
 * labels, a byline with a comma, a date in two calendars' month names. */
TEST(dump_vertical_menu_chrome)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = extract_file("vertical_menu.txt", &rc, &err);
    CHECK(a);
    char roles[512];
    roles_string(a, roles, sizeof roles);
    int ok = rc == KH_OK &&
             strcmp(roles, "- footer_menu footer_menu footer_menu footer_menu footer_menu "
                           "footer_menu footer_menu title caption caption - - body body") == 0 &&
             a->section == NULL && a->published && strcmp(a->published, "2025-04-17") == 0 &&
             a->captions.n == 2;
    if (!ok)
        fprintf(stderr, "  roles: %s\n", roles);
    kh_article_free(a);
    CHECK(ok);
}

/* A comment form ends the article like a footer; "كتب <name>" is a byline;
 * "09:15 م" is in the evening. */
TEST(dump_comments_form)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = extract_file("comments_form.txt", &rc, &err);
    CHECK(a);
    char roles[512];
    roles_string(a, roles, sizeof roles);
    int ok = rc == KH_OK &&
             strcmp(roles, "- - title - - body body body footer_menu footer_menu footer_menu "
                           "share footer_menu related_header related_title related_title") == 0 &&
             a->published && strcmp(a->published, "2025-04-20T21:15") == 0 && a->body.n == 3 &&
             a->related.n == 2;
    if (!ok)
        fprintf(stderr, "  roles: %s published %s\n", roles, a->published ? a->published : "null");
    kh_article_free(a);
    CHECK(ok);
}

/* Headlines after the last paragraph are links to other stories; bare
 * section names after the text are footer links. */
TEST(dump_trailing_link_list)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = extract_file("link_list.txt", &rc, &err);
    CHECK(a);
    char roles[512];
    roles_string(a, roles, sizeof roles);
    int ok = rc == KH_OK &&
             strcmp(roles, "logo title body body related_title related_title related_title "
                           "footer_menu footer_menu") == 0 &&
             a->related.n == 3 && a->subheadings.n == 0 && a->section == NULL;
    if (!ok)
        fprintf(stderr, "  roles: %s\n", roles);
    kh_article_free(a);
    CHECK(ok);
}

/* A million tiny lines is not a page: refused before it costs memory. */
TEST(dump_too_many_lines)
{
    kh_buf b;
    kh_buf_init(&b, KH_CAP_PAGE);
    int ok = 1;
    for (size_t i = 0; ok && i < 1000001; i++)
        ok = kh_buf_append(&b, "\xd8\xa8\n", 3) == KH_OK; /* "ب" */
    CHECK(ok);
    kh_err err;
    kh_err_init(&err, "lines.txt");
    kh_article *a = kh_article_new();
    kh_rc rc = a ? kh_extract_dump(b.data, b.len, a, &err) : KH_ERR_NOMEM;
    kh_article_free(a);
    kh_buf_clean(&b);
    CHECK_INT(rc, KH_ERR_TOOBIG);
    CHECK(strstr(err.msg, "lines") != NULL);
}

/* Two paragraphs, then a credited photo: the second opens like a report
 * continues ("وقال ..."), so the body has begun and there is no teaser. */
TEST(dump_photo_inside_body)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = extract_file("body_photo.txt", &rc, &err);
    CHECK(a);
    char roles[512];
    roles_string(a, roles, sizeof roles);
    int ok = rc == KH_OK && strcmp(roles, "logo title body body caption body") == 0 &&
             a->teaser == NULL && a->body.n == 3;
    if (!ok)
        fprintf(stderr, "  roles: %s\n", roles);
    kh_article_free(a);
    CHECK(ok);
}

/* A row of section names after a home word is a navigation bar; the
 * breadcrumb below it names the section. */
TEST(dump_spaced_menu_and_crumb)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = extract_file("spaced_menu.txt", &rc, &err);
    CHECK(a);
    char roles[512];
    roles_string(a, roles, sizeof roles);
    int ok = rc == KH_OK && strcmp(roles, "footer_menu breadcrumb title share body body") == 0 &&
             a->section && strcmp(a->section, "اقتصاد") == 0;
    if (!ok)
        fprintf(stderr, "  roles: %s section %s\n", roles, a->section ? a->section : "null");
    kh_article_free(a);
    CHECK(ok);
}

/* "الرئيسية" alone above two section names: a menu one link per line, so
 * no section is claimed. */
TEST(dump_lone_home_menu)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = extract_file("lone_home_menu.txt", &rc, &err);
    CHECK(a);
    char roles[512];
    roles_string(a, roles, sizeof roles);
    int ok = rc == KH_OK &&
             strcmp(roles, "footer_menu footer_menu footer_menu title body body") == 0 &&
             a->section == NULL;
    if (!ok)
        fprintf(stderr, "  roles: %s\n", roles);
    kh_article_free(a);
    CHECK(ok);
}

/* A headline-like masthead line and a menu of names no list knows above
 * the real headline: the title is the one right above the article. */
TEST(dump_chrome_above_title)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = extract_file("chrome_title.txt", &rc, &err);
    CHECK(a);
    char roles[512];
    roles_string(a, roles, sizeof roles);
    int ok = rc == KH_OK &&
             strcmp(roles, "- - footer_menu footer_menu footer_menu footer_menu footer_menu "
                           "title - share body body") == 0 &&
             a->title &&
             strcmp(a->title, "المجلس البلدي يقر ميزانية العام الجديد بزيادة في مخصصات النقل "
                              "العام") == 0 &&
             a->section == NULL;
    if (!ok)
        fprintf(stderr, "  roles: %s\n", roles);
    kh_article_free(a);
    CHECK(ok);
}

TEST(dump_english_not_arabic)
{
    kh_rc rc;
    kh_err err;
    kh_article *a = extract_file("english.txt", &rc, &err);
    CHECK(a);
    kh_article_free(a);
    CHECK_INT(rc, KH_ERR_EMPTY);
    CHECK(strstr(err.msg, "Arabic") != NULL);
}

TEST(dump_null_args)
{
    kh_err err;
    kh_err_init(&err, "x");
    kh_article *a = kh_article_new();
    CHECK(a);
    kh_rc r1 = kh_extract_dump(NULL, 3, a, &err);
    kh_rc r2 = kh_extract_dump("abc", 3, NULL, NULL);
    kh_article_free(a);
    CHECK_INT(r1, KH_ERR_ARG);
    CHECK_INT(r2, KH_ERR_ARG);
}

TEST(dump_empty_and_blank)
{
    kh_err err;
    kh_err_init(&err, "x");
    kh_article *a = kh_article_new();
    CHECK(a);
    kh_rc r1 = kh_extract_dump("", 0, a, &err);
    kh_err_init(&err, "x");
    kh_rc r2 = kh_extract_dump(" \n\n\t \r\n", 7, a, &err);
    kh_article_free(a);
    CHECK_INT(r1, KH_ERR_EMPTY);
    CHECK_INT(r2, KH_ERR_EMPTY);
    CHECK(strstr(err.msg, "blank") != NULL);
}

TEST(dump_binary_junk)
{
    char junk[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (char)(i % 7 == 0 ? 0 : (x >> 16) & 0xff);
    }
    kh_err err;
    kh_err_init(&err, "junk.bin");
    kh_article *a = kh_article_new();
    CHECK(a);
    kh_rc rc = kh_extract_dump(junk, sizeof junk, a, &err);
    kh_article_free(a);
    CHECK_INT(rc, KH_ERR_UTF8);
    CHECK(strstr(err.msg, "not UTF-8") != NULL);
}

/* A good page with a few broken sequences (a truncated letter, a stray
 * continuation byte) still extracts; the bytes are counted. */
TEST(dump_truncated_utf8)
{
    const char *good = "عنوان الخبر عن افتتاح الجسر الجديد\n"
                       "افتتح المحافظ الجسر الجديد فوق النهر صباح اليوم بحضور عدد كبير من "
                       "السكان.\n"
                       "ويربط الجسر ضفتي المدينة ويختصر الطريق إلى المستشفى\xd8 ثلث الوقت.\n"
                       "وقال المحافظ إن الجسر \x80 سيفتح للسيارات الأسبوع المقبل.\n";
    kh_err err;
    kh_err_init(&err, "broken.txt");
    kh_article *a = kh_article_new();
    CHECK(a);
    kh_rc rc = kh_extract_dump(good, strlen(good), a, &err);
    size_t bad = a->n_bad_utf8, body = a->body.n;
    int has_title = a->title != NULL;
    kh_article_free(a);
    CHECK_INT(rc, KH_OK);
    CHECK_INT(bad, 2);
    CHECK_INT(body, 3);
    CHECK(has_title);
}

/* CRLF line ends and a byte-order mark change nothing. */
TEST(dump_crlf_bom)
{
    const char *text = "\xef\xbb\xbf"
                       "عنوان قصير عن المطر\r\n\r\n"
                       "هطلت أمطار غزيرة على المدينة طوال الليل وأغلقت بعض الشوارع.\r\n"
                       "ودعت البلدية السكان إلى الحذر عند القيادة.\r\n";
    kh_err err;
    kh_err_init(&err, "crlf.txt");
    kh_article *a = kh_article_new();
    CHECK(a);
    kh_rc rc = kh_extract_dump(text, strlen(text), a, &err);
    int ok = rc == KH_OK && a->title && strcmp(a->title, "عنوان قصير عن المطر") == 0 &&
             a->body.n == 2 && a->n_lines == 3 && a->lines[1].n == 3;
    kh_article_free(a);
    CHECK(ok);
}

/* A long page goes in linear time: 20,000 paragraphs (about 4 MB) within
 * a few seconds even under the sanitizers. */
TEST(dump_long_page_linear)
{
    const char *para = "وقال المتحدث باسم الوزارة إن العمل في المشروع يسير وفق الجدول الزمني "
                       "المحدد، وإن المرحلة الثانية ستنتهي قبل نهاية العام.\n";
    size_t pl = strlen(para), n = 20000;
    kh_buf b;
    kh_buf_init(&b, KH_CAP_PAGE);
    int ok = kh_buf_appends(&b, "عنوان طويل لصفحة كبيرة جدا\n") == KH_OK;
    for (size_t i = 0; ok && i < n; i++)
        ok = kh_buf_append(&b, para, pl) == KH_OK;
    CHECK(ok);
    kh_err err;
    kh_err_init(&err, "long.txt");
    kh_article *a = kh_article_new();
    clock_t t0 = clock();
    kh_rc rc = a ? kh_extract_dump(b.data, b.len, a, &err) : KH_ERR_NOMEM;
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    size_t body = a ? a->body.n : 0;
    kh_article_free(a);
    kh_buf_clean(&b);
    CHECK_INT(rc, KH_OK);
    CHECK_INT(body, n);
    CHECK(secs < 30.0);
}

/* Every allocation failure ends in KH_ERR_NOMEM (or success), never a
 * crash or a leak. */
TEST(dump_fault)
{
    char path[1024];
    size_t len = 0;
    snprintf(path, sizeof path, "%s/seeds/001_41531be9f591d7eb.txt", kh_test_shared());
    char *text = slurp(path, &len);
    CHECK(text);
    int ok = 1;
    for (long n = 0; n < 4000 && ok; n++) {
        kh_article *a = kh_article_new();
        if (!a)
            continue;
        kh_err err;
        kh_err_init(&err, "seed");
        kh_alloc_fail_after(n);
        kh_rc rc = kh_extract_dump(text, len, a, &err);
        long used = kh_alloc_count();
        kh_alloc_fail_after(-1);
        ok = rc == KH_OK || rc == KH_ERR_NOMEM;
        kh_article_free(a);
        if (rc == KH_OK && used <= n)
            break; /* no more allocations to fail */
    }
    kh_free(text);
    CHECK(ok);
}

int main(void)
{
    TEST_RUN("extract/dump", TEST_CASE(seed_000_furniture_and_crumb),
             TEST_CASE(seed_001_logo_related_see_also), TEST_CASE(seed_layout_no_blank_lines_crlf),
             TEST_CASE(dump_see_also_prefixes), TEST_CASE(dump_share_counter_crumb),
             TEST_CASE(dump_no_title), TEST_CASE(dump_furniture_only_empty),
             TEST_CASE(dump_related_block_label), TEST_CASE(dump_caption_duplicate_path_crumb),
             TEST_CASE(dump_teaser_caption_subheadings), TEST_CASE(dump_meta_lines),
             TEST_CASE(dump_vertical_menu_chrome), TEST_CASE(dump_comments_form),
             TEST_CASE(dump_trailing_link_list), TEST_CASE(dump_too_many_lines),
             TEST_CASE(dump_photo_inside_body), TEST_CASE(dump_spaced_menu_and_crumb),
             TEST_CASE(dump_lone_home_menu), TEST_CASE(dump_chrome_above_title),
             TEST_CASE(dump_english_not_arabic), TEST_CASE(dump_null_args),
             TEST_CASE(dump_empty_and_blank), TEST_CASE(dump_binary_junk),
             TEST_CASE(dump_truncated_utf8), TEST_CASE(dump_crlf_bom),
             TEST_CASE(dump_long_page_linear), TEST_CASE(dump_fault));
}
