namespace Selbsthilfe.GroupDirectory.Api.Listings;

/// <summary>
/// PostgreSQL's <c>ts_rank_cd(document, query)</c> (cover density ranking, normalization 0) in memory, so relevance
/// ranks the same whether PostgreSQL or the index evaluates a search. It follows <c>calc_rank_cd</c> and <c>Cover</c>
/// of src/backend/utils/adt/tsrank.c: the document's positions of query lexemes in order; each cover is a shortest
/// stretch of them that satisfies the query; a cover adds its harmonic mean weight divided by one plus the words
/// between, so near, heavy (name, topic) matches count most. See
/// https://www.postgresql.org/docs/15/textsearch-controls.html#TEXTSEARCH-RANKING.
/// </summary>
/// <remarks>One instance per search (it reuses its buffers; not for concurrent use).</remarks>
/// <param name="operandLexemes">The lexeme id of each operand of the query (-1 for a lexeme no document has).</param>
public sealed class CoverDensity(TextQuery.Node query, int[] operandLexemes)
{
    /// <summary>1 / weight for D, C, B, A: PostgreSQL's default weights {0.1, 0.2, 0.4, 1.0}, as float4 like there.</summary>
    private static readonly double[] InverseWeights = [1.0 / 0.1f, 1.0 / 0.2f, 1.0 / 0.4f, 1.0 / 1.0f];

    private readonly record struct Entry(ushort Position, int Lexeme, ulong Operands);

    private readonly List<ulong> _keys = [];
    private readonly List<Entry> _doc = [];

    public double Rank(TextDocument document)
    {
        var doc = Representation(document);
        if (doc.Count == 0) return 0;
        double rank = 0;
        int begin = 0, end = 0, p = 0, q = 0, from = 0;
        while (NextCover(doc, ref from, ref begin, ref end, ref p, ref q))
        {
            double inverseSum = 0;
            for (var i = begin; i <= end; i++) inverseSum += InverseWeights[TextDocument.Weight(doc[i].Position)];
            var covered = end - begin + 1;
            var noise = q - p - (end - begin);
            if (noise < 0) noise = (end - begin) / 2; // positions clipped at 16383 in long documents
            rank += covered / inverseSum / (1 + noise);
        }
        return (float)rank;
    }

    /// <summary>
    /// The document's positions that hold a query lexeme, ascending (by position, weight, then lexeme), with the
    /// operands each satisfies; the same position of the same lexeme is one entry, whichever operands share it.
    /// </summary>
    private List<Entry> Representation(TextDocument document)
    {
        var scratch = _keys;
        scratch.Clear();
        for (var operand = 0; operand < operandLexemes.Length; operand++)
        {
            var lexeme = operandLexemes[operand];
            if (lexeme < 0) continue;
            foreach (var position in document.PositionsOf(lexeme))
                // Sort key: position (14 bits) and weight (2 bits) as PostgreSQL compares them, then lexeme; operand low.
                scratch.Add((ulong)TextDocument.Position(position) << 50 | (ulong)TextDocument.Weight(position) << 48
                    | (ulong)(uint)lexeme << 8 | (uint)operand);
        }
        scratch.Sort();
        var doc = _doc;
        doc.Clear();
        foreach (var key in scratch)
        {
            var packed = (ushort)((key >> 48 & 3) << 14 | key >> 50);
            var lexeme = (int)(key >> 8 & 0xFFFFFFFF);
            var bit = 1UL << (int)(key & 0xFF);
            if (doc.Count > 0 && doc[^1].Position == packed && doc[^1].Lexeme == lexeme) doc[^1] = doc[^1] with { Operands = doc[^1].Operands | bit };
            else doc.Add(new Entry(packed, lexeme, bit));
        }
        return doc;
    }

    /// <summary>
    /// The next cover from <paramref name="from"/>: the first entry at which the query holds (counting operands from
    /// <paramref name="from"/> on) ends it; scanning back from there, the first entry at which it holds again starts it.
    /// </summary>
    private bool NextCover(List<Entry> doc, ref int from, ref int begin, ref int end, ref int p, ref int q)
    {
        while (true)
        {
            var last = -1;
            ulong present = 0;
            for (var i = from; i < doc.Count; i++)
            {
                present |= doc[i].Operands;
                if (!TextQuery.Evaluate(query, present)) continue;
                last = i;
                break;
            }
            if (last < 0) return false;
            end = last;
            q = TextDocument.Position(doc[last].Position);
            p = int.MaxValue;
            present = 0;
            var at = last;
            for (; at >= from; at--)
            {
                present |= doc[at].Operands;
                if (!TextQuery.Evaluate(query, present)) continue;
                begin = at;
                p = TextDocument.Position(doc[at].Position);
                break;
            }
            if (p <= q)
            {
                from = at + 1;
                return true;
            }
            from++;
        }
    }
}
