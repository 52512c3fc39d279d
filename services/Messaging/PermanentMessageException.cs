namespace Selbsthilfe.Messaging;

/// <summary>
/// A message that no retry can mend (its facts contradict this service's rules): it goes to the endpoint's
/// <c>_error</c> queue at once, observable and replayable, instead of being retried for a minute. The message text
/// names ids and fields only, never personal data.
/// </summary>
public class PermanentMessageException(string message) : Exception(message);
