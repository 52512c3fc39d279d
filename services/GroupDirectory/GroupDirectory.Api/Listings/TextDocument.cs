using System.Text;

namespace Selbsthilfe.GroupDirectory.Api.Listings;

/// <summary>Numbers for lexemes, so documents hold ints and posting lists are keyed by them.</summary>
public sealed class Lexicon
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public int Intern(string lexeme)
    {
        if (!_ids.TryGetValue(lexeme, out var id)) _ids[lexeme] = id = _ids.Count;
        return id;
    }

    /// <summary>-1 when no document has the lexeme.</summary>
    public int Find(string lexeme) => _ids.GetValueOrDefault(lexeme, -1);
}

/// <summary>
/// A listing's search document (a PostgreSQL <c>tsvector</c>) in memory: its lexemes, sorted by id, each with its
/// positions and weights packed as PostgreSQL packs them (two weight bits above fourteen position bits; A = 3 … D = 0).
/// </summary>
public sealed class TextDocument
{
    private TextDocument(int[] lexemes, int[] starts, ushort[] positions)
    {
        Lexemes = lexemes;
        Starts = starts;
        Positions = positions;
    }

    public int[] Lexemes { get; }
    /// <summary>The positions of <c>Lexemes[i]</c> are <c>Positions[Starts[i]..Starts[i + 1]]</c>.</summary>
    public int[] Starts { get; }
    public ushort[] Positions { get; }

    public static int Weight(ushort position) => position >> 14;
    public static int Position(ushort position) => position & 0x3FFF;

    /// <summary>The positions of a lexeme, empty when the document does not have it.</summary>
    public ReadOnlySpan<ushort> PositionsOf(int lexeme)
    {
        var i = Array.BinarySearch(Lexemes, lexeme);
        return i < 0 ? [] : Positions.AsSpan(Starts[i], Starts[i + 1] - Starts[i]);
    }

    /// <summary>
    /// Reads a quoted lexeme as PostgreSQL prints it in a tsvector or tsquery: in single quotes, a quote doubled, a
    /// backslash escaping the next character.
    /// </summary>
    public static void ReadLexeme(string text, ref int at, StringBuilder lexeme)
    {
        if (at >= text.Length || text[at++] != '\'') throw new FormatException("A lexeme was expected.");
        while (true)
        {
            if (at >= text.Length) throw new FormatException("A lexeme is not closed.");
            var c = text[at++];
            if (c == '\\' && at < text.Length) lexeme.Append(text[at++]);
            else if (c == '\'' && at < text.Length && text[at] == '\'') { lexeme.Append('\''); at++; }
            else if (c == '\'') return;
            else lexeme.Append(c);
        }
    }

    /// <summary>Reads the text form of a tsvector (<c>'angst':3A,7 'panik':5A</c>).</summary>
    /// <exception cref="FormatException">When the text is not a tsvector.</exception>
    public static TextDocument Parse(string text, Lexicon lexicon)
    {
        var entries = new List<(int Lexeme, List<ushort> Positions)>();
        var at = 0;
        var lexeme = new StringBuilder();
        while (true)
        {
            while (at < text.Length && text[at] == ' ') at++;
            if (at >= text.Length) break;
            ReadLexeme(text, ref at, lexeme.Clear());
            var positions = new List<ushort>();
            if (at < text.Length && text[at] == ':')
            {
                do
                {
                    at++;
                    var position = 0;
                    while (at < text.Length && char.IsAsciiDigit(text[at])) position = position * 10 + (text[at++] - '0');
                    var weight = at < text.Length ? text[at] switch { 'A' => 3, 'B' => 2, 'C' => 1, 'D' => 0, _ => -1 } : -1;
                    if (weight >= 0) at++;
                    positions.Add((ushort)(Math.Max(weight, 0) << 14 | Math.Min(position, 0x3FFF)));
                } while (at < text.Length && text[at] == ',');
            }
            entries.Add((lexicon.Intern(lexeme.ToString()), positions));
        }
        entries.Sort((a, b) => a.Lexeme.CompareTo(b.Lexeme));
        var starts = new int[entries.Count + 1];
        var packed = new List<ushort>();
        for (var i = 0; i < entries.Count; i++)
        {
            starts[i] = packed.Count;
            packed.AddRange(entries[i].Positions);
        }
        starts[entries.Count] = packed.Count;
        return new TextDocument(entries.Select(e => e.Lexeme).ToArray(), starts, packed.ToArray());
    }
}
