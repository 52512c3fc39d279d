using System.Buffers;
using System.Numerics;
using Npgsql;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace Selbsthilfe.GroupDirectory.Api.Listings;

/// <summary>What a search asks of the in-memory index once PostgreSQL has matched the text (if any).</summary>
public sealed record IndexQuery
{
    public required Viewer Viewer { get; init; }
    /// <summary>The filters as asked (audience, setting, language, accessibility, openness, office, radius).</summary>
    public required SearchQuery Filters { get; init; }
    /// <summary>The topic filter with sub-topics; a listing matches when it has any of them.</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];
    /// <summary>Relevance of each listing the text matched, when PostgreSQL matched it; null otherwise.</summary>
    public IReadOnlyDictionary<Guid, double>? TextScores { get; init; }
    /// <summary>The text to match in memory, when the index can evaluate it; null otherwise.</summary>
    public TextMatch? Text { get; init; }
    public (double Lat, double Lon)? Centre { get; init; }
    public required string Sort { get; init; }
    public SearchCursor? After { get; init; }
    public int Take { get; init; }
    public bool Facets { get; init; }
}

/// <summary>
/// A text search as the index evaluates it: a listing matches when the viewer's document of it satisfies
/// <paramref name="Query"/>, or when it meets each of <paramref name="Terms"/> (when the text names topics or joins words
/// by "oder"): a topic the text names stands in for the words that named it, so "Krebs Frauen Berlin" is (filed under
/// cancer or saying "Krebs") and (filed under women's groups or saying "Frauen") and saying "Berlin". Relevance is
/// PostgreSQL's cover density rank, plus 1 for a listing that meets the terms with a named topic and 1 more when filed
/// under the topic named itself, not only a sub-topic ("Depression" puts groups on depression before those on
/// postpartum depression, however often these say the word), plus 0.5 when the query had to be widened for typos and
/// the listing matches <paramref name="Exact"/> (the text as typed).
/// </summary>
public sealed record TextMatch(TextQuery Query, TextQuery? Exact, IReadOnlyList<MatchTerm> Terms)
{
    /// <summary>Every topic the text names, with its sub-topics.</summary>
    public IReadOnlyList<string> NamedTopics { get; } = Terms.SelectMany(t => t.Topics).Distinct().ToArray();

    /// <summary>Every topic the text names, without sub-topics.</summary>
    public IReadOnlyList<string> NamedItself { get; } = Terms.SelectMany(t => t.Named).Distinct().ToArray();
}

/// <summary>
/// One part of a text: met by a listing filed under one of <paramref name="Topics"/> (the topics named,
/// <paramref name="Named"/>, with their sub-topics) or whose document satisfies <paramref name="Words"/> (the words that
/// say the part; both lists are empty for words that name no topic). Null words: only the topics meet it.
/// </summary>
public sealed record MatchTerm(IReadOnlyList<string> Named, IReadOnlyList<string> Topics, TextQuery? Words);

/// <remarks>A struct: a search compares every candidate with the worst hit kept so far, and allocates none of them.</remarks>
public readonly record struct IndexHit(Guid Id, double Score, double? DistanceKm, string SortName);

/// <summary>
/// Search in memory: one bit set per facet value over all published listings, so filters are AND/OR of bit sets and
/// every facet count is one population count, whatever the number of matches; and for text, each listing's search
/// documents (one per viewer level) with a posting list per lexeme and level, so a parsed query is evaluated on the
/// postings and ranked as PostgreSQL ranks (<see cref="CoverDensity"/>). PostgreSQL stays the source of truth: the index follows the listings' change log (<see cref="ListingChanges"/>)
/// before every search, so a write committed before a search started is in its answer on every replica.
/// </summary>
public sealed class SearchIndex(NpgsqlDataSource db) : IDisposable
{
    private const double EarthRadiusKm = 6378.168; // earthdistance's sphere, so answers match the SQL it replaced

    private sealed record Entry(Guid Id, int Rank, string Office, string[] Topics, string Audience, string Setting, string[] Languages,
        string Openness, string[] Accessibility, string? Postcode, double? Lat, double? Lon, string SortName, TextDocument[] Documents)
    {
        /// <summary>The ids of the facet values the listing has, each once (see <see cref="FacetId"/>).</summary>
        public int[] FacetIds { get; init; } = [];
    }

    /// <summary>Document levels: what the public sees, what other offices see, what the owning office sees.</summary>
    private const int PublicLevel = 0, NetworkLevel = 1, OfficeLevel = 2;

    private static readonly string[] FacetNames = ["topic", "audience", "setting", "language", "openness", "accessibility", "office"];

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly SemaphoreSlim _catchUp = new(1, 1);
    private readonly Dictionary<Guid, int> _ordinals = [];
    private readonly Stack<int> _free = new();
    private Entry?[] _entries = new Entry?[1024];
    private int _used;
    private readonly Bits _alive = new();
    private readonly Bits[] _ranks = [new(), new(), new()];
    private readonly Dictionary<(string Facet, string Value), Bits> _facets = [];
    /// <summary>The facet values by id, so that a search with few matches counts its matches' values into an array.</summary>
    private readonly List<((string Facet, string Value) Key, Bits Bits)> _facetsById = [];
    private readonly Dictionary<(string Facet, string Value), int> _facetIds = [];
    /// <summary>Coordinates by ordinal (NaN where none), side by side in memory for the radius filter.</summary>
    private (double Lat, double Lon)[] _coordinates = new (double, double)[1024];
    private readonly Lexicon _lexicon = new();
    /// <summary>Sums of the coordinates of the listed places under each postcode prefix (two digits and longer).</summary>
    private readonly Dictionary<string, (double Lat, double Lon, int Count)> _places = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Postings>[] _postings = [[], [], []];
    private long _position;

    /// <summary>How many listings the index holds (published, duplicates shown once).</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _ordinals.Count; }
            finally { _lock.ExitReadLock(); }
        }
    }

    public void Dispose()
    {
        _lock.Dispose();
        _catchUp.Dispose();
    }

    /// <summary>Changes read in one go; a full batch means more may follow.</summary>
    private const int CatchUpBatch = 5000;

    /// <summary>
    /// Changes a search reads in its own round trip: the few since the last search. More (after a bulk import) are read
    /// by <see cref="CatchUpAsync"/>, one reader at a time, instead of by every search running at that moment.
    /// </summary>
    private const int SearchCatchUp = 200;

    /// <summary>The change-log position up to which the index has applied every change.</summary>
    private long Position => Interlocked.Read(ref _position);

    /// <summary>Applies every change committed since the last call (and before any transaction still in flight).</summary>
    public async Task CatchUpAsync(CancellationToken ct)
    {
        await _catchUp.WaitAsync(ct);
        try
        {
            while (Apply(await ListingChanges.ReadAsync(db, Position, CatchUpBatch, ct, documents: true), CatchUpBatch)) { }
        }
        finally { _catchUp.Release(); }
    }

    /// <summary>
    /// The read of what the index has not applied yet, as a statement of a search's own batch (one round trip for both);
    /// its rows go to <see cref="ApplyAsync"/>.
    /// </summary>
    public NpgsqlBatchCommand CatchUpCommand() => ListingChanges.ReadCommand(Position, SearchCatchUp, documents: true);

    /// <summary>Applies the rows of <see cref="CatchUpCommand"/>, and reads on if they were not all.</summary>
    public async Task ApplyAsync(IReadOnlyList<LoggedChange> changes, CancellationToken ct)
    {
        if (Apply(changes, SearchCatchUp)) await CatchUpAsync(ct);
    }

    /// <summary>
    /// Applies a prefix of the log read after some earlier position. Reads may overlap and arrive in any order (a search's
    /// own read is not serialised with others), so a row at or below the position already applied is left out: the
    /// index holds that listing's state from the same or a later read. Returns whether the read was full.
    /// </summary>
    private bool Apply(IReadOnlyList<LoggedChange> changes, int limit)
    {
        if (changes.Count == 0) return false;
        _lock.EnterWriteLock();
        try
        {
            foreach (var change in changes)
                if (change.Position > _position) Apply(change.Row);
            Interlocked.Exchange(ref _position, Math.Max(_position, changes[^1].Position));
        }
        finally { _lock.ExitWriteLock(); }
        return changes.Count == limit;
    }

    private void Apply(IndexRow row)
    {
        if (_ordinals.Remove(row.Id, out var old))
        {
            Unset(old, _entries[old]!);
            _entries[old] = null;
            _free.Push(old);
        }
        if (row.Status != ListingStatus.Published || row.DuplicateOf is not null) return; // a duplicate shows as its first copy
        var ordinal = _free.Count > 0 ? _free.Pop() : _used++;
        if (ordinal >= _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
            Array.Resize(ref _coordinates, _entries.Length);
        }
        var publicDoc = TextDocument.Parse(row.DocPublic ?? "", _lexicon);
        var networkDoc = row.DocNetwork is { } network ? TextDocument.Parse(network, _lexicon) : publicDoc;
        var officeDoc = row.DocOffice is { } office ? TextDocument.Parse(office, _lexicon) : networkDoc;
        var entry = new Entry(row.Id, row.Rank, row.OfficeId, row.Topics, row.Audience, row.Setting, row.Languages, row.Openness,
            row.Accessibility, row.Postcode, row.Latitude, row.Longitude, SortKey(row.Name), [publicDoc, networkDoc, officeDoc]);
        entry = entry with { FacetIds = FacetValues(entry).Distinct().Select(FacetId).ToArray() };
        _entries[ordinal] = entry;
        _coordinates[ordinal] = entry.Lat is { } lat && entry.Lon is { } lon ? (lat, lon) : (double.NaN, double.NaN);
        _ordinals[row.Id] = ordinal;
        _alive.Set(ordinal);
        _ranks[entry.Rank].Set(ordinal);
        CountPlace(entry, +1);
        foreach (var id in entry.FacetIds) _facetsById[id].Bits.Set(ordinal);
        for (var level = 0; level < _postings.Length; level++)
        {
            foreach (var lexeme in entry.Documents[level].Lexemes)
            {
                if (!_postings[level].TryGetValue(lexeme, out var postings)) _postings[level][lexeme] = postings = new Postings();
                postings.Add(ordinal);
            }
        }
    }

    private void Unset(int ordinal, Entry entry)
    {
        _alive.Clear(ordinal);
        _ranks[entry.Rank].Clear(ordinal);
        CountPlace(entry, -1);
        foreach (var id in entry.FacetIds) _facetsById[id].Bits.Clear(ordinal);
        for (var level = 0; level < _postings.Length; level++)
            foreach (var lexeme in entry.Documents[level].Lexemes) _postings[level][lexeme].Remove(ordinal);
    }

    private int FacetId((string Facet, string Value) key)
    {
        if (_facetIds.TryGetValue(key, out var id)) return id;
        var bits = new Bits();
        _facets[key] = bits;
        _facetIds[key] = id = _facetsById.Count;
        _facetsById.Add((key, bits));
        return id;
    }

    private static IEnumerable<(string, string)> FacetValues(Entry e)
    {
        foreach (var t in e.Topics) yield return ("topic", t);
        yield return ("audience", e.Audience);
        yield return ("setting", e.Setting);
        foreach (var l in e.Languages) yield return ("language", l);
        yield return ("openness", e.Openness);
        foreach (var a in e.Accessibility) yield return ("accessibility", a);
        yield return ("office", e.Office);
    }

    /// <summary>The name order: case and umlauts folded as German phone books do (ä = ae).</summary>
    public static string SortKey(string name) => TopicTaxonomy.Normalize(name);

    /// <summary>The centre of the published places under the postcode, or under its longest listed prefix.</summary>
    public (double Lat, double Lon)? LocatePostcode(string postcode)
    {
        _lock.EnterReadLock();
        try
        {
            for (var length = postcode.Length; length >= 2; length--)
                if (_places.TryGetValue(postcode[..length], out var sum)) return (sum.Lat / sum.Count, sum.Lon / sum.Count);
            return null;
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Adds (+1) or removes (-1) a listing's place from the sums under each prefix of its postcode.</summary>
    private void CountPlace(Entry e, int sign)
    {
        if (e.Lat is not { } lat || e.Lon is not { } lon || e.Postcode is not { } postcode) return;
        for (var length = 2; length <= postcode.Length; length++)
        {
            var prefix = postcode[..length];
            var sum = _places.GetValueOrDefault(prefix);
            sum = (sum.Lat + sign * lat, sum.Lon + sign * lon, sum.Count + sign);
            if (sum.Count == 0) _places.Remove(prefix);
            else _places[prefix] = sum;
        }
    }

    public (IReadOnlyList<IndexHit> Hits, SearchFacets? Facets) Search(IndexQuery q)
    {
        // Per-listing scratch (distances, scores) is rented: arrays of 100,000 doubles would land on the large object heap
        // with every search, and that heap's budget is what triggers full collections of a heap that holds the index.
        double[]? distances = null;
        double[]? textScores = null;
        _lock.EnterReadLock();
        try
        {
            var words = _alive.Words.Length;
            var mask = VisibleTo(q.Viewer, words);

            if (q.Topics.Count > 0) AndAny(mask, "topic", q.Topics);
            var f = q.Filters;
            if (f.Audience is { } audience) AndAny(mask, "audience", audience == "both" ? ["both"] : [audience, "both"]);
            if (f.Setting is { } setting) AndAny(mask, "setting", [setting]);
            if (f.Language is { } language) AndAny(mask, "language", [language.ToLowerInvariant()]);
            foreach (var a in f.Accessibility) AndAny(mask, "accessibility", [a]);
            if (f.OpenForNewMembers is { } open)
            {
                if (open) AndAny(mask, "openness", ["open"]);
                else if (_facets.TryGetValue(("openness", "open"), out var openBits)) Bits.AndNot(mask, openBits.Words);
            }
            if (f.Office is { } office) AndAny(mask, "office", [office]);
            var textMatched = q.Text is { } text ? MatchText(text, q.Viewer, mask) : null;
            if (q.TextScores is { } scores)
            {
                var matched = new ulong[words];
                foreach (var id in scores.Keys)
                    if (_ordinals.TryGetValue(id, out var ordinal)) matched[ordinal >> 6] |= 1UL << ordinal;
                Bits.And(mask, matched);
            }

            if (q.Centre is { } c)
            {
                distances = ArrayPool<double>.Shared.Rent(_used);
                // No place is nearer than its difference in latitude alone: most of a country fails that without any trigonometry.
                var latitudeReach = f.RadiusKm is { } r ? r / (EarthRadiusKm * Math.PI / 180) : double.PositiveInfinity;
                foreach (var ordinal in Bits.Ones(mask, _used))
                {
                    var (lat, lon) = _coordinates[ordinal];
                    var outside = double.IsNaN(lat) || Math.Abs(lat - c.Lat) > latitudeReach;
                    distances[ordinal] = outside ? double.NaN : DistanceKm(c.Lat, c.Lon, lat, lon);
                    if (f.RadiusKm is { } radius && !(distances[ordinal] <= radius)) mask[ordinal >> 6] &= ~(1UL << ordinal);
                }
            }

            SearchFacets? facets = null;
            if (q.Facets)
            {
                var total = Bits.Count(mask);
                var byId = new int[_facetsById.Count];
                // Few matches: each match's values are counted; many: one population count per value over the whole mask.
                if ((long)total * 16 < (long)byId.Length * mask.Length)
                {
                    foreach (var ordinal in Bits.Ones(mask, _used))
                        foreach (var id in _entries[ordinal]!.FacetIds) byId[id]++;
                }
                else
                {
                    for (var id = 0; id < byId.Length; id++) byId[id] = Bits.CountAnd(mask, _facetsById[id].Bits.Words);
                }
                var counts = FacetNames.ToDictionary(f => f, _ => new Dictionary<string, int>(StringComparer.Ordinal), StringComparer.Ordinal);
                for (var id = 0; id < byId.Length; id++)
                    if (byId[id] > 0) counts[_facetsById[id].Key.Facet][_facetsById[id].Key.Value] = byId[id];
                facets = new SearchFacets(total,
                    counts.Where(f => f.Value.Count > 0).ToDictionary(f => f.Key, f => (IReadOnlyDictionary<string, int>)f.Value, StringComparer.Ordinal));
            }

            // Ranked after the radius: only what can be shown is ranked.
            textScores = textMatched is null ? null : Score(q.Text!, textMatched.Value, q.Viewer, mask);
            return (Page(q, mask, distances, textScores), facets);
        }
        finally
        {
            _lock.ExitReadLock();
            if (distances is not null) ArrayPool<double>.Shared.Return(distances);
            if (textScores is not null) ArrayPool<double>.Shared.Return(textScores);
        }
    }

    /// <summary>
    /// The listings that may match a text PostgreSQL evaluates (phrases, prefixes), by id: those the viewer may see whose
    /// document for the viewer has the lexemes the text needs, and those with a topic it names. A superset, as a phrase's
    /// word order, a negation and a prefix are not checked here; PostgreSQL checks these few instead of every listing
    /// (no full-text index to maintain on every write). A listing not in the index yet is left out, as the index leaves
    /// it out of the answer anyway.
    /// </summary>
    public Guid[] Candidates(TextMatch text, Viewer viewer)
    {
        _lock.EnterReadLock();
        try
        {
            var words = _alive.Words.Length;
            var mask = VisibleTo(viewer, words);
            var own = OwnOffice(viewer, words);
            var matched = Matching(text.Query, viewer, own, words, superset: true);
            var (terms, _, _) = Named(text, viewer, own, words, superset: true);
            for (var w = 0; w < words; w++) mask[w] &= matched[w] | terms[w];
            var ids = new Guid[Bits.Count(mask)];
            var i = 0;
            foreach (var ordinal in Bits.Ones(mask, _used)) ids[i++] = _entries[ordinal]!.Id;
            return ids;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Who may see what: listings up to the viewer's level, and all of the viewer's own office.</summary>
    private ulong[] VisibleTo(Viewer viewer, int words)
    {
        var mask = new ulong[words];
        for (var rank = 0; rank <= viewer.Rank && rank < _ranks.Length; rank++) _ranks[rank].OrInto(mask);
        if (viewer.OfficeId is { } own && _facets.TryGetValue(("office", own), out var ownOffice)) ownOffice.OrInto(mask);
        Bits.And(mask, _alive.Words);
        return mask;
    }

    /// <summary>The viewer's own office's listings, when the viewer sees office documents (staff); otherwise null.</summary>
    private ulong[]? OwnOffice(Viewer viewer, int words)
    {
        if (viewer.Rank == 0 || viewer.OfficeId is not { } office || !_facets.TryGetValue(("office", office), out var ownBits)) return null;
        var own = new ulong[words];
        ownBits.OrInto(own);
        return own;
    }

    /// <summary>The first <see cref="IndexQuery.Take"/> hits after the cursor in the query's order (a bounded heap).</summary>
    private List<IndexHit> Page(IndexQuery q, ulong[] mask, double[]? distances, double[]? textScores)
    {
        Comparison<IndexHit> order = q.Sort switch
        {
            "relevance" => (a, b) => b.Score.CompareTo(a.Score) is var s and not 0 ? s : a.Id.CompareTo(b.Id),
            "distance" => (a, b) => (a.DistanceKm ?? double.MaxValue).CompareTo(b.DistanceKm ?? double.MaxValue) is var d and not 0
                ? d : a.Id.CompareTo(b.Id),
            _ => (a, b) => string.CompareOrdinal(a.SortName, b.SortName) is var n and not 0 ? n : a.Id.CompareTo(b.Id),
        };
        IndexHit? after = q.After is { } cursor && cursor.Sort == q.Sort
            ? new IndexHit(cursor.Id, cursor.Number ?? 0, cursor.Number, cursor.Text ?? "")
            : null;
        // A max-heap of the best hits so far: the worst of them on top, replaced by anything better.
        var heap = new PriorityQueue<IndexHit, IndexHit>(Comparer<IndexHit>.Create((a, b) => order(b, a)));
        foreach (var ordinal in Bits.Ones(mask, _used))
        {
            var e = _entries[ordinal]!;
            var distance = distances is null || double.IsNaN(distances[ordinal]) ? (double?)null : distances[ordinal];
            var score = textScores?[ordinal] ?? q.TextScores?.GetValueOrDefault(e.Id) ?? 0;
            var hit = new IndexHit(e.Id, score, distance, e.SortName);
            if (after is { } cursorHit && order(hit, cursorHit) <= 0) continue;
            if (heap.Count < q.Take) heap.Enqueue(hit, hit);
            else if (order(hit, heap.Peek()) < 0) heap.EnqueueDequeue(hit, hit);
        }
        var hits = new List<IndexHit>(heap.Count);
        while (heap.Count > 0) hits.Add(heap.Dequeue());
        hits.Reverse();
        return hits;
    }

    /// <summary>
    /// Narrows the mask to the listings the text matches in the viewer's documents or by its terms; returns which of them
    /// met the terms with a named topic, which with a topic named itself, and which matched the text as typed (for
    /// <see cref="Score"/>).
    /// </summary>
    private (ulong[] Named, ulong[] Itself, ulong[]? Exact)? MatchText(TextMatch text, Viewer viewer, ulong[] mask)
    {
        var own = OwnOffice(viewer, mask.Length);
        var matched = Matching(text.Query, viewer, own, mask.Length);
        var (terms, named, itself) = Named(text, viewer, own, mask.Length);
        for (var w = 0; w < mask.Length; w++) mask[w] &= matched[w] | terms[w];
        return (named, itself, text.Exact is { } exact ? Matching(exact, viewer, own, mask.Length) : null);
    }

    /// <summary>
    /// The listings that meet every term of the text (none when it has no terms), those of them filed
    /// under a named topic or its sub-topics, and those filed under a named topic itself.
    /// </summary>
    private (ulong[] Terms, ulong[] Named, ulong[] Itself) Named(TextMatch text, Viewer viewer, ulong[]? own, int words, bool superset = false)
    {
        var named = new ulong[words];
        var itself = new ulong[words];
        if (text.Terms.Count == 0) return (named, named, itself);
        foreach (var topic in text.NamedTopics)
            if (_facets.TryGetValue(("topic", topic), out var bits)) bits.OrInto(named);
        foreach (var topic in text.NamedItself)
            if (_facets.TryGetValue(("topic", topic), out var bits)) bits.OrInto(itself);
        ulong[]? all = null;
        foreach (var term in text.Terms)
        {
            var met = term.Words is { } query ? Matching(query, viewer, own, words, superset) : new ulong[words];
            foreach (var topic in term.Topics)
                if (_facets.TryGetValue(("topic", topic), out var bits)) bits.OrInto(met);
            if (all is null) all = met;
            else Bits.And(all, met);
        }
        Bits.And(named, all!);
        Bits.And(itself, all!);
        return (all!, named, itself);
    }

    /// <summary>The relevance of each listing in the mask, by ordinal (see <see cref="TextMatch"/>).</summary>
    private double[] Score(TextMatch text, (ulong[] Named, ulong[] Itself, ulong[]? Exact) matched, Viewer viewer, ulong[] mask)
    {
        var scores = ArrayPool<double>.Shared.Rent(_used);
        var rank = text.Query.Root is { } root ? new CoverDensity(root, Operands(text.Query)) : null;
        foreach (var ordinal in Bits.Ones(mask, _used))
        {
            var entry = _entries[ordinal]!;
            var level = viewer.Rank == 0 ? PublicLevel : entry.Office == viewer.OfficeId ? OfficeLevel : NetworkLevel;
            var bit = 1UL << ordinal;
            scores[ordinal] = (rank?.Rank(entry.Documents[level]) ?? 0)
                + ((matched.Named[ordinal >> 6] & bit) != 0 ? 1 : 0)
                + ((matched.Itself[ordinal >> 6] & bit) != 0 ? 1 : 0)
                + (matched.Exact is { } exact && (exact[ordinal >> 6] & bit) != 0 ? 0.5 : 0);
        }
        return scores;
    }

    private int[] Operands(TextQuery query) => query.Lexemes.Select(_lexicon.Find).ToArray();

    /// <summary>The listings whose document for the viewer satisfies the query: public documents for the public,
    /// the office's own documents for its own listings and the network documents for the others.</summary>
    /// <param name="superset">Whether to take every listing that may satisfy a query the index cannot evaluate exactly
    /// (a phrase as all of its words, a negation and a prefix as anything).</param>
    private ulong[] Matching(TextQuery query, Viewer viewer, ulong[]? own, int words, bool superset = false)
    {
        if (query.Root is not { } root) return new ulong[words];
        var operands = Operands(query);
        var relaxed = superset ? query.Prefixes : null;
        if (viewer.Rank == 0) return Evaluate(root, operands, PublicLevel, words, relaxed);
        var network = Evaluate(root, operands, NetworkLevel, words, relaxed);
        if (own is null) return network;
        var office = Evaluate(root, operands, OfficeLevel, words, relaxed);
        for (var w = 0; w < words; w++) network[w] = network[w] & ~own[w] | office[w] & own[w];
        return network;
    }

    /// <param name="relaxed">Null to evaluate exactly; otherwise the prefix operands, and a superset is taken.</param>
    private ulong[] Evaluate(TextQuery.Node node, int[] operands, int level, int words, IReadOnlySet<int>? relaxed)
    {
        if (relaxed is not null && (node is TextQuery.Not || node is TextQuery.Term { Operand: var prefix } && relaxed.Contains(prefix)))
        {
            var all = new ulong[words];
            _alive.OrInto(all);
            return all;
        }
        switch (node)
        {
            case TextQuery.Term term:
                var bits = new ulong[words];
                if (operands[term.Operand] is var lexeme and >= 0 && _postings[level].TryGetValue(lexeme, out var postings)) postings.OrInto(bits);
                return bits;
            case TextQuery.Not not:
                var inner = Evaluate(not.Operand, operands, level, words, relaxed);
                var alive = _alive.Words;
                for (var w = 0; w < words; w++) inner[w] = ~inner[w] & (w < alive.Length ? alive[w] : 0);
                return inner;
            case TextQuery.And and:
                var left = Evaluate(and.Left, operands, level, words, relaxed);
                Bits.And(left, Evaluate(and.Right, operands, level, words, relaxed));
                return left;
            case TextQuery.Or or:
                var either = Evaluate(or.Left, operands, level, words, relaxed);
                var right = Evaluate(or.Right, operands, level, words, relaxed);
                for (var w = 0; w < words; w++) either[w] |= right[w];
                return either;
            default:
                throw new InvalidOperationException("Phrases are evaluated by PostgreSQL.");
        }
    }

    private void AndAny(ulong[] mask, string facet, IEnumerable<string> values)
    {
        var any = new ulong[mask.Length];
        foreach (var value in values)
            if (_facets.TryGetValue((facet, value), out var bits)) bits.OrInto(any);
        Bits.And(mask, any);
    }

    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>The listings that have a lexeme: a set while few do, a bit set once many do.</summary>
    private sealed class Postings
    {
        private const int DenseFrom = 512;
        private HashSet<int>? _sparse = [];
        private Bits? _dense;

        public void Add(int ordinal)
        {
            if (_dense is not null)
            {
                _dense.Set(ordinal);
                return;
            }
            _sparse!.Add(ordinal);
            if (_sparse.Count < DenseFrom) return;
            _dense = new Bits();
            foreach (var o in _sparse) _dense.Set(o);
            _sparse = null;
        }

        public void Remove(int ordinal)
        {
            if (_dense is not null) _dense.Clear(ordinal);
            else _sparse!.Remove(ordinal);
        }

        public void OrInto(ulong[] target)
        {
            if (_dense is not null)
            {
                _dense.OrInto(target);
                return;
            }
            foreach (var o in _sparse!)
                if (o >> 6 < target.Length) target[o >> 6] |= 1UL << o;
        }
    }

    /// <summary>A growable bit set over listing ordinals.</summary>
    private sealed class Bits
    {
        public ulong[] Words { get; private set; } = new ulong[16];

        public void Set(int i)
        {
            if (i >> 6 >= Words.Length)
            {
                var words = Words;
                Array.Resize(ref words, Math.Max(words.Length * 2, (i >> 6) + 1));
                Words = words;
            }
            Words[i >> 6] |= 1UL << i;
        }

        public void Clear(int i)
        {
            if (i >> 6 < Words.Length) Words[i >> 6] &= ~(1UL << i);
        }

        public void OrInto(ulong[] target)
        {
            var n = Math.Min(target.Length, Words.Length);
            for (var w = 0; w < n; w++) target[w] |= Words[w];
        }

        public static void And(ulong[] target, ulong[] other)
        {
            for (var w = 0; w < target.Length; w++) target[w] &= w < other.Length ? other[w] : 0;
        }

        public static void AndNot(ulong[] target, ulong[] other)
        {
            var n = Math.Min(target.Length, other.Length);
            for (var w = 0; w < n; w++) target[w] &= ~other[w];
        }

        public static int Count(ulong[] words)
        {
            var count = 0;
            foreach (var word in words) count += BitOperations.PopCount(word);
            return count;
        }

        public static int CountAnd(ulong[] a, ulong[] b)
        {
            var count = 0;
            var n = Math.Min(a.Length, b.Length);
            for (var w = 0; w < n; w++) count += BitOperations.PopCount(a[w] & b[w]);
            return count;
        }

        public static IEnumerable<int> Ones(ulong[] words, int limit)
        {
            for (var w = 0; w < words.Length; w++)
            {
                var word = words[w];
                while (word != 0)
                {
                    var i = (w << 6) + BitOperations.TrailingZeroCount(word);
                    if (i >= limit) yield break;
                    yield return i;
                    word &= word - 1;
                }
            }
        }
    }
}
