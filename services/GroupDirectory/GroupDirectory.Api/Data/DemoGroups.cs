using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace Selbsthilfe.GroupDirectory.Api.Data;

public sealed record SeedPlace(string Postcode, string City, string District, double Latitude, double Longitude);

public sealed record SeedRegion(string OfficeId, string OfficeName, IReadOnlyList<SeedPlace> Places);

/// <summary>
/// Plausible, clearly fictional group listings (every description says so; mailboxes are at example.org, RFC 2606),
/// deterministic per seed: demo data for development and bulk data for benchmarks. Coordinates are approximate
/// centres of real postcode areas.
/// </summary>
public static class DemoGroups
{
    public static readonly IReadOnlyList<SeedRegion> DemoRegions =
    [
        new("sekis-berlin", "SEKIS Berlin",
        [
            new("10115", "Berlin", "Mitte", 52.532, 13.385), new("10245", "Berlin", "Friedrichshain", 52.507, 13.455),
            new("10437", "Berlin", "Prenzlauer Berg", 52.540, 13.418), new("12043", "Berlin", "Neukölln", 52.481, 13.435),
            new("12157", "Berlin", "Schöneberg", 52.466, 13.344), new("13187", "Berlin", "Pankow", 52.571, 13.410),
            new("13353", "Berlin", "Wedding", 52.542, 13.350), new("12555", "Berlin", "Köpenick", 52.444, 13.575),
        ]),
        new("sekiz-potsdam", "SEKIZ Potsdam",
        [
            new("14467", "Potsdam", "Innenstadt", 52.401, 13.058), new("14469", "Potsdam", "Bornstedt", 52.415, 13.030),
            new("14471", "Potsdam", "Potsdam West", 52.393, 13.027), new("14473", "Potsdam", "Südliche Innenstadt", 52.385, 13.070),
            new("14480", "Potsdam", "Am Stern", 52.376, 13.122), new("14482", "Potsdam", "Babelsberg", 52.392, 13.110),
        ]),
        new("kiss-dresden", "KISS Dresden",
        [
            new("01067", "Dresden", "Altstadt", 51.053, 13.730), new("01097", "Dresden", "Neustadt", 51.066, 13.748),
            new("01159", "Dresden", "Löbtau", 51.043, 13.695), new("01217", "Dresden", "Räcknitz", 51.020, 13.750),
            new("01309", "Dresden", "Striesen", 51.043, 13.790), new("01129", "Dresden", "Pieschen", 51.080, 13.725),
        ]),
        new("selbsthilfe-kassel", "Selbsthilfe Kassel",
        [
            new("34117", "Kassel", "Mitte", 51.315, 9.494), new("34119", "Kassel", "Vorderer Westen", 51.317, 9.468),
            new("34121", "Kassel", "Wehlheiden", 51.301, 9.470), new("34127", "Kassel", "Wesertor", 51.330, 9.505),
            new("34131", "Kassel", "Bad Wilhelmshöhe", 51.312, 9.420),
        ]),
    ];

    /// <summary>The demo regions and further cities with fictional offices, for nationwide bulk data.</summary>
    public static readonly IReadOnlyList<SeedRegion> Nationwide =
    [
        .. DemoRegions,
        .. new (string City, string Postcode, double Lat, double Lon)[]
        {
            ("Hamburg", "20095", 53.551, 10.000), ("München", "80331", 48.137, 11.575), ("Köln", "50667", 50.938, 6.957),
            ("Frankfurt am Main", "60311", 50.111, 8.682), ("Stuttgart", "70173", 48.778, 9.180), ("Leipzig", "04109", 51.340, 12.374),
            ("Hannover", "30159", 52.374, 9.738), ("Nürnberg", "90402", 49.450, 11.077), ("Bremen", "28195", 53.076, 8.808),
            ("Rostock", "18055", 54.089, 12.140), ("Kiel", "24103", 54.323, 10.135), ("Freiburg im Breisgau", "79098", 47.996, 7.849),
            ("Münster", "48143", 51.962, 7.626), ("Erfurt", "99084", 50.978, 11.030), ("Magdeburg", "39104", 52.127, 11.630),
            ("Saarbrücken", "66111", 49.234, 6.996), ("Mainz", "55116", 50.000, 8.271), ("Schwerin", "19053", 53.629, 11.413),
            ("Dortmund", "44135", 51.514, 7.466), ("Regensburg", "93047", 49.015, 12.101),
        }.Select(c => new SeedRegion(
            "kontaktstelle-" + TopicTaxonomy.Normalize(c.City).Replace(' ', '-'), "Selbsthilfekontaktstelle " + c.City,
            [new SeedPlace(c.Postcode, c.City, "Zentrum", c.Lat, c.Lon)])),
    ];

    private static readonly string[] Patterns =
        ["Selbsthilfegruppe {0} {1}", "Gesprächskreis {0} ({1})", "Treffpunkt {0} – {1}", "{0}: Austausch in {1}", "Offene Runde {0} {1}"];
    private static readonly string[] RelativePatterns = ["Angehörigengruppe {0} {1}", "Für Angehörige: {0} ({1})"];
    private static readonly string[] Venues =
        ["Nachbarschaftshaus Am Park", "Gemeinderaum St. Marien", "Stadtteilzentrum Mitte", "Bürgerhaus am Markt", "Familienzentrum Sonnenhof", "Selbsthilfehaus"];
    private static readonly string[] Streets = ["Lindenstraße", "Bahnhofstraße", "Schulweg", "Am Markt", "Kirchplatz", "Gartenstraße", "Birkenweg"];
    private static readonly string[] Languages = ["en", "tr", "ar", "ru", "uk", "pl"];

    public static IEnumerable<(string OfficeId, ListingRequest Listing)> Generate(TopicTaxonomy taxonomy, IReadOnlyList<SeedRegion> regions, int count, int seed)
    {
        var random = new Random(seed);
        var topics = taxonomy.Topics.Where(t => t.Parent is not null).ToList();
        for (var i = 0; i < count; i++)
        {
            var region = regions[i % regions.Count];
            var seat = region.Places[random.Next(region.Places.Count)];
            var topic = topics[random.Next(topics.Count)];
            var audience = Pick(random, ("affected", 60), ("relatives", 20), ("both", 20));
            var setting = Pick(random, ("in-person", 70), ("hybrid", 15), ("online", 15));
            var privateHome = setting != "online" && random.Next(100) < 15;
            var patterns = audience == "relatives" ? RelativePatterns : Patterns;
            var name = string.Format(patterns[random.Next(patterns.Length)], topic.Label, $"{seat.City}-{seat.District}");
            var group = random.Next(100) < 40;
            yield return (region.OfficeId, new ListingRequest
            {
                Name = name.Length > ListingRules.MaxNameLength ? name[..ListingRules.MaxNameLength] : name,
                Description = $"Wir sind eine Gruppe von {(audience == "relatives" ? "Angehörigen" : "Betroffenen")} zum Thema {topic.Label} und treffen uns "
                    + (setting == "online" ? "online per Videokonferenz." : $"in {seat.City}-{seat.District}.")
                    + " Neue Teilnehmende melden sich vorher bei der Kontaktstelle. (Fiktiver Beispieleintrag.)",
                Topics = [topic.Code],
                Audience = audience,
                Languages = random.Next(100) < 15 ? ["de", Languages[random.Next(Languages.Length)]] : ["de"],
                Setting = setting,
                Place = setting == "online" ? null : new PlaceRequest(privateHome ? "private-home" : "public-venue",
                    privateHome ? null : Venues[random.Next(Venues.Length)], $"{Streets[random.Next(Streets.Length)]} {random.Next(1, 80)}",
                    seat.Postcode, seat.City, Math.Round(seat.Latitude + Jitter(random), 5), Math.Round(seat.Longitude + Jitter(random), 5)),
                Accessibility = ListingValues.Accessibility.Where(_ => random.Next(100) < 15).ToList(),
                Openness = Pick(random, ("open", 75), ("waiting-list", 15), ("closed", 10)),
                Contact = group ? new ContactRequest("group-mailbox", $"gruppe-{i}@gruppen.example.org", null) : new ContactRequest("office", null, null),
                Visibility = Pick(random, ("public", 85), ("office-network", 10), ("office-only", 5)),
                FieldVisibility = new FieldVisibilityRequest("public",
                    privateHome ? "office-only" : Pick(random, ("public", 80), ("office-network", 20)),
                    Pick(random, ("public", 80), ("office-network", 20))),
            });
        }
    }

    private static double Jitter(Random random) => (random.NextDouble() - 0.5) * 0.02;

    private static string Pick(Random random, params (string Value, int Weight)[] choices)
    {
        var roll = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if (roll < weight) return value;
            roll -= weight;
        }
        return choices[^1].Value;
    }
}
