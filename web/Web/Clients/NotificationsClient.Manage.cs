using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Selbsthilfe.Web.Clients;

// The pages behind the mail links. Every call carries the member's signed link token; the service checks it. An
// invalid or expired token is a 400 from the service, which these methods report as null/false ("ask for a new link").
// Tokens and addresses are never logged here.

/// <summary>The management token the confirming page links on with.</summary>
public sealed record Confirmed(string? ManageToken);

/// <summary>One subscription as the management page shows it; <c>Listed</c> is null from a service that does not say.</summary>
public sealed record ManagedSubscription(
    Guid Id, Guid ListingId, string? GroupName, IReadOnlyList<int> LeadTimesMinutes, bool FollowEvents, bool NameGroupInMails, string State, bool? Listed)
{
    public bool Ended => State == "unsubscribed";
}

public sealed record ManagedSubscriptions(IReadOnlyList<ManagedSubscription> Subscriptions);

public sealed record LinkAnswer(string? Message);

/// <summary>What a change of one subscription came to.</summary>
public enum ChangeOutcome { Done, InvalidLink, NotFound, Invalid }

public sealed partial class NotificationsClient
{
    private static string Q(string token) => "token=" + Uri.EscapeDataString(token);

    /// <summary>The double opt-in of a subscription; null when the link is invalid or expired.</summary>
    public Task<Confirmed?> ConfirmAsync(string token, CancellationToken ct) => ConfirmAtAsync("/api/notifications/confirm", token, ct);

    /// <summary>The double opt-in of a founding contact; null when the link is invalid or expired.</summary>
    public Task<Confirmed?> ConfirmContactAsync(string token, CancellationToken ct) => ConfirmAtAsync("/api/notifications/contacts/confirm", token, ct);

    private async Task<Confirmed?> ConfirmAtAsync(string path, string token, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(path, new { token }, ApiAnswers.Json, ct);
        var answer = await ApiAnswers.ReadAsync<Confirmed>(response, Service, ct);
        return answer.Ok ? answer.Value ?? new Confirmed(null) : Rejected<Confirmed>(answer.Status);
    }

    /// <summary>Ends the one subscription of a reminder's link (also RFC 8058 one-click); false when the link is invalid.</summary>
    public async Task<bool> UnsubscribeAsync(string token, CancellationToken ct)
    {
        using var response = await http.PostAsync($"/api/notifications/unsubscribe?{Q(token)}", content: null, ct);
        var answer = await ApiAnswers.ReadAsync<JsonElement>(response, Service, ct);
        return answer.Ok || Rejected<object>(answer.Status) is not null;
    }

    /// <summary>The address's subscriptions; null when the link is invalid or expired.</summary>
    public Task<ManagedSubscriptions?> SubscriptionsAsync(string token, CancellationToken ct) =>
        ApiAnswers.GetOrNullAsync<ManagedSubscriptions>(http, $"/api/notifications/manage?{Q(token)}", Service, ct);

    public async Task<ChangeOutcome> ChangeAsync(string token, Guid subscription, IReadOnlyList<int> leadTimesMinutes, bool nameGroupInMails,
        CancellationToken ct)
    {
        using var response = await http.PutAsJsonAsync($"/api/notifications/manage/subscriptions/{subscription}?{Q(token)}",
            new { leadTimesMinutes, nameGroupInMails }, ApiAnswers.Json, ct);
        return await OutcomeAsync(response, ct);
    }

    public async Task<ChangeOutcome> EndAsync(string token, Guid subscription, CancellationToken ct)
    {
        using var response = await http.DeleteAsync($"/api/notifications/manage/subscriptions/{subscription}?{Q(token)}", ct);
        return await OutcomeAsync(response, ct);
    }

    /// <summary>Everything held about the address (GDPR Art. 15) as the service writes it; null when the link is invalid.</summary>
    public async Task<string?> ExportJsonAsync(string token, CancellationToken ct)
    {
        using var response = await http.GetAsync($"/api/notifications/manage/export?{Q(token)}", ct);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode) throw new ServiceAnswerException(Service, (int)response.StatusCode);
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary>Erases the address and everything on it (Art. 17); false when the link is invalid.</summary>
    public async Task<bool> EraseAsync(string token, CancellationToken ct)
    {
        using var response = await http.DeleteAsync($"/api/notifications/manage?{Q(token)}", ct);
        var answer = await ApiAnswers.ReadAsync<JsonElement>(response, Service, ct);
        return answer.Ok || Rejected<object>(answer.Status) is not null;
    }

    /// <summary>Asks for a management link by mail. The answer is the same for every address; 400 and 429 come back as problems.</summary>
    public async Task<ApiAnswer<LinkAnswer>> RequestLinkAsync(string email, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("/api/notifications/manage/link", new { email }, ApiAnswers.Json, ct);
        return await ApiAnswers.ReadAsync<LinkAnswer>(response, Service, ct);
    }

    private static async Task<ChangeOutcome> OutcomeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var answer = await ApiAnswers.ReadAsync<JsonElement>(response, Service, ct);
        return answer.Status switch
        {
            _ when answer.Ok => ChangeOutcome.Done,
            HttpStatusCode.NotFound => ChangeOutcome.NotFound,
            HttpStatusCode.BadRequest when answer.Problem?.Errors.Count > 0 => ChangeOutcome.Invalid,
            HttpStatusCode.BadRequest => ChangeOutcome.InvalidLink,
            _ => throw new ServiceAnswerException(Service, (int)answer.Status),
        };
    }

    /// <summary>A 400 is the service's "invalid or expired link" (null); any other refusal is not an answer the page expects.</summary>
    private static T? Rejected<T>(HttpStatusCode status) where T : class =>
        status == HttpStatusCode.BadRequest ? null : throw new ServiceAnswerException(Service, (int)status);
}
