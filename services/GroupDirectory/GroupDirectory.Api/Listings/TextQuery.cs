using System.Text;

namespace Selbsthilfe.GroupDirectory.Api.Listings;

/// <summary>
/// A PostgreSQL <c>tsquery</c> as the search index evaluates it in memory: PostgreSQL parses and stems the query text
/// (<c>websearch_to_tsquery(…)::text</c>), this reads the result. Operands are numbered; <see cref="Evaluate"/> takes
/// the set of operands present as a bit mask. Phrase operators, prefix matches and weight restrictions are read but
/// marked <see cref="InMemory"/> = false, and such queries stay with PostgreSQL.
/// </summary>
public sealed class TextQuery
{
    public abstract record Node;
    public sealed record Term(int Operand) : Node;
    public sealed record Not(Node Operand) : Node;
    public sealed record And(Node Left, Node Right) : Node;
    public sealed record Or(Node Left, Node Right) : Node;

    /// <summary>The most operands a query evaluated in memory may have (one bit each).</summary>
    public const int MaxOperands = 64;

    private TextQuery(string text, IReadOnlyList<string> lexemes, Node? root, bool inMemory, IReadOnlySet<int> prefixes)
    {
        Text = text;
        Lexemes = lexemes;
        Root = root;
        InMemory = inMemory && lexemes.Count <= MaxOperands;
        Prefixes = prefixes;
    }

    /// <summary>The query as PostgreSQL reads it (a <c>tsquery</c> literal).</summary>
    public string Text { get; }

    /// <summary>The lexeme of each operand, by operand number.</summary>
    public IReadOnlyList<string> Lexemes { get; }

    /// <summary>Null for an empty query (only stop words): it matches nothing, as in PostgreSQL.</summary>
    public Node? Root { get; }

    /// <summary>False when the query uses what only PostgreSQL evaluates here (phrases, prefixes, weights).</summary>
    public bool InMemory { get; }

    /// <summary>The operands that are prefixes (<c>word:*</c>): they match other lexemes than their own.</summary>
    public IReadOnlySet<int> Prefixes { get; }

    /// <summary>Both queries, either matching (<c>a || b</c> in SQL); operands of the second are renumbered.</summary>
    public TextQuery Either(TextQuery other)
    {
        if (other.Root is null) return this;
        if (Root is null) return other;
        return new TextQuery($"( {Text} ) | ( {other.Text} )", [.. Lexemes, .. other.Lexemes], new Or(Root, Shift(other.Root, Lexemes.Count)),
            InMemory && other.InMemory, Prefixes.Concat(other.Prefixes.Select(p => p + Lexemes.Count)).ToHashSet());
    }

    private static Node Shift(Node node, int by) => node switch
    {
        Term t => new Term(t.Operand + by),
        Not n => new Not(Shift(n.Operand, by)),
        And a => new And(Shift(a.Left, by), Shift(a.Right, by)),
        Or o => new Or(Shift(o.Left, by), Shift(o.Right, by)),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Whether the query holds when exactly the operands in <paramref name="present"/> are found.</summary>
    public static bool Evaluate(Node node, ulong present) => node switch
    {
        Term t => (present >> t.Operand & 1) != 0,
        Not n => !Evaluate(n.Operand, present),
        And a => Evaluate(a.Left, present) && Evaluate(a.Right, present),
        Or o => Evaluate(o.Left, present) || Evaluate(o.Right, present),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Reads the text form of a tsquery (as PostgreSQL prints it).</summary>
    /// <exception cref="FormatException">When the text is not a tsquery.</exception>
    public static TextQuery Parse(string text)
    {
        var parser = new Parser(text);
        var root = parser.AtEnd ? null : parser.ParseOr();
        if (!parser.AtEnd) throw new FormatException("Unexpected text after the query.");
        return new TextQuery(text, parser.Lexemes, root, parser.InMemory, parser.Prefixes);
    }

    /// <summary>
    /// Precedence as in PostgreSQL's tsquery: <c>!</c> binds tightest, then the phrase operator <c>&lt;-&gt;</c>, then
    /// <c>&amp;</c>, then <c>|</c>.
    /// </summary>
    private sealed class Parser(string text)
    {
        private int _at;
        public List<string> Lexemes { get; } = [];
        public HashSet<int> Prefixes { get; } = [];
        public bool InMemory { get; private set; } = true;

        public bool AtEnd
        {
            get
            {
                SkipSpace();
                return _at >= text.Length;
            }
        }

        public Node ParseOr()
        {
            var left = ParseAnd();
            while (Accept('|')) left = new Or(left, ParseAnd());
            return left;
        }

        private Node ParseAnd()
        {
            var left = ParsePhrase();
            while (Accept('&')) left = new And(left, ParsePhrase());
            return left;
        }

        private Node ParsePhrase()
        {
            var left = ParseNot();
            while (AcceptPhraseOperator())
            {
                InMemory = false; // positions matter: PostgreSQL evaluates phrases
                left = new And(left, ParseNot());
            }
            return left;
        }

        private Node ParseNot()
        {
            if (Accept('!')) return new Not(ParseNot());
            if (Accept('('))
            {
                var inner = ParseOr();
                if (!Accept(')')) throw new FormatException("A parenthesis is not closed.");
                return inner;
            }
            return ParseOperand();
        }

        private Term ParseOperand()
        {
            SkipSpace();
            var lexeme = new StringBuilder();
            TextDocument.ReadLexeme(text, ref _at, lexeme);
            if (_at < text.Length && text[_at] == ':')
            {
                _at++;
                for (; _at < text.Length && "*ABCDabcd".Contains(text[_at]); _at++)
                    if (text[_at] == '*') Prefixes.Add(Lexemes.Count);
                InMemory = false; // prefix or weight restriction
            }
            Lexemes.Add(lexeme.ToString());
            return new Term(Lexemes.Count - 1);
        }

        private bool AcceptPhraseOperator()
        {
            SkipSpace();
            if (_at >= text.Length || text[_at] != '<') return false;
            var end = text.IndexOf('>', _at);
            if (end < 0) throw new FormatException("A phrase operator is not closed.");
            _at = end + 1;
            return true;
        }

        private bool Accept(char c)
        {
            SkipSpace();
            if (_at >= text.Length || text[_at] != c) return false;
            _at++;
            return true;
        }

        private void SkipSpace()
        {
            while (_at < text.Length && text[_at] == ' ') _at++;
        }
    }
}
