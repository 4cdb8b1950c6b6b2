/*
 * src/text/stopwords.c - Arabic and English function words.
 *
 * Words that say nothing about what a story is about (prepositions,
 * pronouns, particles, demonstratives, the auxiliary كان and its sisters,
 * and the verbs of saying that open every news paragraph: قال، أضاف، أكد)
 * are left out of keys, shingles and cluster vectors.
 *
 * Fits: called on match-form tokens (kh_text_normalize then
 * kh_text_tokenize_next) by analyse and group.  Depends on: core.
 *
 * Method: one sorted table of match-form spellings (no hamza on alef, ي for
 * ى, ه for ة) with their lengths, binary-searched in byte order.  Common forms with the
 * conjunction و attached are listed as words of their own because the
 * stemmer runs after this check.  tests/text/stopwords.c checks that the
 * table is sorted and already in match form.  The list is khabar's own.
 */
#include "text/text.h"

#include <string.h>

/* ---- types and static prototypes ---- */

typedef struct stopword {
    const char *s;
    size_t len;
} stopword;

static int cmp_word(const char *tok, size_t len, const stopword *w);

#define W(lit)                                                                                     \
    {                                                                                              \
        lit, sizeof lit - 1                                                                        \
    }

/* Sorted by bytes (strcmp order); every entry is its own match form. */
static const stopword stopwords[] = {
    W("a"),      W("about"),  W("after"),  W("all"),     W("also"),   W("an"),     W("and"),
    W("are"),    W("as"),     W("at"),     W("be"),      W("been"),   W("but"),    W("by"),
    W("can"),    W("could"),  W("did"),    W("do"),      W("does"),   W("for"),    W("from"),
    W("had"),    W("has"),    W("have"),   W("he"),      W("her"),    W("his"),    W("i"),
    W("if"),     W("in"),     W("into"),   W("is"),      W("it"),     W("its"),    W("more"),
    W("no"),     W("not"),    W("of"),     W("on"),      W("or"),     W("our"),    W("out"),
    W("over"),   W("said"),   W("says"),   W("she"),     W("so"),     W("than"),   W("that"),
    W("the"),    W("their"),  W("them"),   W("then"),    W("there"),  W("these"),  W("they"),
    W("this"),   W("those"),  W("to"),     W("up"),      W("was"),    W("we"),     W("were"),
    W("what"),   W("when"),   W("which"),  W("who"),     W("will"),   W("with"),   W("would"),
    W("you"),    W("احد"),    W("احدي"),   W("اذ"),      W("اذا"),    W("اذن"),    W("اشار"),
    W("اشارت"),  W("اصبح"),   W("اصبحت"),  W("اضاف"),    W("اضافت"),  W("اعلن"),   W("اعلنت"),
    W("افاد"),   W("افادت"),  W("اقل"),    W("اكثر"),    W("اكد"),    W("اكدت"),   W("الا"),
    W("الان"),   W("التي"),   W("الذي"),   W("الذين"),   W("اللاتي"), W("اللايي"), W("اللتان"),
    W("اللتين"), W("اللذان"), W("اللذين"), W("اللواتي"), W("الي"),    W("اليه"),   W("اليها"),
    W("اليهم"),  W("ام"),     W("اما"),    W("امام"),    W("ان"),     W("انا"),    W("انت"),
    W("انتم"),   W("انما"),   W("انه"),    W("انها"),    W("انهم"),   W("او"),     W("اوضح"),
    W("اوضحت"),  W("اوليك"),  W("اي"),     W("ايضا"),    W("اين"),    W("ايه"),    W("ب"),
    W("بان"),    W("بذلك"),   W("بعد"),    W("بعض"),     W("بل"),     W("بما"),    W("بنا"),
    W("به"),     W("بها"),    W("بهم"),    W("بين"),     W("بينما"),  W("تابع"),   W("تحت"),
    W("تزال"),   W("تقول"),   W("تكون"),   W("تلك"),     W("تم"),     W("ثم"),     W("جدا"),
    W("حاليا"),  W("حتي"),    W("حسب"),    W("حول"),     W("حيث"),    W("حين"),    W("حينما"),
    W("خلال"),   W("دون"),    W("ذات"),    W("ذكر"),     W("ذكرت"),   W("ذلك"),    W("ذلكم"),
    W("ذو"),     W("ذي"),     W("زال"),    W("زالت"),    W("سوي"),    W("صار"),    W("ضد"),
    W("طبقا"),   W("ظل"),     W("عبر"),    W("عدم"),     W("علي"),    W("عليه"),   W("عليها"),
    W("عليهم"),  W("عما"),    W("عن"),     W("عند"),     W("عندما"),  W("عنه"),    W("عنها"),
    W("عنهم"),   W("غير"),    W("ف"),      W("فان"),     W("فقد"),    W("فقط"),    W("فوق"),
    W("في"),     W("فيما"),   W("فيه"),    W("فيها"),    W("فيهم"),   W("قال"),    W("قالت"),
    W("قبل"),    W("قد"),     W("ك"),      W("كان"),     W("كانت"),   W("كانوا"),  W("كذا"),
    W("كذلك"),   W("كل"),     W("كلا"),    W("كلتا"),    W("كلما"),   W("كما"),    W("كي"),
    W("كيف"),    W("ل"),      W("لا"),     W("لازال"),   W("لان"),    W("لدي"),    W("لذلك"),
    W("لقد"),    W("لكن"),    W("لكنه"),   W("لكنها"),   W("لكي"),    W("لم"),     W("لما"),
    W("لماذا"),  W("لن"),     W("لنا"),    W("له"),      W("لها"),    W("لهم"),    W("لهن"),
    W("لو"),     W("لولا"),   W("لي"),     W("ليس"),     W("ليست"),   W("ما"),     W("ماذا"),
    W("مازال"),  W("متي"),    W("مثل"),    W("مشيرا"),   W("مضيفا"),  W("مع"),     W("معه"),
    W("معها"),   W("معهم"),   W("مما"),    W("ممن"),     W("من"),     W("منذ"),    W("منه"),
    W("منها"),   W("منهم"),   W("موضحا"),  W("موكدا"),   W("نحن"),    W("نحو"),    W("ها"),
    W("هاتان"),  W("هاتين"),  W("هذا"),    W("هذان"),    W("هذه"),    W("هذين"),   W("هكذا"),
    W("هل"),     W("هم"),     W("هما"),    W("هن"),      W("هنا"),    W("هناك"),   W("هنالك"),
    W("هو"),     W("هولاء"),  W("هي"),     W("و"),       W("واشار"),  W("واشارت"), W("واضاف"),
    W("واضافت"), W("واعلن"),  W("واعلنت"), W("وافاد"),   W("واكد"),   W("واكدت"),  W("والتي"),
    W("والذي"),  W("والذين"), W("والي"),   W("وان"),     W("واوضح"),  W("وايضا"),  W("وبعد"),
    W("وبين"),   W("وتابع"),  W("وتم"),    W("وحتي"),    W("وذكر"),   W("وذكرت"),  W("وذلك"),
    W("وراء"),   W("وعلي"),   W("وعن"),    W("وفقا"),    W("وفي"),    W("وقال"),   W("وقالت"),
    W("وقبل"),   W("وقد"),    W("وكان"),   W("وكانت"),   W("وكل"),    W("ولا"),    W("ولكن"),
    W("ولم"),    W("ولن"),    W("وما"),    W("ومع"),     W("ومن"),    W("وهذا"),   W("وهذه"),
    W("وهم"),    W("وهو"),    W("وهي"),    W("يتم"),     W("يزال"),   W("يقول"),   W("يكون"),
    W("يكونوا")};

#define N_STOPWORDS (sizeof stopwords / sizeof stopwords[0])
#define MAX_STOPWORD 16 /* bytes: longer tokens are never stop words */

/* ---- public functions ---- */

int kh_text_is_stopword(const char *tok, size_t len)
{
    if (!tok || len == 0 || len > MAX_STOPWORD)
        return 0;
    size_t lo = 0, hi = N_STOPWORDS;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_word(tok, len, &stopwords[mid]);
        if (c == 0)
            return 1;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

size_t kh_text_stopword_count(void)
{
    return N_STOPWORDS;
}

const char *kh_text_stopword_at(size_t i)
{
    return i < N_STOPWORDS ? stopwords[i].s : NULL;
}

/* ---- static functions ---- */

/* Compares a token with an entry in the byte order the table is sorted in
 * (strcmp order: a proper prefix sorts first). */
static int cmp_word(const char *tok, size_t len, const stopword *w)
{
    /* A byte loop: the words are a few bytes long, shorter than a memcmp call. */
    size_t m = len < w->len ? len : w->len;
    for (size_t i = 0; i < m; i++) {
        unsigned char a = (unsigned char)tok[i], b = (unsigned char)w->s[i];
        if (a != b)
            return a < b ? -1 : 1;
    }
    return len < w->len ? -1 : len > w->len;
}
