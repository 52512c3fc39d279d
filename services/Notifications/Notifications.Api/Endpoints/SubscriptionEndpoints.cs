using System.Net;
using Selbsthilfe.Notifications.Api.Subscriptions;

namespace Selbsthilfe.Notifications.Api.Endpoints;

/// <summary>Subscribing to a group's meetings with double opt-in. Public: members have no accounts.</summary>
public static class SubscriptionEndpoints
{
    private const string AcceptedText =
        "Danke. Wenn die Adresse gültig ist, erhalten Sie gleich eine E-Mail zur Bestätigung. / Thank you. If the address is valid, a confirmation mail is on its way.";

    public static IEndpointRouteBuilder MapSubscriptionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Routes.Prefix).WithTags("Subscriptions");
        group.MapPost("/subscriptions", SubscribeAsync).WithName("Subscribe");
        // GET only shows a button: mail scanners follow links, and must not confirm on a member's behalf.
        group.MapGet("/confirm", (string? token) => Results.Content($"""
            <!doctype html><html lang="de"><meta charset="utf-8"><title>Bestätigen / Confirm</title>
            <form method="post"><input type="hidden" name="token" value="{WebUtility.HtmlEncode(token ?? "")}">
            <p>Möchten Sie Terminerinnerungen an diese Adresse erhalten? / Do you want meeting reminders at this address?</p>
            <button type="submit">Ja, bestätigen / Yes, confirm</button></form></html>
            """, "text/html; charset=utf-8")).WithName("ConfirmPage");
        group.MapPost("/confirm", ConfirmAsync).WithName("Confirm").DisableAntiforgery();
        group.MapGet("/unsubscribe", (string? token) => Results.Content($"""
            <!doctype html><html lang="de"><meta charset="utf-8"><title>Abmelden / Unsubscribe</title>
            <form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">
            <p>Keine Terminerinnerungen mehr für diese Gruppe? / No more meeting reminders for this group?</p>
            <button type="submit">Abmelden / Unsubscribe</button></form></html>
            """, "text/html; charset=utf-8")).WithName("UnsubscribePage");
        // RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the link; the token is in the query.
        group.MapPost("/unsubscribe", async (string? token, Unsubscribe unsubscribe, CancellationToken ct) => await unsubscribe.RunAsync(token, ct)
            ? Results.Ok(new { message = "Abgemeldet. / Unsubscribed." })
            : Results.Problem(statusCode: 400, title: "Der Link ist ungültig. / The link is invalid."))
            .WithName("Unsubscribe").DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> SubscribeAsync(SubscribeRequest request, HttpContext http, Subscribe subscribe, CancellationToken ct)
    {
        var (outcome, errors) = await subscribe.RunAsync(request, http.Connection.RemoteIpAddress, ct);
        return outcome switch
        {
            SubscribeOutcome.Accepted => TypedResults.Accepted((string?)null, new { message = AcceptedText }),
            SubscribeOutcome.Invalid => TypedResults.ValidationProblem(errors!, title: "Die Angaben sind nicht gültig. / The request is not valid."),
            SubscribeOutcome.UnknownGroup => TypedResults.Problem(statusCode: 404,
                title: "Diese Gruppe gibt es nicht (mehr) oder sie ist nicht öffentlich. / This group does not exist (any more) or is not public."),
            _ => TypedResults.Problem(statusCode: 429,
                title: "Zu viele Anfragen. Bitte später erneut versuchen. / Too many requests. Please try again later."),
        };
    }

    /// <summary>A link's token: from the query, a form (the confirmation page's button) or a JSON body.</summary>
    internal static async Task<string?> TokenAsync(HttpContext http, CancellationToken ct)
    {
        string? token = http.Request.Query["token"];
        if (http.Request.HasFormContentType) token = (string?)(await http.Request.ReadFormAsync(ct))["token"] ?? token;
        else if (http.Request.HasJsonContentType()) token = (await http.Request.ReadFromJsonAsync<TokenBody>(ct))?.Token ?? token;
        return token;
    }

    /// <summary>
    /// Confirms, and answers with a management token: the page that confirmed can link straight to the member's
    /// subscriptions (whoever holds the confirmation link read the mail, as a management link's holder did).
    /// </summary>
    private static async Task<IResult> ConfirmAsync(HttpContext http, Confirm confirm, Manage manage, CancellationToken ct)
    {
        var token = await TokenAsync(http, ct);
        return await confirm.RunAsync(token, ct) is { } subscriber
            ? TypedResults.Ok(new
            {
                message = "Bestätigt. Sie erhalten ab jetzt Terminerinnerungen. / Confirmed. You will now get meeting reminders.",
                manageToken = manage.Token(subscriber),
            })
            : TypedResults.Problem(statusCode: 400,
                title: "Der Link ist ungültig oder abgelaufen. Bitte melden Sie sich erneut an. / The link is invalid or has expired. Please subscribe again.");
    }

    private sealed record TokenBody(string? Token);
}
