using System.Collections.Concurrent;
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

    /// <summary>SMTP connections kept open at most.</summary>
    public int MaxConnections { get; set; } = 8;
}

/// <summary>
/// Sends mails over SMTP with MailKit, keeping connections open between mails (a handshake per mail would cost more
/// than the mail), at most <see cref="MailOptions.MaxConnections"/> at once; a connection that failed is dropped.
/// Logs carry no address, name or text of a member.
/// </summary>
public sealed class Mailer : IAsyncDisposable
{
    private readonly MailOptions _options;
    private readonly Uri _server;
    private readonly ConcurrentBag<SmtpClient> _idle = [];
    private readonly SemaphoreSlim _slots;

    private readonly ILogger<Mailer> _logger;

    public Mailer(Microsoft.Extensions.Options.IOptions<MailOptions> options, IConfiguration configuration, ILogger<Mailer> logger)
    {
        _logger = logger;
        _options = options.Value;
        _server = new Uri((_options.Smtp ?? configuration["services:mail-sink:smtp:0"] ?? "smtp://127.0.0.1:25")
            .Replace("tcp://", "smtp://", StringComparison.Ordinal));
        _slots = new SemaphoreSlim(_options.MaxConnections);
    }

    public MailboxAddress Sender => MailboxAddress.Parse(_options.From);

    public string PublicBaseUrl => _options.PublicBaseUrl.TrimEnd('/');

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        SmtpClient? client = null;
        try
        {
            if (!_idle.TryTake(out client) || !client.IsConnected)
            {
                client?.Dispose();
                client = new SmtpClient();
                await client.ConnectAsync(await OpenSocketAsync(ct), _server.Host, _server.Port, SecureSocketOptions.None, ct);
            }
            await client.SendAsync(message, ct);
            _idle.Add(client);
            client = null;
        }
        finally
        {
            client?.Dispose();
            _slots.Release();
        }
    }

    /// <summary>
    /// Sends a single mail whose loss the member can mend by asking again (a confirmation, a notice to a founding
    /// contact): a failure is logged by its kind and the <paramref name="reference"/> id only, never the address.
    /// </summary>
    public async Task<bool> TrySendAsync(MimeMessage message, string what, Guid reference, CancellationToken ct)
    {
        try
        {
            await SendAsync(message, ct);
            return true;
        }
        catch (Exception e) when (IsTransient(e))
        {
            _logger.LogWarning("{What} mail for {Reference} failed: {Error}", what, reference, e.GetType().Name);
            return false;
        }
    }

    /// <summary>Failures of the SMTP dialogue or the connection: worth another try later.</summary>
    public static bool IsTransient(Exception e) =>
        e is MailKit.ProtocolException or MailKit.CommandException or System.Net.Sockets.SocketException or IOException;

    /// <summary>
    /// A socket without Nagle's algorithm: SMTP is a dialogue of small commands, and with Nagle each one waits for
    /// the peer's delayed ACK (about 40 ms), which held a connection to some 20 mails a second.
    /// </summary>
    private async Task<System.Net.Sockets.Socket> OpenSocketAsync(CancellationToken ct)
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_server.Host, _server.Port, ct);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var client))
        {
            try
            {
                if (client.IsConnected) await client.DisconnectAsync(true);
            }
            catch (Exception e) when (e is IOException or MailKit.ProtocolException)
            {
                // closing anyway
            }
            client.Dispose();
        }
        _slots.Dispose();
    }
}
