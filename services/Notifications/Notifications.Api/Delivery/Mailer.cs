using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Selbsthilfe.Notifications.Api.Delivery;

/// <summary>Settings under <c>Notifications:Mail</c>.</summary>
public sealed class MailOptions
{
    public const string Section = "Notifications:Mail";

    /// <summary>smtp://host:port; without it, the AppHost's mail sink (<c>services:mail-sink:smtp:0</c>).</summary>
    public string? Smtp { get; set; }

    /// <summary>A discreet sender: the platform, never a group or topic.</summary>
    public string From { get; set; } = "Selbsthilfe-Plattform <noreply@selbsthilfe-plattform.invalid>";

    /// <summary>Where links in mails point (the gateway's public address).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:8080";
}

/// <summary>Sends mails over SMTP with MailKit. Logs carry no address, name or text of a member.</summary>
public sealed class Mailer(Microsoft.Extensions.Options.IOptions<MailOptions> options, IConfiguration configuration)
{
    private Uri Server => new((options.Value.Smtp ?? configuration["services:mail-sink:smtp:0"]
        ?? throw new InvalidOperationException("No SMTP server configured (Notifications:Mail:Smtp)."))
        .Replace("tcp://", "smtp://", StringComparison.Ordinal));

    public MailboxAddress Sender => MailboxAddress.Parse(options.Value.From);

    public string PublicBaseUrl => options.Value.PublicBaseUrl.TrimEnd('/');

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient();
        var server = Server;
        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None, ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }
}
