/*
 * src/khabar.c - implements include/khabar.h: the public entry points, each
 * running the stages in pipeline order (text, extract, analyse, group,
 * store).  Read it top to bottom to follow an article through khabar.
 */
#include "khabar.h"

const char *kh_version(void)
{
    return KH_VERSION;
}
