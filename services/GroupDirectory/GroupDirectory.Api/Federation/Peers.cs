using Npgsql;

namespace Selbsthilfe.GroupDirectory.Api.Federation;

/// <param name="BaseUrl">For our feed format ("hsds") the peer instance's address (its gateway, e.g.
/// "https://selbsthilfe.example"); for "meeting-guide" the address of the JSON file itself.</param>
/// <param name="DefaultTopics">Meeting Guide only: the topics of the imported meetings (the format has none).</param>
public sealed record PeerRequest(string? Id, string? BaseUrl, string? Key, IReadOnlyList<string>? Offices, bool? Reexport,
    string? Format = null, IReadOnlyList<string>? DefaultTopics = null, string? OfficeName = null);

/// <summary>A peer we follow and how following it goes (no key in here: status is shown to admins and logged).</summary>
public sealed record PeerStatus(
    string Id, string BaseUrl, IReadOnlyList<string> Offices, bool Reexport, string Checkpoint,
    DateTimeOffset? LastAttemptAt, DateTimeOffset? LastSuccessAt, string? LastError, int ConsecutiveFailures,
    DateTimeOffset? NextAttemptAt, long ImportedChanges, long LagChanges, double LagSeconds);

public sealed record Peer(string Id, string BaseUrl, string? Key, IReadOnlyList<string> Offices, string Checkpoint,
    string Format, IReadOnlyList<string> DefaultTopics, string? OfficeName);

/// <summary>The peers a platform admin registered, their checkpoints and their health.</summary>
public sealed class Peers(NpgsqlDataSource db, TimeProvider clock)
{
    private const string StatusColumns = """
        id, base_url, offices, reexport, checkpoint, last_attempt_at, last_success_at, last_error, consecutive_failures,
        next_attempt_at, imported_changes, lag_changes, lag_seconds
        """;

    public static readonly string[] Formats = ["hsds", "meeting-guide"];

    public static Dictionary<string, string[]> Validate(PeerRequest request, Taxonomy.TopicTaxonomy taxonomy)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!Domain.OfficeRules.IsSlug(request.Id))
            errors["id"] = ["Kennung: Kleinbuchstaben, Ziffern und Bindestriche, höchstens 60 Zeichen. / Id: lower-case letters, digits and hyphens, at most 60 characters."];
        if (!Uri.TryCreate(request.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            errors["baseUrl"] = ["Adresse: eine absolute http(s)-Adresse. / Base URL: an absolute http(s) URL."];
        if (request.Format is not null && !Formats.Contains(request.Format))
            errors["format"] = ["Format: hsds oder meeting-guide. / Format: hsds or meeting-guide."];
        if (request.Format == "meeting-guide" && (request.DefaultTopics is not { Count: > 0 } || request.DefaultTopics.Any(t => taxonomy[t] is null)))
            errors["defaultTopics"] = ["Themen: mindestens ein Thema der Taxonomie für die eingelesenen Treffen. / Topics: at least one taxonomy topic for the imported meetings."];
        if (request.OfficeName is { Length: > 200 }) errors["officeName"] = ["Name: höchstens 200 Zeichen. / Name: at most 200 characters."];
        if (request.Key is { Length: > 200 }) errors["key"] = ["Schlüssel: höchstens 200 Zeichen. / Key: at most 200 characters."];
        return errors;
    }

    /// <returns>False when a peer with this id exists already.</returns>
    public async Task<bool> RegisterAsync(PeerRequest request, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            INSERT INTO federation_peers (id, base_url, api_key, offices, reexport, created_at, format, default_topics, office_name)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (id) DO NOTHING
            """);
        command.Parameters.AddWithValue(request.Id!);
        command.Parameters.AddWithValue(request.BaseUrl!.TrimEnd('/'));
        command.Parameters.AddWithValue((object?)request.Key ?? DBNull.Value);
        command.Parameters.AddWithValue((request.Offices ?? []).ToArray());
        command.Parameters.AddWithValue(request.Reexport ?? false);
        command.Parameters.AddWithValue(clock.GetUtcNow());
        command.Parameters.AddWithValue(request.Format ?? "hsds");
        command.Parameters.AddWithValue((request.DefaultTopics ?? []).ToArray());
        command.Parameters.AddWithValue((object?)request.OfficeName ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<IReadOnlyList<PeerStatus>> StatusAsync(string? id, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"SELECT {StatusColumns} FROM federation_peers WHERE $1::text IS NULL OR id = $1 ORDER BY id");
        command.Parameters.AddWithValue((object?)id ?? DBNull.Value);
        var peers = new List<PeerStatus>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            DateTimeOffset? At(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
            peers.Add(new PeerStatus(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetBoolean(3),
                reader.GetString(4), At(5), At(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt32(8), At(9),
                reader.GetInt64(10), reader.GetInt64(11), reader.GetDouble(12)));
        }
        return peers;
    }

    /// <summary>The peers whose next pull is due.</summary>
    public Task<IReadOnlyList<Peer>> DueAsync(CancellationToken ct) =>
        ReadAsync("next_attempt_at IS NULL OR next_attempt_at <= $1", clock.GetUtcNow(), ct);

    public async Task<Peer?> FindAsync(string id, CancellationToken ct) => (await ReadAsync("id = $1", id, ct)) is [var peer] ? peer : null;

    private async Task<IReadOnlyList<Peer>> ReadAsync(string where, object parameter, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"SELECT id, base_url, api_key, offices, checkpoint, format, default_topics, office_name FROM federation_peers WHERE {where} ORDER BY id");
        command.Parameters.AddWithValue(parameter);
        var peers = new List<Peer>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            peers.Add(new Peer(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetFieldValue<string[]>(3), reader.GetString(4), reader.GetString(5), reader.GetFieldValue<string[]>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }
        return peers;
    }

    /// <summary>Records a failed pull and when to try again: exponential backoff (at most an hour) with jitter, so peers that failed together do not retry together.</summary>
    public async Task FailedAsync(string id, string error, TimeSpan baseDelay, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            UPDATE federation_peers SET last_attempt_at = $2, last_error = $3, consecutive_failures = consecutive_failures + 1,
                next_attempt_at = $2 + make_interval(secs => least(3600, $4 * power(2, least(consecutive_failures, 16))) * (0.5 + random() / 2))
            WHERE id = $1
            """);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(clock.GetUtcNow());
        command.Parameters.AddWithValue(error);
        command.Parameters.AddWithValue(baseDelay.TotalSeconds);
        await command.ExecuteNonQueryAsync(ct);
    }
}
