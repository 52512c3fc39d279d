using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Selbsthilfe.MailSink;

public static class MailEndpoints
{
    public static IEndpointRouteBuilder MapMailEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/messages", (MailStore store) => TypedResults.Ok(store.All()));
        app.MapDelete("/api/messages", (MailStore store) => { store.Clear(); return TypedResults.NoContent(); });
        app.MapGet("/", Inbox);
        return app;
    }

    private static ContentHttpResult Inbox(MailStore store)
    {
        var html = new StringBuilder("<!doctype html><html lang=\"de\"><meta charset=\"utf-8\"><title>Mail-Sink</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em}article{border:1px solid #ccc;padding:1em;margin:1em 0}pre{white-space:pre-wrap}</style>")
            .Append("<h1>Mail-Sink (Entwicklung)</h1>");
        var mails = store.All();
        if (mails.Count == 0) html.Append("<p>Noch keine Mails empfangen.</p>");
        foreach (var mail in mails)
        {
            html.Append("<article><h2>").Append(WebUtility.HtmlEncode(mail.Subject)).Append("</h2><p>")
                .Append(WebUtility.HtmlEncode($"{mail.ReceivedAt:u} · von {mail.From} · an {string.Join(", ", mail.To)}"))
                .Append("</p><pre>").Append(WebUtility.HtmlEncode(mail.Text ?? "")).Append("</pre></article>");
        }
        return TypedResults.Content(html.Append("</html>").ToString(), "text/html; charset=utf-8");
    }
}
