using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Selbsthilfe.FoundingSupport.Api.Initiatives;

namespace Selbsthilfe.FoundingSupport.Tests;

/// <summary>The business meter: initiatives by state, counted over the whole database.</summary>
[Collection(FoundingCollection.Name)]
public sealed class MetricsTests(FoundingFixture fixture)
{
    [Fact]
    public async Task The_gauge_counts_initiatives_by_state()
    {
        var app = new FoundingApp(fixture.Servers);
        await app.InitializeAsync();
        try
        {
            var founding = await Founding.StartAsync(app);
            await founding.InitiativeAsync();
            var (counselled, _) = await founding.InitiativeAsync();
            await founding.StepAsync(counselled, "counselling");
            await app.Services.GetRequiredService<InitiativeCensus>().RunAsync(default);

            var measured = new Dictionary<string, long>();
            var meters = app.Services.GetRequiredService<IMeterFactory>();
            using var listener = new MeterListener();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == FoundingMetrics.Name && instrument.Meter.Scope == meters && instrument.Name == "founding.initiatives")
                    l.EnableMeasurementEvents(instrument);
            };
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) => measured[(string)tags[0].Value!] = value);
            listener.Start();
            listener.RecordObservableInstruments();

            Assert.Equal(1, measured["proposed"]);
            Assert.Equal(1, measured["counselling"]);
            Assert.Equal(0, measured["founded"]);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
