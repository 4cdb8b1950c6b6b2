/*
 * tests/view/text.c - the story view as terminal text, on the seeds' story.
 */
#include "seeds.h"
#include "test.h"
#include "view/view.h"

#include <limits.h>

TEST(text_seeds_has_every_part)
{
    seed_story ss;
    char path[PATH_MAX];
    kh_view_model *m = NULL;
    kh_buf out;
    kh_view_related rel[1] = {{"s9", "ضربات روسية على كييف", 0.4, 0}};
    kh_buf_init(&out, KH_CAP_PAGE);
    kh_rc rc = seed_story_load(&ss) ? KH_OK : KH_ERR_IO;
    if (rc == KH_OK)
        rc = kh_view_section_model_load(kh_view_section_model_default_path(path, sizeof path), &m,
                                        NULL);
    if (rc == KH_OK)
        rc = kh_view_story_text(&ss.story, m, rel, 1, &out, NULL);
    int ok = rc == KH_OK && out.data && strstr(out.data, "section: world") &&
             strstr(out.data, "\nSummary\n") && strstr(out.data, "\nWhat each outlet adds\n") &&
             strstr(out.data, "\nRelated\n  0.40  s9") && strstr(out.data, "\nTimeline\n") &&
             strstr(out.data, "seed-000") && strstr(out.data, "seed-001");
    kh_buf_clean(&out);
    kh_view_section_model_free(m);
    seed_story_free(&ss);
    CHECK_INT(rc, KH_OK);
    CHECK(ok);
}

TEST(text_empty_and_null)
{
    kh_view_story s = {NULL, NULL, 0};
    kh_buf out;
    kh_buf_init(&out, KH_CAP_PAGE);
    CHECK_INT(kh_view_story_text(&s, NULL, NULL, 0, &out, NULL), KH_OK);
    int ok = out.data && strncmp(out.data, "(no headline)\nsection: -", 24) == 0;
    kh_buf_clean(&out);
    CHECK(ok);
    CHECK_INT(kh_view_story_text(NULL, NULL, NULL, 0, &out, NULL), KH_ERR_ARG);
}

int main(void)
{
    TEST_RUN("view/text", TEST_CASE(text_seeds_has_every_part), TEST_CASE(text_empty_and_null));
}
