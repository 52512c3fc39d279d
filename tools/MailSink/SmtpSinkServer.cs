using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;
using SmtpServer.Storage;

namespace Selbsthilfe.MailSink;

/// <summary>
/// The one way to run an SMTP sink on loopback (the AppHost's mail sink, the tests' capture, the fan-out bench):
/// SmtpServer with a message store, on sockets without Nagle's algorithm. SmtpServer's own listener leaves Nagle on,
/// so each short reply ("250 OK") waited for the client's delayed ACK: about 44 ms per mail, some 20 mails a second
/// per connection, where a socket with TCP_NODELAY takes about 1 ms.
/// </summary>
public static class SmtpSinkServer
{
    public static SmtpServer.SmtpServer Create(int port, MessageStore store, string serverName = "mail-sink.localhost")
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName(serverName)
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        services.Add(new NoDelayListenerFactory());
        return new SmtpServer.SmtpServer(options, services);
    }

    private sealed class NoDelayListenerFactory : IEndpointListenerFactory
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            return new NoDelayListener(listener);
        }
    }

    private sealed class NoDelayListener(TcpListener listener) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            context.Properties[EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint;
            return new PlainPipe(client);
        }

        public void Dispose() => listener.Stop();
    }

    /// <summary>A plain-text connection: a sink on loopback offers no STARTTLS.</summary>
    private sealed class PlainPipe(TcpClient client) : ISecurableDuplexPipe
    {
        public PipeReader Input { get; } = PipeReader.Create(client.GetStream());
        public PipeWriter Output { get; } = PipeWriter.Create(client.GetStream());
        public bool IsSecure => false;
        public SslProtocols SslProtocol => SslProtocols.None;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The mail sink offers no STARTTLS.");

        public void Dispose()
        {
            Input.Complete();
            Output.Complete();
            client.Dispose();
        }
    }
}
