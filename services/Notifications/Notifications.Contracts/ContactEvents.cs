namespace Selbsthilfe.Notifications.Contracts;

/// <summary>
/// A founding contact's owner confirmed the address (double opt-in): from now on Founding counts what was done with
/// <see cref="ContactRef"/> (interest, consent). The reference is the random id Notifications handed to its owner; the
/// address never travels.
/// </summary>
public sealed record ContactConfirmed(Guid ContactRef, DateTimeOffset At);

/// <summary>
/// The owner of a confirmed founding contact erased their data (GDPR Art. 17): <see cref="ContactRef"/> counts no more,
/// and Founding forgets what it held under it.
/// </summary>
public sealed record ContactErased(Guid ContactRef, DateTimeOffset At);
