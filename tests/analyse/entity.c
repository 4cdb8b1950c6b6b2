/*
 * tests/analyse/entity.c - entities of articles with the shipped model
 * (models/ner.model): the two seed pages (../shared/seeds) and small
 * hand-made articles.
 */
#include "analyse/analyse.h"
#include "core/alloc.h"
#include "extract/extract.h"
#include "test.h"

static kh_ner_model *model(void)
{
    static kh_ner_model *m; /* loaded once for the whole test program */
    if (!m && kh_analyse_ner_load(NULL, &m, NULL) != KH_OK)
        m = NULL;
    return m;
}

/* Reads the seed page whose name starts with prefix (the whole dump,
 * furniture too) into b; 0 when it cannot. */
static int read_seed(const char *prefix, kh_buf *b)
{
    char cmd[1024], path[1024];
    snprintf(cmd, sizeof cmd, "ls %s/seeds/%s_*.txt 2>/dev/null", kh_test_shared(), prefix);
    FILE *p = popen(cmd, "r");
    if (!p)
        return 0;
    int ok = fgets(path, sizeof path, p) != NULL;
    pclose(p);
    if (!ok)
        return 0;
    path[strcspn(path, "\n")] = 0;
    return kh_buf_read_file(b, path, NULL) == KH_OK;
}

/* Appends the forms of one seed page. */
static int seed_forms(const char *prefix, size_t doc, kh_arena *arena, kh_variant_form **forms,
                      size_t *n)
{
    kh_buf b;
    kh_buf_init(&b, KH_CAP_PAGE);
    int ok = read_seed(prefix, &b) &&
             kh_analyse_entity_forms(model(), b.data, b.len, doc, arena, forms, n, NULL) == KH_OK;
    kh_buf_clean(&b);
    return ok;
}

/* The forms of both seed pages (documents 0 and 1) merged into entities. */
static int both_seeds(kh_arena *arena, kh_variant_form **forms, kh_entity **e, size_t *n)
{
    size_t nf = 0;
    *forms = NULL;
    return seed_forms("000", 0, arena, forms, &nf) && seed_forms("001", 1, arena, forms, &nf) &&
           kh_analyse_variant_merge(*forms, nf, arena, e, n, NULL) == KH_OK;
}

static long entity_of(const kh_entity *e, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        for (size_t v = 0; v < e[i].n_variants; v++)
            if (strcmp(e[i].variants[v], s) == 0)
                return (long)i;
    return -1;
}

/* The entity whose variants include a form containing word s. */
static long entity_with_word(const kh_entity *e, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        for (size_t v = 0; v < e[i].n_variants; v++)
            if (strstr(e[i].variants[v], s))
                return (long)i;
    return -1;
}

TEST(seed_000_zelensky_one_entity)
{
    CHECK(model());
    kh_arena a;
    kh_arena_init(&a);
    kh_variant_form *f = NULL;
    size_t nf = 0;
    kh_entity *e;
    size_t n;
    CHECK(seed_forms("000", 0, &a, &f, &nf));
    CHECK(kh_analyse_variant_merge(f, nf, &a, &e, &n, NULL) == KH_OK);
    long z1 = entity_of(e, n, "زيلنسكي"), z2 = entity_with_word(e, n, "زيلينسكي");
    CHECK(z1 >= 0);
    CHECK(z1 == z2);
    CHECK(e[z1].type == KH_ENTITY_PERSON);
    CHECK(e[z1].count >= 4); /* of 7 mentions */
    CHECK_STR(e[z1].name, "زيلنسكي");
    /* Other people of the story are found, and are not Zelensky. */
    long macron = entity_with_word(e, n, "ماكرون");
    CHECK(macron >= 0 && macron != z1);
    long rubio = entity_with_word(e, n, "روبيو");
    CHECK(rubio >= 0 && rubio != z1 && rubio != macron);
    kh_free(f);
    kh_arena_clean(&a);
}

/* «وفرنسا» and «وألمانيا» in seed 000 are the countries after "and": the
 * conjunction goes; names that begin with its letter keep it (واشنطن in
 * seed 001, بوتين). */
TEST(seeds_conjunction_dropped_from_names)
{
    CHECK(model());
    kh_arena a;
    kh_arena_init(&a);
    kh_variant_form *f = NULL;
    kh_entity *e;
    size_t n;
    CHECK(both_seeds(&a, &f, &e, &n));
    CHECK(entity_of(e, n, "فرنسا") >= 0);
    CHECK(entity_of(e, n, "ألمانيا") >= 0);
    CHECK(entity_of(e, n, "وفرنسا") < 0);
    CHECK(entity_of(e, n, "وألمانيا") < 0);
    CHECK(entity_of(e, n, "واشنطن") >= 0);
    CHECK(entity_of(e, n, "اشنطن") < 0);
    CHECK(entity_with_word(e, n, "بوتين") >= 0);
    CHECK(entity_of(e, n, "وتين") < 0);
    kh_free(f);
    kh_arena_clean(&a);
}

/* A hand-made article (title may be NULL) with its entities in *e (the
 * article's arena; the caller frees the article); NULL on failure. */
static kh_article *article_entities(const char *title, const char *const *paras, size_t n_paras,
                                    kh_entity **e, size_t *n)
{
    kh_article *art = model() ? kh_article_new() : NULL;
    int ok = art != NULL;
    if (ok && title)
        ok = (art->title = kh_article_strndup(art, title, strlen(title))) != NULL;
    for (size_t i = 0; ok && i < n_paras; i++)
        ok = kh_article_list_add(art, &art->body, paras[i], strlen(paras[i])) == KH_OK;
    if (ok)
        ok = kh_analyse_entity_find(model(), art, e, n, NULL) == KH_OK;
    if (!ok) {
        kh_article_free(art);
        art = NULL;
    }
    return art;
}

/* Seed 000's article as extraction gives it, with its entities in *e
 * (the arena of the article, which the caller frees); NULL on failure. */
static kh_article *seed_000_entities(kh_entity **e, size_t *n)
{
    kh_buf b;
    kh_buf_init(&b, KH_CAP_PAGE);
    kh_article *art = model() ? kh_article_new() : NULL;
    if (art && (!read_seed("000", &b) || kh_extract_dump(b.data, b.len, art, NULL) != KH_OK ||
                kh_analyse_entity_find(model(), art, e, n, NULL) != KH_OK)) {
        kh_article_free(art);
        art = NULL;
    }
    kh_buf_clean(&b);
    return art;
}

/* Seed 000 writes «التقى ويتكوف بوتين» (Witkoff met Putin) with no comma:
 * over the whole article, where ويتكوف ends ستيف ويتكوف and بوتين stands
 * alone twice, the glued span is cut and each part joins its person. */
TEST(seed_000_glued_names_cut_over_the_article)
{
    kh_entity *e;
    size_t n;
    kh_article *art = seed_000_entities(&e, &n);
    CHECK(art);
    CHECK(entity_of(e, n, "ويتكوف بوتين") < 0);
    long putin = entity_of(e, n, "بوتين"), witkoff = entity_of(e, n, "ويتكوف");
    CHECK(putin >= 0 && witkoff >= 0 && putin != witkoff);
    CHECK(entity_of(e, n, "فلاديمير بوتين") == putin);
    CHECK(entity_of(e, n, "ستيف ويتكوف") == witkoff);
    kh_article_free(art);
}

/* Seed 000's photo caption «فولوديمير زيلنسكي أندري ييرماك» names two
 * people; زيلنسكي stands alone in the article, so the span is cut after it
 * and each full name joins its person. */
TEST(seed_000_caption_names_cut_over_the_article)
{
    kh_entity *e;
    size_t n;
    kh_article *art = seed_000_entities(&e, &n);
    CHECK(art);
    for (size_t i = 0; i < n; i++)
        for (size_t v = 0; v < e[i].n_variants; v++)
            CHECK(!(strstr(e[i].variants[v], "زيلنسكي") && strstr(e[i].variants[v], "ييرماك")));
    long zelensky = entity_of(e, n, "فولوديمير زيلنسكي"), yermak = entity_of(e, n, "أندري ييرماك");
    CHECK(zelensky >= 0 && yermak >= 0 && zelensky != yermak);
    CHECK(e[yermak].type == KH_ENTITY_PERSON);
    kh_article_free(art);
}

/* The tagger reads «صباح» after an organisation as part of it; a time word
 * ends no organisation or place. */
TEST(find_time_word_not_in_organisation)
{
    static const char *const paras[] = {
        "رفع البنك المركزي صباح اليوم سعر الفائدة الرئيسي ربع نقطة مئوية إلى 5.75%، "
        "وهو الرفع الثاني خلال العام الجاري."};
    kh_entity *e;
    size_t n;
    kh_article *art = article_entities("المركزي يرفع الفائدة", paras, 1, &e, &n);
    CHECK(art);
    long bank = entity_of(e, n, "البنك المركزي");
    CHECK(bank >= 0 && e[bank].type == KH_ENTITY_ORG);
    CHECK(entity_with_word(e, n, "صباح") < 0);
    kh_article_free(art);
}

/* The last word of a name, or "" when there is none. */
static const char *last_word(const char *s)
{
    const char *sp = strrchr(s, ' ');
    return sp ? sp + 1 : "";
}

/* A name never ends at بن، آل، أبو or عبد: the tagger's «محمد بن راشد
 * آل | مكتوم» and «عبد اللطيف بن عبد | الملك آل الشيخ» (titles inside the
 * name) go on to the family name. */
TEST(find_names_go_on_over_joints)
{
    static const char *const paras[] = {
        "استقبل صاحب السمو الشيخ محمد بن راشد آل مكتوم نائب رئيس الدولة اليوم وزير الشؤون "
        "البلدية عبد اللطيف بن عبد الملك آل الشيخ في دبي.",
        "وقال وزير الشؤون الإسلامية صالح بن عبدالعزيز آل الشيخ إن الملتقى يهدف "
        "إلى تعزيز الانتماء."};
    kh_entity *e;
    size_t n;
    kh_article *art = article_entities(NULL, paras, 2, &e, &n);
    CHECK(art);
    long maktoum = entity_of(e, n, "محمد بن راشد آل مكتوم");
    CHECK(maktoum >= 0 && e[maktoum].type == KH_ENTITY_PERSON);
    CHECK(entity_of(e, n, "عبد اللطيف بن عبد الملك آل الشيخ") >= 0);
    CHECK(entity_of(e, n, "صالح بن عبدالعزيز آل الشيخ") >= 0);
    static const char *const joints[] = {"بن", "آل", "أبو", "عبد", "ابن"};
    for (size_t i = 0; i < n; i++)
        for (size_t v = 0; v < e[i].n_variants; v++)
            for (size_t k = 0; k < sizeof joints / sizeof joints[0]; k++)
                CHECK(strcmp(last_word(e[i].variants[v]), joints[k]) != 0);
    kh_article_free(art);
}

TEST(seeds_yermak_andriy_across_pages)
{
    CHECK(model());
    kh_arena a;
    kh_arena_init(&a);
    kh_variant_form *f = NULL;
    kh_entity *e;
    size_t n;
    CHECK(both_seeds(&a, &f, &e, &n));
    long y1 = entity_with_word(e, n, "ييرماك"), y2 = entity_with_word(e, n, "يرماك ");
    if (y2 < 0)
        y2 = entity_of(e, n, "يرماك");
    if (y2 < 0)
        y2 = entity_with_word(e, n, "أندريه يرماك");
    CHECK(y1 >= 0);
    CHECK(y1 == y2);
    /* أندري and أندريه: the same first name in both pages' full names. */
    long a1 = entity_with_word(e, n, "أندري ييرماك"), a2 = entity_with_word(e, n, "أندريه");
    CHECK(a1 >= 0 && a2 >= 0);
    CHECK(a1 == a2);
    /* "التقى ويتكوف بوتين" is two people: the glued span is cut, so the
     * bare surname joins the one full name it belongs to. */
    long putin = entity_of(e, n, "بوتين"), witkoff = entity_of(e, n, "ويتكوف");
    CHECK(putin >= 0 && witkoff >= 0 && putin != witkoff);
    CHECK(putin == entity_of(e, n, "فلاديمير بوتين"));
    CHECK(entity_of(e, n, "ويتكوف بوتين") < 0);
    kh_free(f);
    kh_arena_clean(&a);
}
/* What the tagger glues to names and a name never holds: a title after a
 * person («ولي ولي العهد»), the rank word ركن before one, a clitic stuck to
 * an opening quote («لـ«الشرق الأوسط»»), an airport or a hospital named
 * after a king («مطار الملك خالد الدولي» holds no person), no-break
 * spaces. */
TEST(find_titles_quotes_and_airports_trimmed)
{
    static const char *const paras[] = {
        "استقبل صاحب السمو الملكي الأمير محمد بن سلمان بن عبدالعزيز ولي ولي العهد النائب "
        "الثاني لرئيس مجلس الوزراء وزير الدفاع في جدة اليوم وزير الدولة لشؤون الدفاع بدولة "
        "قطر اللواء ركن حمد بن علي العطية والوفد المرافق له.",
        "وقال مدير عام الجوازات لـ«الشرق الأوسط» إن الرحلات الإضافية ستنطلق من مطار الملك "
        "عبدالعزيز الدولي بجدة ومن مطار الملك خالد الدولي بالرياض، ونقل المصابون إلى مستشفى "
        "الملك فهد التخصصي بالدمام.",
        "وقال رئيس مجلس الإدارة صالح\u00a0 الحربي إن الأرباح ارتفعت.",
        "والتقى وزير الخارجية الأمير فيصل بن فرحان نظيره الفرنسي في باريس."};
    kh_entity *e;
    size_t n;
    kh_article *art = article_entities(NULL, paras, 4, &e, &n);
    CHECK(art);
    long prince = entity_of(e, n, "محمد بن سلمان بن عبدالعزيز");
    CHECK(prince >= 0 && e[prince].type == KH_ENTITY_PERSON);
    long minister = entity_of(e, n, "حمد بن علي العطية");
    CHECK(minister >= 0 && e[minister].type == KH_ENTITY_PERSON);
    CHECK(entity_of(e, n, "الشرق الأوسط") >= 0);
    CHECK(entity_of(e, n, "صالح الحربي") >= 0);
    for (size_t i = 0; i < n; i++) {
        for (size_t v = 0; v < e[i].n_variants; v++) {
            const char *f = e[i].variants[v];
            CHECK(strcmp(last_word(f), "ولي") != 0 && strcmp(last_word(f), "نظيره") != 0 &&
                  strncmp(f, "ركن ", 7) != 0);
            CHECK(!strstr(f, "الدولي") && !strstr(f, "التخصصي") && !strstr(f, "«") &&
                  !strstr(f, "\u00a0"));
        }
    }
    kh_article_free(art);
}

TEST(find_article_title_and_body)
{
    CHECK(model());
    kh_article *art = kh_article_new();
    CHECK(art);
    art->title = kh_article_strndup(art, "ماكرون يستقبل روبيو في باريس",
                                    strlen("ماكرون يستقبل روبيو في باريس"));
    const char *p1 = "قال الرئيس الفرنسي إيمانويل ماكرون إن المحادثات مع وزير الخارجية الأمريكي "
                     "ماركو روبيو كانت مهمة.";
    const char *p2 = "وأضاف ماكرون أن فرنسا تريد السلام في أوكرانيا.";
    CHECK(kh_article_list_add(art, &art->body, p1, strlen(p1)) == KH_OK);
    CHECK(kh_article_list_add(art, &art->body, p2, strlen(p2)) == KH_OK);
    kh_entity *e;
    size_t n;
    CHECK(kh_analyse_entity_find(model(), art, &e, &n, NULL) == KH_OK);
    CHECK(n >= 3);
    long mac = entity_with_word(e, n, "ماكرون");
    CHECK(mac >= 0);
    CHECK(e[mac].count >= 2);
    CHECK(e[mac].type == KH_ENTITY_PERSON);
    long rubio = entity_with_word(e, n, "روبيو");
    CHECK(rubio >= 0 && rubio != mac && e[rubio].type == KH_ENTITY_PERSON);
    long paris = entity_of(e, n, "باريس");
    CHECK(paris >= 0 && e[paris].type == KH_ENTITY_PLACE);
    for (size_t i = 1; i < n; i++)
        CHECK(e[i].count <= e[i - 1].count);
    kh_buf b;
    kh_buf_init(&b, 1 << 20);
    CHECK(kh_analyse_entity_json(e, n, &b) == KH_OK);
    CHECK(b.data[0] == '[' && strstr(b.data, "\"type\":\"PERSON\"") &&
          strstr(b.data, "\"variants\":["));
    kh_buf_clean(&b);
    kh_article_free(art);
}

/* The JSON of a seed page's entities found with session s (NULL: the
 * call without one), or NULL. */
static char *seed_json(const char *prefix, kh_ner_session *s)
{
    char cmd[1024], path[1024];
    snprintf(cmd, sizeof cmd, "ls %s/seeds/%s_*.txt 2>/dev/null", kh_test_shared(), prefix);
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    int ok = fgets(path, sizeof path, p) != NULL;
    pclose(p);
    if (!ok)
        return NULL;
    path[strcspn(path, "\n")] = 0;
    kh_buf b, out;
    kh_buf_init(&b, KH_CAP_PAGE);
    kh_buf_init(&out, KH_CAP_PAGE);
    kh_article *a = kh_article_new();
    kh_entity *e = NULL;
    size_t n = 0;
    ok = a && kh_buf_read_file(&b, path, NULL) == KH_OK &&
         kh_extract_page(b.data, b.len, a, NULL) == KH_OK &&
         (s ? kh_analyse_entity_find_with(s, a, &e, &n, NULL)
            : kh_analyse_entity_find(model(), a, &e, &n, NULL)) == KH_OK &&
         n > 0 && kh_analyse_entity_json(e, n, &out) == KH_OK;
    kh_article_free(a);
    kh_buf_clean(&b);
    char *json = ok ? kh_buf_take(&out, NULL) : NULL;
    kh_buf_clean(&out);
    return json;
}

/* A session kept across both seed pages, in either order, whatever its
 * size (8 words: most of them replaced or in scratch entries), finds the
 * entities the one-call way finds. */
TEST(find_with_session_same_entities)
{
    CHECK(model());
    char *want[2] = {seed_json("000", NULL), seed_json("001", NULL)};
    CHECK(want[0] && want[1]);
    const size_t sizes[] = {0, 8};
    for (size_t z = 0; z < 2; z++)
        for (int order = 0; order < 2; order++) {
            kh_ner_session *s = kh_analyse_ner_session_new(model(), sizes[z], NULL);
            CHECK(s);
            for (int k = 0; k < 2; k++) {
                int page = order ? 1 - k : k;
                char *got = seed_json(page ? "001" : "000", s);
                CHECK(got && want[page] && strcmp(got, want[page]) == 0);
                kh_free(got);
            }
            kh_analyse_ner_session_free(s);
        }
    kh_entity *e;
    size_t n;
    kh_article *art = kh_article_new();
    CHECK(art);
    CHECK(kh_analyse_entity_find_with(NULL, art, &e, &n, NULL) == KH_ERR_ARG);
    kh_article_free(art);
    kh_free(want[0]);
    kh_free(want[1]);
}

TEST(find_empty_article)
{
    CHECK(model());
    kh_article *art = kh_article_new();
    CHECK(art);
    kh_entity *e = (kh_entity *)1;
    size_t n = 3;
    CHECK(kh_analyse_entity_find(model(), art, &e, &n, NULL) == KH_OK);
    CHECK_INT(n, 0);
    CHECK(kh_analyse_entity_find(NULL, art, &e, &n, NULL) == KH_ERR_ARG);
    kh_buf b;
    kh_buf_init(&b, 64);
    CHECK(kh_analyse_entity_json(NULL, 0, &b) == KH_OK);
    CHECK_STR(b.data, "[]");
    kh_buf_clean(&b);
    kh_article_free(art);
}

TEST(forms_fault)
{
    CHECK(model());
    const char *t = "قال الرئيس الفرنسي إيمانويل ماكرون إن روبيو في باريس.";
    int ok = 0;
    for (long k = 0; k < 400 && !ok; k++) {
        kh_arena a;
        kh_arena_init(&a);
        kh_variant_form *f = NULL;
        size_t nf = 0;
        kh_entity *e;
        size_t n;
        kh_alloc_fail_after(k);
        kh_rc rc = kh_analyse_entity_forms(model(), t, strlen(t), 0, &a, &f, &nf, NULL);
        if (rc == KH_OK)
            rc = kh_analyse_variant_merge(f, nf, &a, &e, &n, NULL);
        kh_alloc_fail_after(-1);
        CHECK(rc == KH_OK || rc == KH_ERR_NOMEM);
        ok = rc == KH_OK;
        kh_free(f);
        kh_arena_clean(&a);
    }
    CHECK(ok);
}

/* An article whose second paragraph has more tokens than the token
 * arrays start with (256), so they grow while shared between its texts;
 * out of memory at each allocation in turn fails cleanly, and the run
 * that succeeds finds what a run without failures finds. */
static kh_article *long_article(void)
{
    kh_article *art = kh_article_new();
    if (!art)
        return NULL;
    const char *t = "ماكرون يستقبل روبيو في باريس";
    const char *p = "قال الرئيس الفرنسي إيمانويل ماكرون إن روبيو في باريس.";
    char big[4096] = "";
    for (int i = 0; i < 40; i++)
        strcat(big, p);
    art->title = kh_article_strndup(art, t, strlen(t));
    if (!art->title || kh_article_list_add(art, &art->body, p, strlen(p)) != KH_OK ||
        kh_article_list_add(art, &art->body, big, strlen(big)) != KH_OK) {
        kh_article_free(art);
        return NULL;
    }
    return art;
}

TEST(find_long_paragraph_fault)
{
    CHECK(model());
    kh_article *art = long_article();
    CHECK(art);
    kh_entity *e;
    size_t n;
    kh_buf want, got;
    kh_buf_init(&want, 1 << 20);
    kh_buf_init(&got, 1 << 20);
    CHECK(kh_analyse_entity_find(model(), art, &e, &n, NULL) == KH_OK);
    CHECK(n >= 3 && e[0].count >= 40);
    CHECK(kh_analyse_entity_json(e, n, &want) == KH_OK);
    kh_article_free(art);
    int ok = 0;
    for (long k = 0; k < 2000 && !ok; k++) {
        art = long_article();
        CHECK(art);
        kh_alloc_fail_after(k);
        kh_rc rc = kh_analyse_entity_find(model(), art, &e, &n, NULL);
        kh_alloc_fail_after(-1);
        CHECK(rc == KH_OK || rc == KH_ERR_NOMEM);
        if ((ok = rc == KH_OK)) {
            kh_buf_reset(&got);
            CHECK(kh_analyse_entity_json(e, n, &got) == KH_OK);
            CHECK_STR(got.data, want.data);
        }
        kh_article_free(art);
    }
    CHECK(ok);
    kh_buf_clean(&want);
    kh_buf_clean(&got);
}

int main(void)
{
    int rc;
    const kh_test_case cases[] = {TEST_CASE(seed_000_zelensky_one_entity),
                                  TEST_CASE(seeds_yermak_andriy_across_pages),
                                  TEST_CASE(seeds_conjunction_dropped_from_names),
                                  TEST_CASE(seed_000_glued_names_cut_over_the_article),
                                  TEST_CASE(seed_000_caption_names_cut_over_the_article),
                                  TEST_CASE(find_time_word_not_in_organisation),
                                  TEST_CASE(find_names_go_on_over_joints),
                                  TEST_CASE(find_titles_quotes_and_airports_trimmed),
                                  TEST_CASE(find_article_title_and_body),
                                  TEST_CASE(find_with_session_same_entities),
                                  TEST_CASE(find_empty_article),
                                  TEST_CASE(forms_fault),
                                  TEST_CASE(find_long_paragraph_fault)};
    rc = kh_test_run("analyse/entity", cases, sizeof cases / sizeof cases[0]);
    kh_analyse_ner_free(model());
    return rc;
}
