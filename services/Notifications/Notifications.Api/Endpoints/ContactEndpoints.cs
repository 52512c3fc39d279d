using System.Net;
using Selbsthilfe.Notifications.Api.Contacts;
using Selbsthilfe.Notifications.Api.Subscriptions;

namespace Selbsthilfe.Notifications.Api.Endpoints;

/// <summary>
/// Founding contacts: an address for a peer search or an initiative, with double opt-in. The answer carries the
/// contact reference to give Founding. Public: people founding a group have no accounts.
/// </summary>
public static class ContactEndpoints
{
    public static IEndpointRouteBuilder MapContactEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Routes.Prefix + "/contacts").WithTags("Founding contacts");
        group.MapPost("/", RegisterAsync).WithName("RegisterContact");
        // GET only shows a button: mail scanners follow links, and must not confirm on someone's behalf.
        group.MapGet("/confirm", (string? token) => Results.Content($"""
            <!doctype html><html lang="de"><meta charset="utf-8"><title>Bestätigen / Confirm</title>
            <form method="post"><input type="hidden" name="token" value="{WebUtility.HtmlEncode(token ?? "")}">
            <p>Möchten Sie Nachrichten zu Ihrer Suche nach Gleichbetroffenen an diese Adresse erhalten? / Do you want messages about your search for peers at this address?</p>
            <button type="submit">Ja, bestätigen / Yes, confirm</button></form></html>
            """, "text/html; charset=utf-8")).WithName("ConfirmContactPage");
        group.MapPost("/confirm", ConfirmAsync).WithName("ConfirmContact").DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> RegisterAsync(ContactRequest request, HttpContext http, FoundingContacts contacts, CancellationToken ct)
    {
        var (outcome, contactRef, errors) = await contacts.RegisterAsync(request, http.Connection.RemoteIpAddress, ct);
        return outcome switch
        {
            ContactOutcome.Accepted => TypedResults.Accepted((string?)null, new
            {
                contactRef,
                message = "Danke. Bitte bestätigen Sie Ihre Adresse mit dem Link aus der E-Mail. / Thank you. Please confirm your address with the link in the mail.",
            }),
            ContactOutcome.Invalid => TypedResults.ValidationProblem(errors!, title: "Die Angaben sind nicht gültig. / The request is not valid."),
            _ => TypedResults.Problem(statusCode: 429, title: "Zu viele Anfragen. Bitte später erneut versuchen. / Too many requests. Please try again later."),
        };
    }

    /// <summary>Confirms, and answers with a management token for the page that confirmed (see the subscriptions' confirm).</summary>
    private static async Task<IResult> ConfirmAsync(HttpContext http, FoundingContacts contacts, Manage manage, CancellationToken ct)
    {
        var token = await SubscriptionEndpoints.TokenAsync(http, ct);
        return await contacts.ConfirmAsync(token, ct) is { } subscriber
            ? TypedResults.Ok(new { message = "Bestätigt. / Confirmed.", manageToken = manage.Token(subscriber) })
            : TypedResults.Problem(statusCode: 400, title: "Der Link ist ungültig oder abgelaufen. / The link is invalid or has expired.");
    }
}
