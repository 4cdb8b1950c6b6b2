/*
 * src/core/path.h - where khabar's shipped data files are found.
 *
 * The models (models/ner.model, section.model, idf.model) are looked for
 * the same way by every stage that loads one, so that the khabar binary,
 * the test programs under build-x/tests/ and an installed bin/khabar all
 * find them without being told.
 * Depends on: nothing.
 */
#ifndef KH_CORE_PATH_H
#define KH_CORE_PATH_H

#include <stddef.h>

/* Writes into buf (NUL-terminated, at most cap bytes) and returns the path
 * of the model file name: $KHABAR_MODELS/name when that variable is set;
 * else the first that exists of models/name (working folder), then, from
 * the folder of the running program, ../models/name (build-x/khabar),
 * ../../../models/name (build-x/tests/<stage>/x) and ../share/khabar/name
 * (an installed bin/khabar); else KH_MODELS_DIR/name. */
const char *kh_path_model(const char *name, char *buf, size_t cap);

#endif
