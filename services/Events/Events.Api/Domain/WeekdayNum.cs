namespace Selbsthilfe.Events.Api.Domain;

/// <summary>
/// One BYDAY entry: a weekday with an optional ordinal (2TU = second Tuesday, -1FR = last Friday).
/// <see cref="Ordinal"/> 0 means every such weekday of the period.
/// </summary>
public readonly record struct WeekdayNum(int Ordinal, DayOfWeek Day)
{
    public override string ToString() =>
        (Ordinal == 0 ? "" : Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture)) + WeekdayCodes.Of(Day);
}
