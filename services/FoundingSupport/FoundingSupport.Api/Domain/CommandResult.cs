namespace Selbsthilfe.FoundingSupport.Api.Domain;

public enum Outcome { Ok, Invalid, NotFound, Forbidden, Stale, Conflict, NoOffice }

/// <summary>What a command did, or why it did nothing; the endpoints turn the reasons into ProblemDetails.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "CommandResult<T>.Ok(...) names the result type where it is made.")]
public sealed record CommandResult<T>(Outcome Outcome, T? Value = default, Dictionary<string, string[]>? Errors = null, string? Detail = null,
    IReadOnlyDictionary<string, object?>? Extensions = null)
{
    public static CommandResult<T> Ok(T value) => new(Outcome.Ok, value);
    public static CommandResult<T> Fail(Outcome outcome, string? detail = null) => new(outcome, Detail: detail);
    public static CommandResult<T> Invalid(Dictionary<string, string[]> errors) => new(Outcome.Invalid, Errors: errors);
    public static CommandResult<T> Invalid(string field, string message) => new(Outcome.Invalid, Errors: new() { [field] = [message] });

    /// <summary>The step does not fit the initiative's state: say which state it is in and what may come next.</summary>
    public static CommandResult<T> WrongState(string current, string attempted) => new(Outcome.Conflict,
        Detail: $"Die Initiative ist im Stand \"{current}\"; von dort geht es nicht nach \"{attempted}\". Möglich: {NextText(current)}. / "
            + $"The initiative is {current}; it cannot move to {attempted}.",
        Extensions: new Dictionary<string, object?> { ["currentState"] = current, ["allowedNextStates"] = InitiativeStates.AllowedNext(current) });

    private static string NextText(string current) =>
        InitiativeStates.AllowedNext(current) is { Count: > 0 } next ? string.Join(", ", next) : "nichts mehr (abgeschlossen)";
}
