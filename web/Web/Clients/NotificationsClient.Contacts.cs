using System.Net.Http.Json;

namespace Selbsthilfe.Web.Clients;

// Founding contacts: Notifications keeps the address (double opt-in) and answers with a contact reference for
// Founding. The reference is its owner's bearer secret (docs/adr/0005): never shown, put in a URL or logged.
public sealed partial class NotificationsClient
{
    /// <summary>Registers an address for a peer search; Notifications sends the confirmation mail in <paramref name="locale"/>.</summary>
    public async Task<ApiAnswer<ContactRegistered>> RegisterContactAsync(string email, string locale, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("/api/notifications/contacts", new { email, locale }, ApiAnswers.Json, ct);
        return await ApiAnswers.ReadAsync<ContactRegistered>(response, Service, ct);
    }
}

public sealed record ContactRegistered(Guid ContactRef);
