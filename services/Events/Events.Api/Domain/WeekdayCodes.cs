namespace Selbsthilfe.Events.Api.Domain;

/// <summary>The two-letter weekday codes of RFC 5545 (SU, MO, …), indexed by <see cref="DayOfWeek"/>.</summary>
internal static class WeekdayCodes
{
    private static readonly string[] Codes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

    public static string Of(DayOfWeek day) => Codes[(int)day];

    public static bool TryParse(ReadOnlySpan<char> code, out DayOfWeek day)
    {
        for (var i = 0; i < Codes.Length; i++)
        {
            if (code.Equals(Codes[i], StringComparison.OrdinalIgnoreCase))
            {
                day = (DayOfWeek)i;
                return true;
            }
        }
        day = default;
        return false;
    }
}
