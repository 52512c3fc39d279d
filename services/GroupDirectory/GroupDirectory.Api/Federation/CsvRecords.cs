using System.Text;

namespace Selbsthilfe.GroupDirectory.Api.Federation;

/// <summary>One record of a CSV file: its fields and the 1-based line it starts on.</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// Splits CSV text into records as RFC 4180 describes (https://www.rfc-editor.org/rfc/rfc4180): fields in double
/// quotes may hold the delimiter, line breaks and doubled quotes. It is lenient where spreadsheets are sloppy: CRLF,
/// LF or CR end a line, and a stray quote inside an unquoted field is kept as text.
/// </summary>
internal static class CsvRecords
{
    /// <summary>The semicolon that German spreadsheets write, unless the first line has none but a comma.</summary>
    public static char DetectDelimiter(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            return !line.Contains(';', StringComparison.Ordinal) && line.Contains(',', StringComparison.Ordinal) ? ',' : ';';
        }
        return ';';
    }

    /// <summary>
    /// The records of <paramref name="text"/>, without blank lines or rows of empty cells (which spreadsheets write). <paramref name="unterminatedQuoteLine"/> is the
    /// line of a quoted field still open at the end of the text (its record is dropped), else null.
    /// </summary>
    public static List<CsvRecord> Read(string text, char delimiter, out int? unterminatedQuoteLine)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var quoteLine = 0;
        unterminatedQuoteLine = null;

        void EndRecord()
        {
            fields.Add(field.ToString());
            field.Clear();
            if (fields.Exists(f => !string.IsNullOrWhiteSpace(f))) records.Add(new CsvRecord(recordLine, fields.ToList()));
            fields.Clear();
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') continue; // the LF that follows ends the line
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else
                {
                    if (c is '\n' or '\r') { line++; c = '\n'; }
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0) { quoted = true; quoteLine = line; }
            else if (c == delimiter) { fields.Add(field.ToString()); field.Clear(); }
            else if (c is '\n' or '\r') { EndRecord(); line++; recordLine = line; }
            else field.Append(c);
        }
        if (quoted)
        {
            unterminatedQuoteLine = quoteLine;
            return records;
        }
        EndRecord();
        return records;
    }
}
