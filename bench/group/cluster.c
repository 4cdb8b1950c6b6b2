/*
 * bench/group/cluster.c - how fast the story clusterer runs: every day of
 * the corpus (31,030 articles, 18 files) through one kh_group in arrival
 * order, as `khabar ingest` would feed it.
 *
 * Prints the CPU time to read and parse the files alone, the time with
 * clustering, their difference (the clusterer's own cost, duplicate
 * detection included) and articles per second.  Timings only; nothing here
 * passes or fails on speed.  KH_SHARED names the shared folder (../shared).
 */
#include "group/group.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct tally {
    size_t n, n_new, n_dup, n_merges;
} tally;

static int count(const kh_group_doc *doc, const kh_group_result *res, void *ctx)
{
    tally *t = ctx;
    (void)doc;
    t->n++;
    if (res) {
        t->n_new += res->is_new;
        t->n_dup += res->dup_of != NULL;
        t->n_merges += res->n_merges;
    }
    return 0;
}

/* Process CPU time, not wall time: the machine is shared, and a process
 * waiting for a core is not slower code. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    const char *shared = getenv("KH_SHARED");
    char dir[512];
    snprintf(dir, sizeof dir, "%s/corpus/saudinewsnet", shared && *shared ? shared : "../shared");
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "bench/group/cluster: cannot open %s\n", dir);
        return 1;
    }
    char *files[64];
    size_t n_files = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n_files < 64) {
        size_t len = strlen(e->d_name);
        if (len > 9 && strcmp(e->d_name + len - 9, ".jsonl.gz") == 0) {
            files[n_files] = malloc(strlen(dir) + len + 2);
            if (!files[n_files])
                return 1;
            sprintf(files[n_files++], "%s/%s", dir, e->d_name);
        }
    }
    closedir(d);
    qsort(files, n_files, sizeof files[0], by_name);

    int status = 0;
    tally parse = {0}, run = {0};
    double t0 = now();
    for (size_t i = 0; i < n_files && status == 0; i++)
        if (kh_group_replay(NULL, files[i], count, &parse, NULL, NULL) != KH_OK)
            status = 1;
    double t_parse = now() - t0;

    kh_group *g = kh_group_new(NULL, NULL);
    if (!g)
        status = 1;
    t0 = now();
    for (size_t i = 0; i < n_files && status == 0; i++)
        if (kh_group_replay(g, files[i], count, &run, NULL, NULL) != KH_OK)
            status = 1;
    double t_all = now() - t0;
    if (status == 0) {
        double t_group = t_all - t_parse;
        printf("files %zu, articles %zu\n", n_files, run.n);
        printf("read+parse        %.3f s cpu\n", t_parse);
        printf("read+parse+group  %.3f s cpu\n", t_all);
        printf("group only        %.3f s cpu = %.0f articles/s\n", t_group,
               t_group > 0 ? (double)run.n / t_group : 0.0);
        printf("stories started %zu, duplicates %zu, merges %zu, open at end %zu\n", run.n_new,
               run.n_dup, run.n_merges, kh_group_n_stories(g));
    }
    kh_group_free(g);
    for (size_t i = 0; i < n_files; i++)
        free(files[i]);
    return status;
}
