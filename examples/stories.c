/*
 * examples/stories.c - news in, stories out.
 *
 *   build/examples/stories /tmp/demo.db examples/sample
 *
 * Ingests files or folders (JSONL, text or HTML pages) into the store at
 * DB, prints the list of stories as JSON, then the whole of the first one:
 * headline, section, summary, what each outlet adds, timeline.  Uses only
 * include/khabar.h.
 */
#include <khabar.h>

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s DB INPUT...\n", argv[0]);
        return 2;
    }
    kh_err err;
    kh_err_init(&err, argv[1]);
    char *list = NULL, *story = NULL, msg[512];
    kh_rc rc = KH_ERR_DB;
    kh_db *db = kh_db_open(argv[1], &err);
    for (int i = 2; db && i < argc; i++) {
        kh_ingest_summary sum;
        if ((rc = kh_db_ingest(db, argv[i], &sum, &err)) != KH_OK)
            break;
        fprintf(stderr, "%s: %ld read, %ld stored, %ld stories\n", argv[i], sum.read, sum.stored,
                sum.stories);
    }
    if (rc == KH_OK)
        rc = kh_stories_json(db, 0, &list, &err);
    if (rc == KH_OK)
        printf("%s\n", list);
    long long id = 0; /* the first story listed: the one seen last */
    if (rc == KH_OK && sscanf(list, "[ { \"id\": %lld", &id) == 1)
        rc = kh_story_json(db, id, &story, &err);
    if (rc == KH_OK && story)
        printf("%s\n", story);
    if (rc != KH_OK) {
        kh_err_format(&err, msg, sizeof msg);
        fprintf(stderr, "stories: %s\n", msg);
    }
    kh_string_free(list);
    kh_string_free(story);
    kh_db_close(db);
    return rc == KH_OK ? 0 : 1;
}
