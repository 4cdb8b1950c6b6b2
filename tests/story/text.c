/*
 * tests/story/text.c - a story and a list line as terminal text
 * (src/story/text.c), from objects shaped like kh_story_build()'s.
 */
#include "story_test.h"

static json_t *story_object(void)
{
    json_error_t e;
    return json_loads(
        "{\"id\": 7, \"title\": \"قمة باريس\", \"section\": \"world\", \"first_seen\": "
        "\"2026-03-03T07:15:00Z\", \"last_seen\": \"2026-03-04T08:00:00Z\", \"n_articles\": 2, "
        "\"merged_from\": 3, \"outlets\": [{\"name\": \"خبرين\", \"articles\": 1}, {\"name\": "
        "\"seeds\", \"articles\": 1}], \"entities\": [{\"id\": 1, \"name\": \"ويتكوف\", \"type\": "
        "\"PERSON\", \"count\": 4}], \"summary\": [{\"sentence\": \"جملة أولى.\", \"outlet\": "
        "\"خبرين\", \"article\": \"a1\"}], \"unique_by_outlet\": [{\"outlet\": \"seeds\", "
        "\"article\": \"a2\", \"sentences\": [\"الصين تزود روسيا.\"]}, {\"outlet\": \"خبرين\", "
        "\"article\": \"a1\", \"sentences\": []}], \"timeline\": [{\"published\": "
        "\"2026-03-03T07:15:00Z\", \"outlet\": \"seeds\", \"article\": \"a2\", \"title\": "
        "\"عنوان\"}, "
        "{\"published\": null, \"outlet\": \"خبرين\", \"article\": \"a1\", \"title\": \"آخر\"}], "
        "\"related\": [{\"id\": 9, \"title\": \"قصة قريبة\", \"score\": 0.42},"
        " {\"id\": 11, \"title\": \"قبلها بيوم\", \"score\": 0.7,"
        " \"last_seen\": \"2026-03-02T09:00:00Z\", \"same_event\": true}]}",
        0, &e);
}

TEST(text_story_all_parts)
{
    kh_buf b;
    kh_buf_init(&b, 1 << 16);
    json_t *o = story_object();
    CHECK(o != NULL);
    CHECK(kh_story_text(o, &b) == KH_OK);
    CHECK(strstr(b.data, "(s3 was merged into s7)\n") == b.data);
    CHECK(strstr(b.data, "\ns7  قمة باريس\n"));
    CHECK(
        strstr(b.data, "2 articles, 2026-03-03T07:15:00Z .. 2026-03-04T08:00:00Z, section world"));
    CHECK(strstr(b.data, "outlets: خبرين (1), seeds (1)"));
    CHECK(strstr(b.data, "  - جملة أولى.\n    (خبرين)\n"));
    /* An outlet adding nothing gets no heading. */
    CHECK(strstr(b.data, "  seeds (a2)\n    + الصين تزود روسيا.\n"));
    CHECK(!strstr(b.data, "  خبرين (a1)\n"));
    CHECK(strstr(b.data, "entities: ويتكوف (4)"));
    CHECK(strstr(b.data, "  2026-03-03 07:15  seeds\n    عنوان\n    a2\n"));
    CHECK(strstr(b.data, "  (time unknown)    خبرين\n"));
    CHECK(strstr(b.data, "  s9  قصة قريبة  (0.42)\n"));
    CHECK(strstr(b.data, "  s11  2026-03-02  قبلها بيوم  (0.70, same event)\n"));
    json_decref(o);
    kh_buf_clean(&b);
}

TEST(text_story_unique_capped)
{
    kh_buf b;
    kh_buf_init(&b, 1 << 16);
    json_t *o = story_object();
    CHECK(o != NULL);
    json_t *sents =
        json_object_get(json_array_get(json_object_get(o, "unique_by_outlet"), 0), "sentences");
    CHECK(json_array_append_new(sents, json_string("ثانية.")) == 0);
    CHECK(json_array_append_new(sents, json_string("ثالثة.")) == 0);
    CHECK(json_array_append_new(sents, json_string("رابعة.")) == 0);
    CHECK(kh_story_text(o, &b) == KH_OK);
    CHECK(strstr(b.data, "    + ثالثة.\n    (1 more with --json)\n"));
    CHECK(!strstr(b.data, "رابعة"));
    json_decref(o);
    kh_buf_clean(&b);
}

TEST(text_story_empty_object)
{
    kh_buf b;
    kh_buf_init(&b, 4096);
    json_t *o = json_object();
    CHECK(o != NULL);
    CHECK(kh_story_text(o, &b) == KH_OK);
    CHECK(strncmp(b.data, "s0  \n0 articles", 15) == 0);
    CHECK(!strstr(b.data, "Summary"));
    CHECK(!strstr(b.data, "Related"));
    json_decref(o);
    kh_buf_clean(&b);
}

TEST(text_story_over_cap)
{
    kh_buf b;
    kh_buf_init(&b, 16); /* far too small: the append fails, nothing crashes */
    json_t *o = story_object();
    CHECK(o != NULL);
    CHECK(kh_story_text(o, &b) == KH_ERR_TOOBIG);
    json_decref(o);
    kh_buf_clean(&b);
}

TEST(text_brief_line)
{
    kh_buf b;
    kh_buf_init(&b, 4096);
    json_t *o = story_object();
    CHECK(o != NULL);
    CHECK(kh_story_text_brief(o, &b) == KH_OK);
    CHECK(strncmp(b.data, "s7       2 articles  2026-03-03T07:15:00Z .. ", 45) == 0);
    CHECK(strstr(b.data, "  world\n         قمة باريس\n         outlets: خبرين (1), seeds (1)"));
    CHECK(strstr(b.data, "\n         entities: ويتكوف (4)\n\n"));
    json_object_del(o, "entities");
    kh_buf_reset(&b);
    CHECK(kh_story_text_brief(o, &b) == KH_OK);
    CHECK(!strstr(b.data, "entities"));
    json_decref(o);
    kh_buf_clean(&b);
}

int main(void)
{
    TEST_RUN("story/text", TEST_CASE(text_story_all_parts), TEST_CASE(text_story_unique_capped),
             TEST_CASE(text_story_empty_object), TEST_CASE(text_story_over_cap),
             TEST_CASE(text_brief_line));
}
