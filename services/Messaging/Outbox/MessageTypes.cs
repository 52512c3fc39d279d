using System.Collections.Concurrent;

namespace Selbsthilfe.Messaging.Outbox;

/// <summary>
/// The name an event type is stored under in the outbox, and back. Contracts are referenced, never copied, so the
/// type's full name and assembly identify it in every service.
/// </summary>
internal static class MessageTypes
{
    private static readonly ConcurrentDictionary<string, Type> Resolved = new(StringComparer.Ordinal);

    public static string NameOf(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static Type Resolve(string name) => Resolved.GetOrAdd(name, static n =>
        Type.GetType(n, throwOnError: false) ?? throw new InvalidOperationException($"Outbox message type '{n}' is not loaded."));
}
