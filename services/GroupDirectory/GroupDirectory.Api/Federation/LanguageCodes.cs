using System.Collections.Frozen;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace Selbsthilfe.GroupDirectory.Api.Federation;

/// <summary>
/// A language as others write it, as the ISO 639-1 code our listings record: 639-1 itself, 639-2 (B and T) and 639-3
/// codes (https://iso639-3.sil.org), region tags (BCP 47 "de-DE"), and English or German names.
/// </summary>
public static class LanguageCodes
{
    private static readonly FrozenSet<string> Iso6391 = """
        aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et
        eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk
        kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny
        oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk
        tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Three-letter codes (639-2/T, 639-2/B, 639-3 individual languages of a macrolanguage) and names.</summary>
    private static readonly FrozenDictionary<string, string> Aliases = new (string Code, string Names)[]
    {
        ("de", "deu ger german deutsch"), ("en", "eng english englisch"), ("fr", "fra fre french franzoesisch francais"),
        ("es", "spa spanish spanisch espanol"), ("it", "ita italian italienisch italiano"), ("pt", "por portuguese portugiesisch"),
        ("nl", "nld dut dutch niederlaendisch"), ("pl", "pol polish polnisch polski"), ("ru", "rus russian russisch"),
        ("uk", "ukr ukrainian ukrainisch"), ("tr", "tur turkish tuerkisch tuerkce"), ("ar", "ara arb apc arz ajp acm arabic arabisch"),
        ("fa", "fas per pes prs persian persisch farsi dari"), ("ku", "kur kmr ckb kurdish kurdisch kurmanji sorani"),
        ("el", "ell gre greek griechisch"), ("ro", "ron rum romanian rumaenisch"), ("bg", "bul bulgarian bulgarisch"),
        ("hr", "hrv croatian kroatisch"), ("sr", "srp serbian serbisch"), ("bs", "bos bosnian bosnisch"),
        ("sq", "sqi alb als albanian albanisch"), ("mk", "mkd mac macedonian mazedonisch"), ("sl", "slv slovenian slowenisch"),
        ("cs", "ces cze czech tschechisch"), ("sk", "slk slo slovak slowakisch"), ("hu", "hun hungarian ungarisch"),
        ("lt", "lit lithuanian litauisch"), ("lv", "lav lvs latvian lettisch"), ("et", "est ekk estonian estnisch"),
        ("fi", "fin finnish finnisch"), ("sv", "swe swedish schwedisch"), ("da", "dan danish daenisch"),
        ("no", "nor norwegian norwegisch"), ("nb", "nob"), ("nn", "nno"), ("is", "isl ice icelandic islaendisch"),
        ("ga", "gle irish irisch"), ("cy", "cym wel welsh walisisch"), ("eu", "eus baq basque baskisch"), ("ca", "cat catalan katalanisch"),
        ("gl", "glg galician galicisch"), ("lb", "ltz luxembourgish luxemburgisch"), ("mt", "mlt maltese maltesisch"),
        ("be", "bel belarusian belarussisch"), ("he", "heb hebrew hebraeisch"), ("yi", "yid jiddisch yiddish"),
        ("hi", "hin hindi"), ("ur", "urd urdu"), ("bn", "ben bengali bengalisch"), ("pa", "pan punjabi pandschabi"),
        ("ta", "tam tamil"), ("te", "tel telugu"), ("ml", "mal malayalam"), ("si", "sin sinhala singhalesisch"), ("ne", "nep npi nepali"),
        ("zh", "zho chi cmn yue chinese chinesisch mandarin"), ("ja", "jpn japanese japanisch"), ("ko", "kor korean koreanisch"),
        ("vi", "vie vietnamese vietnamesisch"), ("th", "tha thai thailaendisch"), ("id", "ind indonesian indonesisch"),
        ("ms", "msa may zsm malay malaiisch"), ("tl", "tgl tagalog"), ("am", "amh amharic amharisch"), ("ti", "tir tigrinya tigrinisch"),
        ("so", "som somali"), ("sw", "swa swh swahili suaheli"), ("ha", "hau hausa"), ("yo", "yor yoruba"), ("ig", "ibo igbo"),
        ("om", "orm gaz oromo"), ("az", "aze azj azerbaijani aserbaidschanisch"), ("ka", "kat geo georgian georgisch"),
        ("hy", "hye arm armenian armenisch"), ("kk", "kaz kazakh kasachisch"), ("uz", "uzb uzn uzbek usbekisch"),
        ("tg", "tgk tajik tadschikisch"), ("tk", "tuk turkmen turkmenisch"), ("ps", "pus pbt pashto paschtu"),
        ("ln", "lin lingala"), ("rw", "kin kinyarwanda"), ("wo", "wol wolof"), ("ff", "ful fulah fulfulde"), ("tw", "twi"),
        ("ak", "aka akan"), ("af", "afr afrikaans"), ("tt", "tat tatar tatarisch"), ("ce", "che chechen tschetschenisch"),
        ("ug", "uig uyghur uigurisch"), ("bo", "bod tib tibetan tibetisch"), ("km", "khm khmer"), ("my", "mya bur burmese birmanisch"),
        ("la", "lat latin latein"), ("eo", "epo esperanto"),
    }.SelectMany(l => l.Names.Split(' ').Select(name => (Name: name, l.Code))).ToFrozenDictionary(a => a.Name, a => a.Code, StringComparer.Ordinal);

    /// <summary>The ISO 639-1 code, or null when the code or name is not one we know.</summary>
    public static string? Find(string? codeOrName)
    {
        if (string.IsNullOrWhiteSpace(codeOrName)) return null;
        var primary = codeOrName.Trim().Split('-', '_')[0].ToLowerInvariant();
        if (Iso6391.Contains(primary)) return primary;
        return Aliases.GetValueOrDefault(primary) ?? Aliases.GetValueOrDefault(TopicTaxonomy.Normalize(codeOrName));
    }
}
