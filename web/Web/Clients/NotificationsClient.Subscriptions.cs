using System.Net.Http.Json;

namespace Selbsthilfe.Web.Clients;

/// <summary>What the group page sends to ask for reminders (Notifications' SubscribeRequest).</summary>
public sealed record SubscriptionRequest(string Email, Guid ListingId, IReadOnlyList<int> LeadTimesMinutes, string Locale, bool FollowEvents);

/// <summary>Notifications' answer to an accepted request: a message only (it never says whether the address was known).</summary>
public sealed record SubscriptionAccepted(string? Message);

public sealed partial class NotificationsClient
{
    /// <summary>
    /// Asks for reminders of a group; Notifications sends the double opt-in mail. 202 accepted, 400 with field errors
    /// (email, leadTimesMinutes, locale), 404 group unknown to Notifications, 429 too many requests. Never retried
    /// (see <see cref="PlatformClients"/>): one click, at most one mail.
    /// </summary>
    public async Task<ApiAnswer<SubscriptionAccepted>> SubscribeAsync(SubscriptionRequest request, CancellationToken ct)
    {
        using var response = await Http.PostAsJsonAsync("/api/notifications/subscriptions", request, ApiAnswers.Json, ct);
        return await ApiAnswers.ReadAsync<SubscriptionAccepted>(response, Name, ct);
    }
}
