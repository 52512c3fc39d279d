using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Selbsthilfe.FoundingSupport.Tests;

/// <summary>One office with its own region and topic, and the steps of a founding as its users take them.</summary>
public sealed class Founding(FoundingApp app, string office, string region, string topic)
{
    public string Office { get; } = office;
    public string Region { get; } = region;
    public string Topic { get; } = topic;
    public string Postcode => Region + "1";

    public static async Task<Founding> StartAsync(FoundingApp app)
    {
        var (office, region) = await app.RegisterOfficeAsync();
        return new Founding(app, office, region, FoundingApp.NewTopic());
    }

    public HttpClient Staff() => app.Editor(Office);

    /// <summary>Posts as <paramref name="client"/> (anonymously when null) and checks the status.</summary>
    public async Task<JsonElement> PostAsync(HttpClient? client, string path, object? body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await (client ?? app.Anonymous()).PostAsJsonAsync("/api/founding" + path, body ?? new { });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{path}: expected {expected}, got {response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A contact reference whose owner confirmed the address with Notifications.</summary>
    public async Task<Guid> ContactAsync()
    {
        var contactRef = Guid.NewGuid();
        await app.ConfirmContactsAsync(contactRef);
        return contactRef;
    }

    /// <returns>The posting's id and its poster's (confirmed) contact reference.</returns>
    public async Task<(Guid Posting, Guid Poster)> PostingAsync(bool release = true, string text = "Wer hat auch damit zu tun? Ich suche Austausch.")
    {
        var poster = await ContactAsync();
        var created = await PostAsync(app.Anonymous(), "/postings",
            new { topic = Topic, postcode = Postcode, text, locale = "de", contactRef = poster }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        if (release) await PostAsync(Staff(), $"/postings/{id}/release", null);
        return (id, poster);
    }

    /// <returns>The initiative's id and its initiator's (confirmed) contact reference.</returns>
    public async Task<(Guid Initiative, Guid Initiator)> InitiativeAsync()
    {
        var initiator = await ContactAsync();
        var created = await PostAsync(app.Anonymous(), "/initiatives",
            new { topic = Topic, postcode = Postcode, locale = "de", initiatorContactRef = initiator }, HttpStatusCode.Created);
        return (created.GetProperty("initiative").GetProperty("id").GetGuid(), initiator);
    }

    public Task<JsonElement> StepAsync(Guid initiative, string step, object? body = null, HttpStatusCode expected = HttpStatusCode.OK) =>
        PostAsync(Staff(), $"/initiatives/{initiative}/{step}", body, expected);

    public static object FirstMeeting(DateTimeOffset now) => new
    {
        startsAt = now.AddDays(14), endsAt = now.AddDays(14).AddHours(2), room = "Gruppenraum 2", address = "Hauptstraße 5", postcode = "14467",
        city = "Potsdam", online = false,
    };

    /// <returns>The interested people's contact references, confirmed unless <paramref name="confirmed"/> is false.</returns>
    public async Task<List<Guid>> JoinAsync(Guid initiative, int people, bool confirmed = true)
    {
        var refs = new List<Guid>();
        for (var i = 0; i < people; i++)
        {
            refs.Add(confirmed ? await ContactAsync() : Guid.NewGuid());
            await PostAsync(app.Anonymous(), $"/initiatives/{initiative}/interest", new { contactRef = refs[^1] });
        }
        return refs;
    }
}
