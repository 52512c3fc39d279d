namespace Selbsthilfe.Events.Api.Domain;

/// <summary>The rules between RRULE parts that RFC 5545 §3.3.10 states in prose rather than grammar.</summary>
internal static class RecurrenceRuleChecks
{
    public static void Check(RecurrenceRuleParts parts)
    {
        if (parts.Frequency is not { } frequency)
        {
            throw new RecurrenceRuleException("FREQ",
                "FREQ fehlt; jede Regel braucht eine Frequenz (SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY oder YEARLY).");
        }

        if (parts.Count is not null && parts.Until is not null)
        {
            var later = parts.Order.IndexOf("COUNT") > parts.Order.IndexOf("UNTIL") ? "COUNT" : "UNTIL";
            throw new RecurrenceRuleException(later, $"{later}: COUNT und UNTIL schließen sich aus; bitte nur eines von beiden angeben.");
        }

        if (parts.ByWeekNo.Length > 0 && frequency != RecurrenceFrequency.Yearly)
        {
            throw new RecurrenceRuleException("BYWEEKNO", "BYWEEKNO ist nur bei FREQ=YEARLY erlaubt.");
        }

        if (parts.ByYearDay.Length > 0 && frequency is RecurrenceFrequency.Daily or RecurrenceFrequency.Weekly or RecurrenceFrequency.Monthly)
        {
            throw new RecurrenceRuleException("BYYEARDAY", "BYYEARDAY ist bei FREQ=DAILY, WEEKLY und MONTHLY nicht erlaubt.");
        }

        if (parts.ByMonthDay.Length > 0 && frequency == RecurrenceFrequency.Weekly)
        {
            throw new RecurrenceRuleException("BYMONTHDAY", "BYMONTHDAY ist bei FREQ=WEEKLY nicht erlaubt.");
        }

        CheckOrdinals(parts, frequency);

        var hasOtherBy = parts.BySecond.Length + parts.ByMinute.Length + parts.ByHour.Length + parts.ByDay.Length
            + parts.ByMonthDay.Length + parts.ByYearDay.Length + parts.ByWeekNo.Length + parts.ByMonth.Length > 0;
        if (parts.BySetPos.Length > 0 && !hasOtherBy)
        {
            throw new RecurrenceRuleException("BYSETPOS",
                "BYSETPOS braucht einen weiteren BY-Teil (z. B. BYDAY), aus dessen Terminen es auswählt.");
        }
    }

    private static void CheckOrdinals(RecurrenceRuleParts parts, RecurrenceFrequency frequency)
    {
        // An ordinal counts within the month for MONTHLY, and for YEARLY with BYMONTH (RFC 5545 p. 44, note 2).
        var withinMonth = frequency == RecurrenceFrequency.Monthly
            || (frequency == RecurrenceFrequency.Yearly && parts.ByMonth.Length > 0);
        foreach (var entry in parts.ByDay)
        {
            if (entry.Ordinal == 0)
            {
                continue;
            }
            var token = entry.ToString();
            if (frequency is not (RecurrenceFrequency.Monthly or RecurrenceFrequency.Yearly))
            {
                throw new RecurrenceRuleException("BYDAY",
                    $"BYDAY: „{token}“ – eine Ordinalzahl vor dem Wochentag ist nur bei FREQ=MONTHLY oder FREQ=YEARLY erlaubt.");
            }
            if (parts.ByWeekNo.Length > 0)
            {
                throw new RecurrenceRuleException("BYDAY",
                    $"BYDAY: „{token}“ – zusammen mit BYWEEKNO ist keine Ordinalzahl vor dem Wochentag erlaubt.");
            }
            if (withinMonth && Math.Abs(entry.Ordinal) > 5)
            {
                throw new RecurrenceRuleException("BYDAY",
                    $"BYDAY: „{token}“ ist kein gültiger Wochentag im Monat (ein Wochentag kommt höchstens fünfmal vor: 1 bis 5 oder -5 bis -1).");
            }
        }
    }
}
