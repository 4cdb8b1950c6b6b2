/*
 * tests/story/query.c - reads about stories and entities
 * (src/story/query.c): section labels, list headlines from titles alone,
 * briefs, a page of stories, a story's entities, an entity's stories.
 */
#include "story_test.h"

/* The live story holding article id of the sample store, as a row. */
static int row_of(kh_store *s, const char *article, kh_store_story *row)
{
    kh_err err;
    kh_err_init(&err, NULL);
    int64_t id = 0;
    return kh_story_of_article(s, article, &id, &err) == KH_OK &&
           kh_store_story_get(s, id, 1, row, &err) == KH_OK;
}

TEST(query_label_page_section)
{
    kh_store_story row = {0};
    row.title = "الاتحاد يفوز";
    row.section = "رياضة";
    CHECK_STR(kh_story_query_label(NULL, &row), "sports");
    row.section = "Economy";
    CHECK_STR(kh_story_query_label(NULL, &row), "economy");
    /* Unknown section and no model: nothing to say. */
    row.section = "قسم لا يعرفه أحد";
    CHECK(kh_story_query_label(NULL, &row) == NULL);
    row.section = NULL;
    row.title = NULL;
    CHECK(kh_story_query_label(NULL, &row) == NULL);
}

TEST(query_headline_wire_prefix)
{
    kh_err err;
    kh_err_init(&err, NULL);
    kh_buf b;
    kh_buf_init(&b, 4096);
    kh_store_story row;
    kh_store *s = story_test_sample();
    CHECK(s != NULL);
    /* rafid-1001 is «اقتصادي / المركزي يرفع ...», naba-77 «عاجل: الحداد:
     * ...»: whichever headline represents the story, no label is left. */
    CHECK(row_of(s, "rafid-1001", &row));
    CHECK(row.title && strncmp(row.title, "اقتصادي /", strlen("اقتصادي /")) == 0);
    CHECK(kh_story_query_headline(s, &row, &b, &err) == KH_OK);
    CHECK(b.len > 0);
    CHECK(!strstr(b.data, "اقتصادي /"));
    CHECK(strncmp(b.data, "عاجل", strlen("عاجل")) != 0);
    CHECK(strstr(b.data, "الفائدة") != NULL);
    /* The sports story: «رياضي / ...» loses its label too. */
    CHECK(row_of(s, "rafid-1002", &row));
    CHECK(kh_story_query_headline(s, &row, &b, &err) == KH_OK);
    CHECK(b.len > 0 && !strstr(b.data, "رياضي /"));
    kh_buf_clean(&b);
    kh_store_close(s);
}

TEST(query_headline_no_articles)
{
    kh_err err;
    kh_err_init(&err, NULL);
    kh_buf b;
    kh_buf_init(&b, 4096);
    kh_store *s = story_test_sample();
    CHECK(s != NULL);
    /* A row with no stored article (a story id nobody uses): its own
     * title, cleaned. */
    kh_store_story row = {0};
    row.id = 987654;
    row.title = "عاجل: عنوان بلا مقالات";
    CHECK(kh_story_query_headline(s, &row, &b, &err) == KH_OK);
    CHECK_STR(b.data, "عنوان بلا مقالات");
    row.title = NULL;
    CHECK(kh_story_query_headline(s, &row, &b, &err) == KH_OK);
    CHECK_INT(b.len, 0);
    kh_buf_clean(&b);
    kh_store_close(s);
}

TEST(query_brief_fields)
{
    kh_err err;
    kh_err_init(&err, NULL);
    kh_store_story row;
    kh_store *s = story_test_sample();
    CHECK(s != NULL);
    CHECK(row_of(s, "rafid-1001", &row));
    long n = row.n_articles;
    json_t *b = kh_story_query_brief(s, NULL, &row, 3, &err);
    CHECK(b != NULL);
    CHECK_INT(json_integer_value(json_object_get(b, "id")), row.id);
    CHECK_INT(json_integer_value(json_object_get(b, "n_articles")), n);
    const json_t *outlets = json_object_get(b, "outlets");
    long sum = 0;
    size_t i;
    json_t *x;
    json_array_foreach(outlets, i, x) sum +=
        (long)json_integer_value(json_object_get(x, "articles"));
    CHECK_INT(sum, n);
    CHECK(json_is_array(json_object_get(b, "entities")));
    CHECK(json_string_value(json_object_get(b, "first_seen")) != NULL);
    json_decref(b);
    /* Without entities asked, no "entities" key. */
    CHECK(row_of(s, "rafid-1001", &row));
    b = kh_story_query_brief(s, NULL, &row, 0, &err);
    CHECK(b && json_object_get(b, "entities") == NULL);
    json_decref(b);
    kh_store_close(s);
}

TEST(query_page_sizes)
{
    kh_err err;
    kh_err_init(&err, NULL);
    long total = 0;
    json_t *page1 = json_array(), *page2 = json_array(), *none = json_array();
    kh_store *s = story_test_sample();
    CHECK(s != NULL && page1 && page2 && none);
    CHECK(kh_story_query_page(s, NULL, NULL, NULL, 0, 0, 1, 3, page1, &total, &err) == KH_OK);
    CHECK(total >= 4);
    CHECK_INT(json_array_size(page1), 3);
    CHECK(kh_story_query_page(s, NULL, NULL, NULL, 0, 0, 2, 3, page2, &total, &err) == KH_OK);
    CHECK_INT(json_array_size(page2), total - 3);
    /* Pages do not overlap. */
    CHECK(json_integer_value(json_object_get(json_array_get(page1, 0), "id")) !=
          json_integer_value(json_object_get(json_array_get(page2, 0), "id")));
    /* A section nobody files under: nothing. */
    CHECK(kh_story_query_page(s, NULL, "لا يوجد", NULL, 0, 0, 1, 3, none, &total, &err) == KH_OK);
    CHECK_INT(total, 0);
    CHECK_INT(json_array_size(none), 0);
    json_decref(page1);
    json_decref(page2);
    json_decref(none);
    kh_store_close(s);
}

/* The view's labels, as the briefs show them: a label's pages hold only
 * stories the briefs label so, and its total counts them all. */
TEST(query_page_by_label)
{
    kh_err err;
    kh_err_init(&err, NULL);
    char path[1024];
    kh_view_model *m = NULL;
    CHECK(kh_view_section_model_load(kh_view_section_model_default_path(path, sizeof path), &m,
                                     &err) == KH_OK);
    kh_store *s = story_test_sample();
    CHECK(s != NULL);
    long total = 0, with_label = 0;
    json_t *all = json_array();
    CHECK(kh_story_query_page(s, m, NULL, NULL, 0, 0, 1, 50, all, &total, &err) == KH_OK);
    const char *label = json_string_value(json_object_get(json_array_get(all, 0), "section"));
    CHECK(label != NULL);
    size_t i;
    json_t *b;
    json_array_foreach(all, i, b)
    {
        const char *l = json_string_value(json_object_get(b, "section"));
        with_label += l && strcmp(l, label) == 0;
    }
    CHECK(with_label >= 1 && with_label < total); /* the sample has several sections */
    long seen = 0;
    for (long page = 1; page <= with_label; page++) {
        json_t *one = json_array();
        long t = 0;
        CHECK(kh_story_query_page(s, m, NULL, label, 0, 0, page, 1, one, &t, &err) == KH_OK);
        CHECK_INT(t, with_label);
        CHECK_INT(json_array_size(one), 1);
        CHECK_STR(json_string_value(json_object_get(json_array_get(one, 0), "section")), label);
        seen++;
        json_decref(one);
    }
    CHECK_INT(seen, with_label);
    json_t *none = json_array();
    CHECK(kh_story_query_page(s, m, NULL, label, 0, 0, with_label + 1, 1, none, &total, &err) ==
          KH_OK);
    CHECK_INT(json_array_size(none), 0);
    json_decref(none);
    json_decref(all);
    kh_store_close(s);
    kh_view_section_model_free(m);
}

TEST(query_entities_seeds)
{
    char p0[600], p1[600];
    kh_err err;
    kh_err_init(&err, NULL);
    json_t *ents = json_array(), *ent = NULL;
    kh_store *s = story_test_seeds(p0, p1, sizeof p0);
    CHECK(s != NULL && ents);
    int64_t id = 0;
    CHECK(kh_story_of_article(s, p0, &id, &err) == KH_OK);
    CHECK(kh_story_query_entities(s, id, 5, ents, &err) == KH_OK);
    CHECK(json_array_size(ents) > 0 && json_array_size(ents) <= 5);
    /* Each has its mentions (salience order: query_entities_salience). */
    size_t i;
    json_t *x;
    json_array_foreach(ents, i, x)
    {
        CHECK(json_integer_value(json_object_get(x, "count")) > 0);
    }
    json_int_t eid = json_integer_value(json_object_get(json_array_get(ents, 0), "id"));
    CHECK(kh_story_query_entity(s, eid, &ent, &err) == KH_OK);
    const json_t *stories = json_object_get(ent, "stories");
    CHECK_INT(json_array_size(stories), 1);
    CHECK_INT(json_integer_value(json_object_get(json_array_get(stories, 0), "id")), id);
    json_decref(ent);
    ent = NULL;
    CHECK(kh_story_query_entity(s, 999999, &ent, &err) == KH_DONE);
    CHECK(ent == NULL);
    json_decref(ents);
    kh_store_close(s);
}

typedef struct rowids {
    int64_t ids[64];
    size_t n;
} rowids;

static int add_rowid(const kh_store_article *row, void *ctx)
{
    rowids *r = ctx;
    if (r->n < 64)
        r->ids[r->n++] = row->rowid;
    return 0;
}

/* The position of the entity named name in a story's list, or -1. */
static long position(const json_t *ents, const char *name)
{
    size_t i;
    json_t *x;
    json_array_foreach(ents, i, x)
    {
        if (strcmp(json_string_value(json_object_get(x, "name")), name) == 0)
            return (long)i;
    }
    return -1;
}

TEST(query_entities_salience)
{
    kh_err err;
    kh_err_init(&err, NULL);
    kh_store_story row;
    rowids all = {{0}, 0}, story = {{0}, 0};
    json_t *ents = json_array();
    kh_store *s = story_test_sample();
    CHECK(s != NULL && ents);
    CHECK(row_of(s, "rafid-1001", &row));
    CHECK(kh_store_article_each(s, -1, 0, add_rowid, &all, &err) == KH_OK);
    CHECK(kh_store_article_each(s, row.id, 0, add_rowid, &story, &err) == KH_OK);
    CHECK(all.n == 12 && story.n >= 3);
    /* A person two of this story's articles name twice, a place every
     * stored article names nine times, and a MISC name that only this
     * story's articles have, twenty times each. */
    CHECK(kh_store_begin(s, &err) == KH_OK);
    for (size_t i = 0; i < 2; i++)
        CHECK(kh_store_article_entity(s, story.ids[i], "سامر الحداد", "PERSON", "سامر الحداد", 2,
                                      &err) == KH_OK);
    for (size_t i = 0; i < all.n; i++)
        CHECK(kh_store_article_entity(s, all.ids[i], "مدينة الاختبار", "PLACE", "مدينه الاختبار", 9,
                                      &err) == KH_OK);
    for (size_t i = 0; i < story.n; i++)
        CHECK(kh_store_article_entity(s, story.ids[i], "عملة الاختبار", "MISC", "عمله الاختبار", 20,
                                      &err) == KH_OK);
    CHECK(kh_store_commit(s, &err) == KH_OK);
    CHECK(kh_story_query_entities(s, row.id, 10, ents, &err) == KH_OK);
    long governor = position(ents, "سامر الحداد");
    long city = position(ents, "مدينة الاختبار");
    long money = position(ents, "عملة الاختبار");
    /* The story's own person leads though both others are named more, and
     * the place every article names comes last. */
    CHECK(governor >= 0 && city >= 0 && money >= 0);
    CHECK(governor < money && money < city);
    CHECK_INT(json_integer_value(json_object_get(json_array_get(ents, (size_t)city), "count")),
              (long)(9 * story.n));
    /* The counts read once for a listing rank the same. */
    kh_story_df *df = kh_story_df_load(s, &err);
    CHECK(df != NULL);
    json_t *with_df = json_array();
    CHECK(kh_story_query_entities_df(s, row.id, 10, df, with_df, &err) == KH_OK);
    CHECK(json_equal(with_df, ents));
    json_decref(with_df);
    kh_story_df_free(df);
    /* limit holds */
    json_array_clear(ents);
    CHECK(kh_story_query_entities(s, row.id, 1, ents, &err) == KH_OK);
    CHECK_INT(json_array_size(ents), 1);
    json_decref(ents);
    kh_store_close(s);
}

/* A lone surname is its story's full name: when exactly one person there
 * ends with it, and a place or body only when no other story names it. */
TEST(query_entities_surname_folds)
{
    kh_err err;
    kh_err_init(&err, NULL);
    kh_store_story row, other;
    rowids story = {{0}, 0}, elsewhere = {{0}, 0};
    json_t *ents = json_array();
    kh_store *s = story_test_sample();
    CHECK(s != NULL && ents);
    CHECK(row_of(s, "rafid-1001", &row));
    CHECK(row_of(s, "rafid-1002", &other));
    CHECK(other.id != row.id);
    CHECK(kh_store_article_each(s, row.id, 0, add_rowid, &story, &err) == KH_OK);
    CHECK(kh_store_article_each(s, other.id, 0, add_rowid, &elsewhere, &err) == KH_OK);
    CHECK(story.n >= 3 && elsewhere.n >= 1);
    struct {
        size_t article; /* index in story.ids */
        const char *name, *type;
        long count;
    } rows[] = {
        {0, "هشام الراشد", "PERSON", 3},
        {1, "الراشد", "PLACE", 2}, /* folds: local */
        {0, "خالد الوادي", "PERSON", 1},
        {1, "الوادي", "PLACE", 4}, /* another story has it */
        {0, "علي السالم", "PERSON", 1},
        {1, "نادر السالم", "PERSON", 1},
        {2, "السالم", "PERSON", 2}, /* two full names: kept */
        {0, "محمد بن فهد", "PERSON", 1},
        {2, "فهد", "PERSON", 1}, /* his father: kept */
        {0, "عملة الدينار", "MISC", 1},
        {2, "الدينار", "MISC", 1}, /* MISC: kept */
        {0, "ناصر بن سليمان المنيع", "PERSON", 2},
        {1, "ناصر المنيع", "PERSON", 1},
        {2, "المنيع", "PERSON", 1}, /* first and last words, then the last: both fold */
    };
    CHECK(kh_store_begin(s, &err) == KH_OK);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        CHECK(kh_store_article_entity(s, story.ids[rows[i].article], rows[i].name, rows[i].type,
                                      rows[i].name, rows[i].count, &err) == KH_OK);
    CHECK(kh_store_article_entity(s, elsewhere.ids[0], "الوادي", "PLACE", "الوادي", 1, &err) ==
          KH_OK);
    CHECK(kh_store_commit(s, &err) == KH_OK);
    CHECK(kh_story_query_entities(s, row.id, 50, ents, &err) == KH_OK);
    long full = position(ents, "هشام الراشد");
    CHECK(full >= 0 && position(ents, "الراشد") < 0);
    CHECK_INT(json_integer_value(json_object_get(json_array_get(ents, (size_t)full), "count")), 5);
    CHECK(position(ents, "الوادي") >= 0 && position(ents, "خالد الوادي") >= 0);
    CHECK(position(ents, "السالم") >= 0);
    CHECK(position(ents, "فهد") >= 0 && position(ents, "محمد بن فهد") >= 0);
    CHECK(position(ents, "الدينار") >= 0);
    long nasser = position(ents, "ناصر بن سليمان المنيع");
    CHECK(nasser >= 0 && position(ents, "ناصر المنيع") < 0 && position(ents, "المنيع") < 0);
    CHECK_INT(json_integer_value(json_object_get(json_array_get(ents, (size_t)nasser), "count")),
              4);
    /* The listing's counts read once fold the same way. */
    kh_story_df *df = kh_story_df_load(s, &err);
    json_t *with_df = json_array();
    CHECK(df != NULL && with_df);
    CHECK(kh_story_query_entities_df(s, row.id, 50, df, with_df, &err) == KH_OK);
    CHECK(json_equal(with_df, ents));
    json_decref(with_df);
    kh_story_df_free(df);
    json_decref(ents);
    kh_store_close(s);
}

TEST(query_entity_find_by_name)
{
    kh_err err;
    kh_err_init(&err, NULL);
    kh_store_story row;
    rowids story = {{0}, 0};
    json_t *found = json_array();
    kh_store *s = story_test_sample();
    CHECK(s != NULL && found);
    CHECK(row_of(s, "rafid-1001", &row));
    CHECK(kh_store_article_each(s, row.id, 0, add_rowid, &story, &err) == KH_OK);
    CHECK(story.n >= 3);
    /* The person in three articles; the bare surname, tagged once alone. */
    CHECK(kh_store_begin(s, &err) == KH_OK);
    for (size_t i = 0; i < 3; i++)
        CHECK(kh_store_article_entity(s, story.ids[i], "سامر الحداد", "PERSON", "سامر الحداد", 1,
                                      &err) == KH_OK);
    CHECK(kh_store_article_entity(s, story.ids[0], "الحداد", "PLACE", "الحداد", 1, &err) == KH_OK);
    CHECK(kh_store_commit(s, &err) == KH_OK);
    CHECK(kh_story_entity_find(s, "الحداد", 5, found, &err) == KH_OK);
    CHECK_INT(json_array_size(found), 2);
    CHECK_STR(json_string_value(json_object_get(json_array_get(found, 0), "name")), "سامر الحداد");
    CHECK_INT(json_integer_value(json_object_get(json_array_get(found, 0), "articles")), 3);
    /* Another spelling of the letters, extra spaces: the same person. */
    json_array_clear(found);
    CHECK(kh_story_entity_find(s, "  سامر   الحدّاد ", 5, found, &err) == KH_OK);
    CHECK(json_array_size(found) >= 1);
    CHECK_STR(json_string_value(json_object_get(json_array_get(found, 0), "name")), "سامر الحداد");
    /* A word inside another word does not count. */
    json_array_clear(found);
    CHECK(kh_story_entity_find(s, "حداد", 5, found, &err) == KH_OK);
    CHECK_INT(json_array_size(found), 0);
    CHECK(kh_story_entity_find(s, " ", 5, found, &err) == KH_ERR_ARG);
    CHECK(kh_story_entity_find(s, NULL, 5, found, &err) == KH_ERR_ARG);
    json_decref(found);
    kh_store_close(s);
}

int main(void)
{
    TEST_RUN("story/query", TEST_CASE(query_label_page_section),
             TEST_CASE(query_headline_wire_prefix), TEST_CASE(query_headline_no_articles),
             TEST_CASE(query_brief_fields), TEST_CASE(query_page_sizes),
             TEST_CASE(query_page_by_label), TEST_CASE(query_entities_seeds),
             TEST_CASE(query_entities_salience), TEST_CASE(query_entities_surname_folds),
             TEST_CASE(query_entity_find_by_name));
}
