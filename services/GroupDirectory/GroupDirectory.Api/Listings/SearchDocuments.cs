using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Npgsql;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace Selbsthilfe.GroupDirectory.Api.Listings;

/// <summary>
/// A listing's three search documents in PostgreSQL's <c>tsvector</c> text form (cast in the statement that writes
/// them); null for a level whose text is the same as the level below it.
/// </summary>
public sealed record ListingDocuments(string Public, string? Network, string? Office);

/// <summary>
/// Builds the search documents of listing contents, keyed by the content instance: each the document
/// <c>listing_doc</c> makes in PostgreSQL (German stemmer and unaccent), put together here from the analysis of each
/// word (docs/adr/0007). They depend on nothing but the content, so an import builds a page's documents while the page
/// before it is written, not inside the write.
/// </summary>
public sealed class SearchDocuments
{
    private readonly Dictionary<ListingContent, ListingDocuments> _documents = new(ReferenceEqualityComparer.Instance);

    public ListingDocuments? For(ListingContent content) => _documents.GetValueOrDefault(content);

    /// <summary>
    /// The documents of all <paramref name="contents"/>: one statement for the words not analysed before, and one more
    /// for the rare document that cannot be put together here (<see cref="DocumentBuilder"/>). A level whose text is the
    /// same as the level below it is null and takes that document, so a listing with no hidden fields is built once.
    /// </summary>
    public static async Task<SearchDocuments> BuildAsync(Func<string, NpgsqlCommand> command, IReadOnlyCollection<ListingContent> contents,
        TopicTaxonomy taxonomy, CancellationToken ct)
    {
        var built = new SearchDocuments();
        var distinct = contents.Distinct(ReferenceEqualityComparer.Instance).Cast<ListingContent>().ToList();
        if (distinct.Count == 0) return built;
        var levels = new (string Name, string Topics, string Place, string Text)?[distinct.Count, 3];
        var words = new AnalysedWords();
        for (var i = 0; i < distinct.Count; i++)
        {
            (string, string, string, string)? below = null;
            for (var rank = 0; rank <= 2; rank++)
            {
                var level = ListingProjection.SearchText(distinct[i], rank, taxonomy);
                if (below == level) continue;
                levels[i, rank] = below = level;
                words.Need(level.Name);
                words.Need(level.Topics);
                words.Need(level.Place);
                words.Need(level.Text);
            }
        }
        await words.AnalyseMissingAsync(command, ct);

        var builder = new DocumentBuilder(words);
        var whole = new List<(int Listing, int Rank)>();
        var documents = new string?[distinct.Count, 3];
        for (var i = 0; i < distinct.Count; i++)
        {
            for (var rank = 0; rank <= 2; rank++)
            {
                if (levels[i, rank] is not { } level) continue;
                documents[i, rank] = builder.Build(level.Name, level.Topics, level.Place, level.Text);
                if (documents[i, rank] is null) whole.Add((i, rank));
            }
        }
        if (whole.Count > 0)
        {
            await using var select = command("""
                SELECT listing_doc(n, t, p, b)::text FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS u (n, t, p, b, i)
                ORDER BY i
                """);
            var texts = whole.Select(w => levels[w.Listing, w.Rank]!.Value).ToList();
            select.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = texts.Select(t => t.Name).ToArray() });
            select.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = texts.Select(t => t.Topics).ToArray() });
            select.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = texts.Select(t => t.Place).ToArray() });
            select.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = texts.Select(t => t.Text).ToArray() });
            await using var reader = await select.ExecuteReaderAsync(ct);
            var index = 0;
            while (await reader.ReadAsync(ct))
            {
                var (listing, rank) = whole[index++];
                documents[listing, rank] = reader.GetString(0);
            }
        }
        for (var i = 0; i < distinct.Count; i++) built._documents[distinct[i]] = new ListingDocuments(documents[i, 0]!, documents[i, 1], documents[i, 2]);
        return built;
    }
}

/// <summary>
/// What PostgreSQL's parser and dictionaries (<c>to_tsvector('german_folded', …)</c>) make of each word of a text: its
/// lexemes, their positions within the word, and how many positions the word takes (a stop word takes one and leaves no
/// lexeme). The parser never joins characters across a space, tab or line break into one token (except an HTML tag,
/// which may hold spaces: a text with "&lt;" is analysed whole), and a word at the very start of a text can come out
/// differently from the same word after a space ("~/x"), so a word is analysed with the break before it, or without
/// when it starts the text. Words are analysed once per process: their analysis depends on the word alone and the
/// <c>german_folded</c> configuration, which migrations fix. Bounded, as words are many.
/// </summary>
internal sealed class AnalysedWords
{
    /// <summary>A word's lexemes in order of position (relative to the word, from 1) and the positions it takes.</summary>
    internal sealed record Word(string[] Lexemes, short[] Positions, short Taken);

    /// <summary>A unit whose analysis did not show where it ends (its document is left to PostgreSQL).</summary>
    internal static readonly Word Unusable = new([], [], -1);

    private static readonly ConcurrentDictionary<string, Word> Known = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Word>.AlternateLookup<ReadOnlySpan<char>> KnownBySpan =
        Known.GetAlternateLookup<ReadOnlySpan<char>>();
    private const int MaxKnown = 200_000;
    private static int _knownCount;
    private const int MaxKnownLength = 64;

    private readonly Dictionary<string, Word> _local = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Word>.AlternateLookup<ReadOnlySpan<char>> _localBySpan;
    private readonly HashSet<string> _missing = new(StringComparer.Ordinal);

    public AnalysedWords() => _localBySpan = _local.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly SearchValues<char> Breaks = SearchValues.Create(" \t\n\r");

    /// <summary>
    /// Fills <paramref name="units"/> with the units of <paramref name="text"/> as they are analysed: each word with the
    /// break before it, if any.
    /// </summary>
    public static void Units(string text, List<(int Start, int Length)> units)
    {
        units.Clear();
        if (text.Length == 0) return;
        if (text.Contains('<', StringComparison.Ordinal))
        {
            units.Add((0, text.Length));
            return;
        }
        var span = text.AsSpan();
        var at = 0;
        while (at < span.Length)
        {
            var skipped = span[at..].IndexOfAnyExcept(Breaks);
            if (skipped < 0) return;
            var word = at + skipped;
            // The unit keeps one break before the word (the parser only needs to see that there is one).
            var unit = word > 0 ? word - 1 : 0;
            var length = span[word..].IndexOfAny(Breaks);
            at = length < 0 ? span.Length : word + length;
            units.Add((unit, at - unit));
        }
    }

    private readonly List<(int Start, int Length)> _units = [];
    private readonly HashSet<string> _needed = new(StringComparer.Ordinal);

    /// <summary>Notes the words of <paramref name="text"/> that are not known yet.</summary>
    public void Need(string text)
    {
        if (!_needed.Add(text)) return;
        Units(text, _units);
        foreach (var (start, length) in _units)
        {
            var unit = text.AsSpan(start, length);
            if (Find(unit) is null) _missing.Add(unit.ToString());
        }
    }

    public Word? Find(ReadOnlySpan<char> unit) =>
        KnownBySpan.TryGetValue(unit, out var word) || _localBySpan.TryGetValue(unit, out word) ? word : null;

    /// <summary>
    /// Analyses the units not known yet in one statement. A sentinel number ("0", a token of the simple dictionary) after
    /// each unit takes the position after the unit's last one, which tells the positions a unit's trailing stop words take.
    /// </summary>
    public async Task AnalyseMissingAsync(Func<string, NpgsqlCommand> command, CancellationToken ct)
    {
        if (_missing.Count == 0) return;
        var units = _missing.ToArray();
        await using var select = command("""
            SELECT u.i, l.lexeme, l.positions
            FROM unnest($1::text[]) WITH ORDINALITY AS u (t, i), unnest(to_tsvector('german_folded', u.t || ' 0')) AS l
            """);
        select.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = units });
        var found = new List<(string Lexeme, short Position)>[units.Length];
        for (var i = 0; i < found.Length; i++) found[i] = [];
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var list = found[reader.GetInt64(0) - 1];
                var lexeme = reader.GetString(1);
                foreach (var position in reader.GetFieldValue<short[]>(2)) list.Add((lexeme, position));
            }
        }
        for (var i = 0; i < units.Length; i++)
        {
            var entries = found[i];
            // No sentinel, or one at PostgreSQL's position cap (where other lexemes may sit too): left to PostgreSQL.
            if (!entries.Any(e => e.Lexeme == "0") || entries.Max(e => e.Position) >= DocumentBuilder.MaxPosition)
            {
                _local[units[i]] = Unusable;
                continue;
            }
            var sentinel = entries.Where(e => e.Lexeme == "0").Max(e => e.Position);
            var lexemes = entries.Where(e => e.Position != sentinel).OrderBy(e => e.Position).ToArray();
            var word = new Word(lexemes.Select(e => e.Lexeme).ToArray(), lexemes.Select(e => e.Position).ToArray(), (short)(sentinel - 1));
            _local[units[i]] = word;
            // Counted apart: ConcurrentDictionary.Count takes every lock of the dictionary. A few over the bound are harmless.
            if (units[i].Length <= MaxKnownLength && Volatile.Read(ref _knownCount) < MaxKnown && Known.TryAdd(units[i], word))
                Interlocked.Increment(ref _knownCount);
        }
        _missing.Clear();
    }
}

/// <summary>
/// Puts a listing's document together as <c>listing_doc</c> does: <c>setweight(to_tsvector(name), 'A') ||
/// setweight(to_tsvector(topics), 'B') || … 'C' || … 'D'</c>. Within a part, each word's lexemes follow the positions
/// the words before it take; <c>||</c> shifts the next part by the highest position of what is on its left. The result
/// is PostgreSQL's text form of the document. PostgreSQL caps positions at 16,383 and keeps at most 255 per lexeme;
/// a document that would reach either is left to PostgreSQL (null).
/// </summary>
internal sealed class DocumentBuilder(AnalysedWords words)
{
    internal const int MaxPosition = 16_383;
    private const int MaxPositionsPerLexeme = 255;

    /// <summary>A part's lexemes with their positions in the part, in order of position, and its highest position.</summary>
    private sealed record Part(string[] Lexemes, short[] Positions, int Highest);

    private readonly record struct Entry(string Lexeme, int Position, char Weight);

    private static readonly Comparison<Entry> ByLexemeAndPosition = (a, b) =>
    {
        var order = string.CompareOrdinal(a.Lexeme, b.Lexeme);
        return order != 0 ? order : a.Position.CompareTo(b.Position);
    };

    /// <summary>Parts by their text: most listings of a page share their topics' text and many their place.</summary>
    private readonly Dictionary<string, Part?> _parts = new(StringComparer.Ordinal);
    private readonly List<(int Start, int Length)> _units = [];
    private readonly List<Entry> _entries = [];
    private readonly StringBuilder _text = new();

    public string? Build(string name, string topics, string place, string body)
    {
        _entries.Clear();
        var offset = 0;
        foreach (var (text, weight) in new[] { (name, 'A'), (topics, 'B'), (place, 'C'), (body, 'D') })
        {
            if (PartOf(text) is not { } part || offset + part.Highest > MaxPosition) return null;
            for (var i = 0; i < part.Lexemes.Length; i++) _entries.Add(new Entry(part.Lexemes[i], offset + part.Positions[i], weight));
            offset += part.Highest;
        }
        var entries = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_entries);
        entries.Sort(ByLexemeAndPosition);
        _text.Clear();
        var count = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (i > 0 && entry.Lexeme == entries[i - 1].Lexeme)
            {
                // As in to_tsvector, a lexeme is kept once per position.
                if (entry.Position == entries[i - 1].Position) continue;
                if (++count > MaxPositionsPerLexeme) return null;
                _text.Append(',');
            }
            else
            {
                count = 1;
                if (i > 0) _text.Append(' ');
                _text.Append('\'');
                if (entry.Lexeme.AsSpan().IndexOfAny('\'', '\\') < 0) _text.Append(entry.Lexeme);
                else foreach (var c in entry.Lexeme) _text.Append(c == '\'' ? "''" : c == '\\' ? @"\\" : c.ToString());
                _text.Append("':");
            }
            _text.Append(entry.Position);
            if (entry.Weight != 'D') _text.Append(entry.Weight);
        }
        return _text.ToString();
    }

    /// <summary>A part's lexemes, from its words' analyses; null when a word could not be analysed or past the cap.</summary>
    private Part? PartOf(string text)
    {
        if (!_parts.TryGetValue(text, out var part)) _parts[text] = part = Analyse(text);
        return part;
    }

    private Part? Analyse(string text)
    {
        AnalysedWords.Units(text, _units);
        var lexemes = new List<string>();
        var positions = new List<short>();
        var taken = 0;
        var highest = 0;
        foreach (var (start, length) in _units)
        {
            var word = words.Find(text.AsSpan(start, length));
            if (word is null || ReferenceEquals(word, AnalysedWords.Unusable) || taken + word.Taken > MaxPosition) return null;
            for (var i = 0; i < word.Lexemes.Length; i++)
            {
                lexemes.Add(word.Lexemes[i]);
                positions.Add((short)(taken + word.Positions[i]));
                highest = Math.Max(highest, taken + word.Positions[i]);
            }
            taken += word.Taken;
        }
        return new Part([.. lexemes], [.. positions], highest);
    }
}
