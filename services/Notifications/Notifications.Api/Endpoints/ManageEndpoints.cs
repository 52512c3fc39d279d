using MimeKit;
using Selbsthilfe.Notifications.Api.Delivery;
using Selbsthilfe.Notifications.Api.Subscriptions;

namespace Selbsthilfe.Notifications.Api.Endpoints;

/// <summary>Self-service by signed link: list and change subscriptions, export (Art. 15) and erase (Art. 17).</summary>
public static class ManageEndpoints
{
    public static IEndpointRouteBuilder MapManageEndpoints(this IEndpointRouteBuilder app)
    {
        var manage = app.MapGroup(Routes.Prefix + "/manage").WithTags("Self-service");
        manage.MapPost("/link", RequestLinkAsync).WithName("RequestManagementLink");
        manage.MapGet("/", async (string? token, Manage m, CancellationToken ct) => m.Subscriber(token) is { } id
            ? Results.Ok(new { subscriptions = await m.SubscriptionsAsync(id, ct) }) : InvalidLink()).WithName("ListSubscriptions");
        manage.MapPut("/subscriptions/{subscription:guid}", async (Guid subscription, string? token, SubscriptionChange change, Manage m,
            CancellationToken ct) =>
        {
            if (m.Subscriber(token) is not { } id) return InvalidLink();
            if (change.LeadTimesMinutes is { } leads && (leads.Count is 0 or > 5 || leads.Any(l => l is < 15 or > 14 * 24 * 60)))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["leadTimesMinutes"] = ["Ein bis fünf Vorlaufzeiten zwischen 15 Minuten und 14 Tagen. / One to five lead times, 15 minutes to 14 days."],
                });
            }
            return await m.ChangeAsync(id, subscription, change, unsubscribe: false, ct) ? Results.NoContent() : NotYours();
        }).WithName("ChangeSubscription");
        manage.MapDelete("/subscriptions/{subscription:guid}", async (Guid subscription, string? token, Manage m, CancellationToken ct) =>
            m.Subscriber(token) is not { } id ? InvalidLink()
            : await m.ChangeAsync(id, subscription, new SubscriptionChange(null, null, null), unsubscribe: true, ct) ? Results.NoContent() : NotYours())
            .WithName("EndSubscription");
        manage.MapGet("/export", async (string? token, Manage m, CancellationToken ct) =>
            m.Subscriber(token) is { } id && await m.ExportAsync(id, ct) is { } export ? Results.Json(export) : InvalidLink()).WithName("Export");
        manage.MapDelete("/", async (string? token, Manage m, CancellationToken ct) =>
        {
            if (m.Subscriber(token) is not { } id) return InvalidLink();
            await m.EraseAsync(id, ct);
            return Results.NoContent();
        }).WithName("Erase");
        return app;
    }

    public sealed record LinkRequest(string? Email);

    /// <summary>Sends the management link to a confirmed address. The answer is the same for every address.</summary>
    private static async Task<IResult> RequestLinkAsync(LinkRequest request, HttpContext http, Manage manage, Subscribe subscribe, Mailer mailer,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || !MailboxAddress.TryParse(request.Email.Trim(), out _))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["Bitte eine gültige E-Mail-Adresse angeben. / Please give a valid e-mail address."] });
        }
        var email = request.Email.Trim();
        if (!await subscribe.AllowAsync(email, http.Connection.RemoteIpAddress, ct))
        {
            return Results.Problem(statusCode: 429, title: "Zu viele Anfragen. Bitte später erneut versuchen. / Too many requests. Please try again later.");
        }
        if (await manage.FindAsync(email, ct) is { } found)
        {
            var de = found.Locale != "en";
            var link = manage.Link(mailer.PublicBaseUrl, found.Id, found.Locale);
            var message = new MimeMessage();
            message.From.Add(mailer.Sender);
            message.To.Add(MailboxAddress.Parse(email));
            message.Subject = de ? "Ihre Erinnerungen verwalten" : "Manage your reminders";
            message.Body = new TextPart("plain")
            {
                Text = de
                    ? $"Mit diesem Link (30 Tage gültig) sehen und ändern Sie Ihre Erinnerungen, laden Ihre Daten herunter oder löschen sie:\n\n{link}\n"
                    : $"With this link (valid for 30 days) you see and change your reminders, download your data or erase it:\n\n{link}\n",
            };
            await mailer.SendAsync(message, ct);
        }
        return Results.Accepted(null, new
        {
            message = "Wenn die Adresse bei uns bestätigt ist, kommt gleich eine E-Mail mit dem Link. / If the address is confirmed with us, a mail with the link is on its way.",
        });
    }

    private static IResult InvalidLink() => Results.Problem(statusCode: 400,
        title: "Der Link ist ungültig oder abgelaufen. Fordern Sie einen neuen an. / The link is invalid or has expired. Ask for a new one.");

    private static IResult NotYours() => Results.Problem(statusCode: 404, title: "Abonnement nicht gefunden. / Subscription not found.");
}
