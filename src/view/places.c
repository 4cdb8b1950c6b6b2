/*
 * src/view/places.c - a small gazetteer of countries, capitals and cities
 * that recur in Arabic news, so "what each outlet adds" can tell a place
 * (الصين, خاركيف) from an ordinary word without the tagger.
 *
 * Fits: unique.c counts a place named in one article only as a fact; the
 * entity names the tagger gives (kh_view_article.entities) cover the rest.
 * Depends on: text.
 * Method: names are written as outlets write them and compared in match
 * form; a place matches as a whole word, with at most three clitic letters
 * (و ب ل ف ك) in front: لروسيا, وبالصين.  Ambiguous names that are also
 * common words (مالي "financial", عمان Oman/Amman) are left out.
 */
#include "view/view_int.h"

#include <string.h>

static const char *const places[] = {
    /* countries */
    "الصين",
    "روسيا",
    "أمريكا",
    "أميركا",
    "الولايات المتحدة",
    "فرنسا",
    "بريطانيا",
    "ألمانيا",
    "إيطاليا",
    "إسبانيا",
    "اليابان",
    "الهند",
    "باكستان",
    "إيران",
    "العراق",
    "سوريا",
    "لبنان",
    "الأردن",
    "فلسطين",
    "إسرائيل",
    "مصر",
    "ليبيا",
    "تونس",
    "الجزائر",
    "المغرب",
    "السودان",
    "اليمن",
    "الإمارات",
    "قطر",
    "البحرين",
    "الكويت",
    "السعودية",
    "تركيا",
    "أوكرانيا",
    "بولندا",
    "رومانيا",
    "بلغاريا",
    "اليونان",
    "كرواتيا",
    "صربيا",
    "المجر",
    "النمسا",
    "سويسرا",
    "بلجيكا",
    "هولندا",
    "السويد",
    "النرويج",
    "الدنمارك",
    "فنلندا",
    "البرتغال",
    "كندا",
    "المكسيك",
    "البرازيل",
    "الأرجنتين",
    "فنزويلا",
    "كوبا",
    "كوريا",
    "أفغانستان",
    "بنغلاديش",
    "إندونيسيا",
    "ماليزيا",
    "الفلبين",
    "تايلاند",
    "فيتنام",
    "أستراليا",
    "نيجيريا",
    "إثيوبيا",
    "الصومال",
    "كينيا",
    "جنوب أفريقيا",
    "موريتانيا",
    "تشاد",
    "النيجر",
    "أذربيجان",
    "أرمينيا",
    "جورجيا",
    "كازاخستان",
    "أوزبكستان",
    "بيلاروسيا",
    "مولدوفا",
    "التشيك",
    "سلوفاكيا",
    "ليتوانيا",
    "لاتفيا",
    "إستونيا",
    "إيرلندا",
    "أيرلندا",
    "تايوان",
    "إريتريا",
    "جيبوتي",
    /* capitals and cities */
    "موسكو",
    "كييف",
    "باريس",
    "لندن",
    "برلين",
    "روما",
    "واشنطن",
    "نيويورك",
    "بكين",
    "بيجين",
    "طهران",
    "بغداد",
    "دمشق",
    "بيروت",
    "القاهرة",
    "الرياض",
    "جدة",
    "مكة",
    "دبي",
    "أبوظبي",
    "الدوحة",
    "المنامة",
    "مسقط",
    "صنعاء",
    "عدن",
    "القدس",
    "غزة",
    "أنقرة",
    "إسطنبول",
    "طوكيو",
    "بروكسل",
    "جنيف",
    "فيينا",
    "مدريد",
    "وارسو",
    "القرم",
    "دونباس",
    "خاركيف",
    "أوديسا",
    "سومي",
    "بطرسبرغ",
    "حلب",
    "الموصل",
    "البصرة",
    "طرابلس",
    "بنغازي",
    "الخرطوم",
    "كابول",
    "إسلام آباد",
    "نيودلهي",
    "سيول",
    "بيونغ يانغ",
    "أثينا",
    "ستوكهولم",
    "أوسلو",
    "لشبونة",
    "تبوك",
    "الدمام",
    "الطائف",
    "أبها",
    "جازان",
    "نجران",
    "حائل",
    "القصيم",
    "الأحساء",
};

static int is_clitic(const char *p)
{
    /* و ب ل ف ك, two bytes each */
    static const char *const c[] = {"\xd9\x88", "\xd8\xa8", "\xd9\x84", "\xd9\x81", "\xd9\x83"};
    for (size_t i = 0; i < 5; i++)
        if (memcmp(p, c[i], 2) == 0)
            return 1;
    return 0;
}

static int is_letter_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
}

int kh_view_places_word_in(const char *hay, const char *w, size_t n)
{
    const char *p = hay;
    while (hay && n && (p = strstr(p, w))) {
        int left_ok = p == hay || !is_letter_byte((unsigned char)p[-1]);
        if (!left_ok) {
            /* only clitics between the word start and the name */
            const char *s = p;
            int clitics = 0;
            while (s - hay >= 2 && clitics < 3 && is_clitic(s - 2)) {
                s -= 2;
                clitics++;
                if (s == hay || !is_letter_byte((unsigned char)s[-1])) {
                    left_ok = 1;
                    break;
                }
            }
        }
        if (left_ok && !is_letter_byte((unsigned char)p[n]))
            return 1;
        p++;
    }
    return 0;
}

kh_rc kh_view_places_each(kh_rc (*fn)(const char *place, size_t len, void *ctx), void *ctx)
{
    kh_buf norm;
    kh_rc rc = KH_OK;
    kh_buf_init(&norm, KH_CAP_LINE);
    for (size_t i = 0; rc == KH_OK && i < sizeof places / sizeof places[0]; i++) {
        kh_buf_reset(&norm);
        rc = kh_text_normalize(places[i], strlen(places[i]), &norm);
        if (rc == KH_OK && norm.len)
            rc = fn(norm.data, norm.len, ctx);
    }
    kh_buf_clean(&norm);
    return rc;
}
