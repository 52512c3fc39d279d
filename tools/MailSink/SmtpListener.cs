using System.Buffers;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Selbsthilfe.MailSink;

/// <summary>Listens for SMTP on 127.0.0.1 at the port the AppHost hands over in <c>SMTP_PORT</c>.</summary>
internal sealed class SmtpListener(MailStore store, IConfiguration configuration) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var port = configuration.GetValue("SMTP_PORT", 2525);
        return SmtpSinkServer.Create(port, new StoreAdapter(store)).StartAsync(stoppingToken);
    }

    private sealed class StoreAdapter(MailStore store) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            store.Add(message, TimeProvider.System);
            return SmtpResponse.Ok;
        }
    }
}
