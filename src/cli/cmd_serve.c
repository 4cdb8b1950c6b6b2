/*
 * src/cli/cmd_serve.c - `khabar serve`: the JSON API and the web page over
 * a store, until SIGINT or SIGTERM.
 *
 * Finds the web folder when --web is not given: $KHABAR_WEB, ./web, then
 * web/ and share/khabar/web/ beside the binary's parent folder, so the
 * built binary serves the page from a checkout or an install.  Prints the
 * address to open on stdout once listening (scripts wait for that line).
 */
#include "cli/cli.h"
#include "serve/serve.h"
#include "store/store.h"

#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *find_web(char *buf, size_t cap);
static int has_index(const char *dir);

void cmd_serve_usage(FILE *out)
{
    fprintf(out, "usage: khabar serve [--db PATH] [--listen HOST:PORT] [--web DIR]\n"
                 "                    [--token-file F] [--read-token-file F] [--section-model F]\n"
                 "                    [--threads N] [--quiet]\n\n"
                 "Serves the stories of a store: a JSON API under /api (docs/api.md) and the\n"
                 "Arabic web page at /.  Reads while `khabar ingest` writes to the same store.\n\n"
                 "  --db PATH             the database (default $KHABAR_DB, else ./khabar.db)\n"
                 "  --listen HOST:PORT    address to listen on (default 127.0.0.1:8080; port 0\n"
                 "                        picks a free one, printed on start)\n"
                 "  --web DIR             the page's folder (default: $KHABAR_WEB, ./web, or the\n"
                 "                        web/ folder of the checkout or install)\n"
                 "  --token-file F        a file whose first line is the bearer token that\n"
                 "                        POST /api/articles needs (without it, writes are off)\n"
                 "  --read-token-file F   a token every /api read needs (default: reads are open)\n"
                 "  --section-model F     the story view's section model (default: $KHABAR_MODELS\n"
                 "                        or the checkout's models/section.model)\n"
                 "  --threads N           worker threads (default 4)\n"
                 "  --quiet               no access log on stderr\n");
}

int cmd_serve(int argc, char **argv)
{
    kh_serve_opts o = {0};
    char web_buf[PATH_MAX];
    const char *web = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--db") == 0 && next) {
            o.db_path = argv[++i];
        } else if (strcmp(a, "--listen") == 0 && next) {
            o.listen = argv[++i];
        } else if (strcmp(a, "--web") == 0 && next) {
            web = argv[++i];
        } else if (strcmp(a, "--token-file") == 0 && next) {
            o.token_file = argv[++i];
        } else if (strcmp(a, "--read-token-file") == 0 && next) {
            o.read_token_file = argv[++i];
        } else if (strcmp(a, "--section-model") == 0 && next) {
            o.view_model = argv[++i];
        } else if (strcmp(a, "--threads") == 0 && next) {
            char *end = NULL;
            long n = strtol(argv[++i], &end, 10);
            if (!*argv[i] || *end || n < 1 || n > 64) {
                kh_cli_error("serve: --threads wants 1 to 64, not '%s'", argv[i]);
                return 2;
            }
            o.threads = (unsigned)n;
        } else if (strcmp(a, "--quiet") == 0) {
            o.quiet = 1;
        } else {
            kh_cli_error("serve: unknown argument '%s' (see 'khabar serve --help')", a);
            return 2;
        }
    }
    if (!o.db_path)
        o.db_path = kh_store_path_default();
    o.web_dir = web ? web : find_web(web_buf, sizeof web_buf);
    if (!o.web_dir)
        kh_cli_error("serve: no web folder found; serving the API only (use --web DIR)");

    /* Signals are taken by sigwait below, not by a handler: every thread
     * started from here on inherits the block. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    kh_err err;
    kh_err_init(&err, o.db_path);
    kh_serve *srv = kh_serve_start(&o, &err);
    if (!srv) {
        char msg[512];
        kh_err_format(&err, msg, sizeof msg);
        kh_cli_error("serve: %s", msg);
        return 1;
    }
    char host[128];
    unsigned port = 0;
    kh_err perr;
    kh_err_init(&perr, NULL);
    if (kh_serve_parse_listen(o.listen ? o.listen : "127.0.0.1:8080", host, sizeof host, &port,
                              &perr) != KH_OK)
        snprintf(host, sizeof host, "127.0.0.1");
    int v6 = strchr(host, ':') != NULL;
    printf("khabar: serving %s on http://%s%s%s:%u/\n", o.db_path, v6 ? "[" : "", host,
           v6 ? "]" : "", kh_serve_port(srv));
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "khabar: stopping (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    kh_serve_stop(srv);
    return 0;
}

static int has_index(const char *dir)
{
    char p[PATH_MAX];
    struct stat st;
    int n = snprintf(p, sizeof p, "%s/index.html", dir);
    return n > 0 && (size_t)n < sizeof p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static const char *find_web(char *buf, size_t cap)
{
    const char *env = getenv("KHABAR_WEB");
    if (env && *env && has_index(env))
        return env;
    if (has_index("web"))
        return "web";
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0'; /* the binary's folder, e.g. build/ */
    static const char *const rel[] = {"/../web", "/../share/khabar/web"};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        int m = snprintf(buf, cap, "%s%s", exe, rel[i]);
        if (m > 0 && (size_t)m < cap && has_index(buf))
            return buf;
    }
    return NULL;
}
