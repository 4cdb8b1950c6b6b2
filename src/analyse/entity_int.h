/*
 * src/analyse/entity_int.h - the word tests of entity spans
 * (entity_word.c), shared by entity.c; not part of the stage's interface.
 */
#ifndef KH_ENTITY_INT_H
#define KH_ENTITY_INT_H

#include <stddef.h>

/* A word joining the parts of one name (بن، ابن، بنت، آل، أبو، أم، عبد، بو). */
int kh_entity_word_joint(const char *w, size_t len);
/* بن، بنت or آل: joins two words inside a name. */
int kh_entity_word_inner_joint(const char *w);
/* Arabic letters only and no stop word: may be part of a name. */
int kh_entity_word_name(const char *w);
/* A word of the time of day or the day (صباح، اليوم، أمس ...). */
int kh_entity_word_time(const char *w);
/* A title that never ends a person's name (رئيس، ولي، نظيره ...). */
int kh_entity_word_role(const char *w);
/* Display form d[0..dl) without no-break spaces and direction marks at its
 * edges: sets *from, returns the length kept. */
size_t kh_entity_word_trim_invisible(const char *d, size_t dl, const char **from);
/* An adjective of a place named after a person (الدولي، التخصصي ...). */
int kh_entity_word_facility(const char *w);
/* Bytes to skip of display form d and (in *w_skip) of match form w when
 * a proclitic run is glued to an opening quote («لـ«الشرق»). */
size_t kh_entity_word_quote_skip(const char *d, size_t dl, const char *w, size_t *w_skip);
/* Byte offset after the first `letters` letters of d[0..n) and their marks. */
size_t kh_entity_word_skip_letters(const char *d, size_t n, size_t letters);

#endif
