/*
 * src/core/path.c - finding the shipped model files (see path.h).
 */
#include "core/path.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef KH_MODELS_DIR
#define KH_MODELS_DIR "/usr/local/share/khabar"
#endif

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

const char *kh_path_model(const char *name, char *buf, size_t cap)
{
    const char *env = getenv("KHABAR_MODELS");
    if (env && *env) {
        snprintf(buf, cap, "%s/%s", env, name);
        return buf;
    }
    snprintf(buf, cap, "models/%s", name);
    if (file_exists(buf))
        return buf;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            static const char *const tails[] = {"/../models/", "/../../../models/",
                                                "/../share/khabar/"};
            for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
                snprintf(buf, cap, "%s%s%s", exe, tails[i], name);
                if (file_exists(buf))
                    return buf;
            }
        }
    }
    snprintf(buf, cap, "%s/%s", KH_MODELS_DIR, name);
    return buf;
}
