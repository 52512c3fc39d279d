namespace Selbsthilfe;

/// <summary>
/// Aspire resource names, shared by the AppHost, the services (connection names, service discovery) and the tests.
/// </summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string Messaging = "messaging";
    public const string MailSink = "mail-sink";

    public const string DirectoryDb = "directorydb";
    public const string EventsDb = "eventsdb";
    public const string NotificationsDb = "notificationsdb";
    public const string FoundingDb = "foundingdb";

    public const string GroupDirectory = "group-directory";
    public const string Events = "events";
    public const string Notifications = "notifications";
    public const string FoundingSupport = "founding-support";
    public const string Web = "web";
    public const string Gateway = "gateway";
}
