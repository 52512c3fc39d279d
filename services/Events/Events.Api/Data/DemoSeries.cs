using Npgsql;
using Selbsthilfe.Events.Api.Scheduling;
using Selbsthilfe.ServiceDefaults.Security;

namespace Selbsthilfe.Events.Api.Data;

/// <summary>
/// Development only: gives every public demo group that has no meeting series yet a plausible one (weekly, every other
/// week or monthly, evenings), through the same use case as an office's request. The groups arrive by event from the
/// directory's demo data, so this looks for them for the first minutes after start.
/// </summary>
internal sealed class DemoSeries(SeriesCommands commands, NpgsqlDataSource db, TimeProvider clock, ILogger<DemoSeries> logger) : BackgroundService
{
    private static readonly string[] Rules = ["FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL=2", "FREQ=MONTHLY"];

    /// <summary>The directory's demo offices: only their groups are demo groups (real offices' groups are left alone).</summary>
    private static readonly string[] DemoOffices = ["sekis-berlin", "sekiz-potsdam", "kiss-dresden", "selbsthilfe-kassel"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var created = 0;
        for (var round = 0; round < 60 && !stoppingToken.IsCancellationRequested; round++)
        {
            try
            {
                created += await CreateMissingAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                logger.LogDebug(e, "Demo series: database not ready yet");
            }
            await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        if (created > 0 && logger.IsEnabled(LogLevel.Information)) logger.LogInformation("Demo data: {Count} meeting series", created);
    }

    private async Task<int> CreateMissingAsync(CancellationToken ct)
    {
        var missing = new List<(Guid Listing, string Office)>();
        await using (var select = db.CreateCommand("""
            SELECT l.id, l.office_id FROM listings l
            WHERE l.visibility = 'public' AND NOT l.withdrawn AND l.office_id = ANY($1)
              AND NOT EXISTS (SELECT FROM series s WHERE s.listing_id = l.id)
            LIMIT 500
            """))
        {
            select.Parameters.AddWithValue(DemoOffices);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) missing.Add((reader.GetGuid(0), reader.GetString(1)));
        }
        var today = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(SeriesRules.DefaultTimeZone)).Date;
        foreach (var (listing, office) in missing)
        {
            var seed = listing.GetHashCode() & 0x7fffffff;
            var start = today.AddDays(1 + seed % 14).AddHours(17 + seed % 3).AddMinutes(seed % 2 * 30);
            if (start.Day > 28) start = start.AddDays(-3);
            await commands.CreateAsync(new SeriesRequest
            {
                ListingId = listing, Start = SeriesRules.FormatLocal(start), DurationMinutes = 90 + seed % 2 * 30, Rrule = Rules[seed % Rules.Length],
            }, oneOff: false, StaffAuthentication.OfficeEditor(office, "demo-data"), ct);
        }
        return missing.Count;
    }
}
