using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Npgsql;
using Selbsthilfe.GroupDirectory.Contracts;
using Selbsthilfe.MailSink;
using Selbsthilfe.TestSupport;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Selbsthilfe.Notifications.Tests;

/// <summary>A real SMTP server in the test process that keeps every message it receives.</summary>
public sealed class SmtpCapture : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _server;

    public SmtpCapture()
    {
        Port = FreePorts.Next();
        _server = SmtpSinkServer.Create(Port, new Store(Messages), "test-smtp.localhost").StartAsync(_stop.Token);
    }

    public int Port { get; }
    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    public List<MimeMessage> To(string address) =>
        Messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _server; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> messages) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>
/// The notifications service in process (see <see cref="ServiceApp{TSelf, TEntryPoint}"/>) with a real SMTP server
/// that keeps its mails; a restart keeps the SMTP server and the keys, so mails before and after it are in one place.
/// </summary>
public sealed class NotificationsApp : ServiceApp<NotificationsApp, Selbsthilfe.Notifications.Api.Subscriptions.Subscribe>
{
    private readonly string _indexKey;
    private readonly string _linkKey;

    public NotificationsApp(LocalServers servers) : base(servers, "notificationsdb", "no", new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero))
    {
        Smtp = new SmtpCapture();
        EncryptionKeys = new() { ["k1"] = NewKey() };
        (_indexKey, _linkKey) = (NewKey(), NewKey());
    }

    private NotificationsApp(NotificationsApp before) : base(before)
    {
        Smtp = before.Smtp;
        EncryptionKeys = before.EncryptionKeys;
        (_indexKey, _linkKey) = (before._indexKey, before._linkKey);
    }

    public SmtpCapture Smtp { get; }
    public Dictionary<string, string> EncryptionKeys { get; }

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    protected override NotificationsApp Again() => new(this);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Notifications:Mail:Smtp"] = $"smtp://127.0.0.1:{Smtp.Port}",
            ["Notifications:Mail:PublicBaseUrl"] = "https://selbsthilfe.example",
            ["Notifications:Keys:Current"] = "k1",
            ["Notifications:Keys:BlindIndex"] = _indexKey,
            ["Notifications:Keys:Links"] = _linkKey,
        };
        foreach (var (id, key) in EncryptionKeys) settings[$"Notifications:Keys:Encryption:{id}"] = key;
        return settings;
    }

    public HttpClient Client() => Factory.CreateClient();

    /// <summary>Publishes a public listing as the directory does and waits until this service knows it.</summary>
    public async Task<Guid> PublishListingAsync()
    {
        var id = Guid.NewGuid();
        await Services.GetRequiredService<IBus>().Publish(new ListingPublished
        {
            ListingId = id, OfficeId = "office-test", Version = 1, Visibility = "public", OccurredAt = Clock.GetUtcNow(),
            Facts = new ListingFacts
            {
                Name = "Selbsthilfegruppe Angst", Topics = ["angst"], Audience = "affected", Languages = ["de"], Setting = "in-person",
                Openness = "open", Accessibility = [],
            },
        });
        await Eventually.TrueAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM listings WHERE id = $1", id) == 1);
        return id;
    }

    /// <summary>The token of the link in the <paramref name="mail"/>-th mail (1-based) to the address, once it arrived.</summary>
    public async Task<string> TokenFromMailAsync(string address, int mail)
    {
        await Eventually.TrueAsync(() => Task.FromResult(Smtp.To(address).Count >= mail), because: "the mail with the link should arrive");
        return System.Text.RegularExpressions.Regex.Match(Smtp.To(address)[mail - 1].TextBody!, @"token=([A-Za-z0-9_.\-]+)").Groups[1].Value;
    }

    public async Task<HttpResponseMessage> SubscribeAsync(string email, Guid listing, HttpClient? client = null) =>
        await (client ?? Client()).PostAsJsonAsync("/api/notifications/subscriptions",
            new { email, listingId = listing, leadTimesMinutes = new[] { 1440, 120 }, locale = "de" });

    /// <summary>Stops the service and its SMTP server.</summary>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>Servers and one service for the whole run; each test makes its own data.</summary>
public sealed class NotificationsFixture : ServersFixture<NotificationsApp>
{
    protected override NotificationsApp Create(LocalServers servers) => new(servers);
}

[CollectionDefinition(Name)]
public sealed class NotificationsCollection : ICollectionFixture<NotificationsFixture>
{
    public const string Name = "notifications";
}
