using Selbsthilfe.GroupDirectory.Api.Offices;

namespace Selbsthilfe.GroupDirectory.Api.Data;

/// <summary>
/// Development only: the four offices of the seed pages, registered like any other office (so Founding learns of
/// them by event), so that a first start shows something real. Existing offices are left as they are.
/// </summary>
internal sealed class DemoOffices(OfficeRegistration registration) : IHostedService
{
    public static readonly Office[] All =
    [
        new("sekis-berlin", "SEKIS Berlin", ["10", "12", "13"]),
        new("sekiz-potsdam", "SEKIZ Potsdam", ["144", "145"]),
        new("kiss-dresden", "KISS Dresden", ["010", "011", "012", "013"]),
        new("selbsthilfe-kassel", "Selbsthilfe Kassel", ["341", "342", "343"]),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var office in All) await registration.RegisterAsync(office, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
