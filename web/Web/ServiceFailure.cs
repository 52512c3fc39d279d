using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Selbsthilfe.Web;

/// <summary>What the error page answers: a service behind the site that does not answer is a 503, not a 500.</summary>
public static class ServiceFailure
{
    public static int StatusCode(Exception exception) => IsServiceFailure(exception)
        ? StatusCodes.Status503ServiceUnavailable
        : StatusCodes.Status500InternalServerError;

    public static bool IsServiceFailure(Exception? exception) => exception switch
    {
        null => false,
        HttpRequestException or TimeoutRejectedException or BrokenCircuitException or TaskCanceledException or ServiceAnswerException => true,
        _ => IsServiceFailure(exception.InnerException),
    };
}

/// <summary>A service answered, but not as the site expected (a 5xx, or a body it could not read).</summary>
public sealed class ServiceAnswerException(string service, int status) : Exception($"{service} answered {status}.")
{
    public int Status { get; } = status;
}
