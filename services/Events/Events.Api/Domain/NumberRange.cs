namespace Selbsthilfe.Events.Api.Domain;

/// <summary>The value range of a numeric BYxxx list and how a wrong value is named in German.</summary>
internal sealed record NumberRange(int Min, int Max, bool Signed, string Noun, string Allowed)
{
    public static readonly NumberRange Seconds = new(0, 60, false, "Sekundenwert", "0 bis 60");
    public static readonly NumberRange Minutes = new(0, 59, false, "Minutenwert", "0 bis 59");
    public static readonly NumberRange Hours = new(0, 23, false, "Stundenwert", "0 bis 23");
    public static readonly NumberRange MonthDays = new(1, 31, true, "Monatstag", "1 bis 31 oder -31 bis -1");
    public static readonly NumberRange YearDays = new(1, 366, true, "Tag im Jahr", "1 bis 366 oder -366 bis -1");
    public static readonly NumberRange WeekNumbers = new(1, 53, true, "Kalenderwoche", "1 bis 53 oder -53 bis -1");
    public static readonly NumberRange Months = new(1, 12, false, "Monat", "1 bis 12");
    public static readonly NumberRange SetPositions = new(1, 366, true, "Position", "1 bis 366 oder -366 bis -1");

    /// <summary>True when <paramref name="value"/> lies in the range (signed ranges exclude 0 and mirror below it).</summary>
    public bool Contains(int value) =>
        (value >= Min && value <= Max) || (Signed && value <= -Min && value >= -Max);
}
