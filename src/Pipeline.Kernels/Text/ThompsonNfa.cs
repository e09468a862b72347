namespace Pipeline.Kernels.Text;

/// <summary>
/// A Thompson NFA built from a <see cref="RegexSyntax"/> tree, the input of the subset construction. Node kinds:
/// a character-set node consumes one character and goes to <see cref="Node.Next"/>; a split goes to all of
/// <see cref="Node.Branches"/> without consuming; <c>^</c> passes only at the start of the value; <c>$</c> is kept as a
/// pending node that accepts at the end of the value or before a final line feed; one match node ends every path.
/// </summary>
internal sealed class ThompsonNfa
{
    /// <summary>Beyond this many nodes (large counted repetitions) the pattern is left to .NET.</summary>
    public const int MaxNodes = 20_000;

    /// <summary>What a node does.</summary>
    public enum Kind : byte
    {
        /// <summary>Consumes one character of <see cref="Node.Set"/>.</summary>
        CharSet,
        /// <summary>Goes on to every branch.</summary>
        Split,
        /// <summary><c>^</c>: goes on only at the start of the value.</summary>
        Begin,
        /// <summary><c>$</c>: accepts at the end of the value or before a final line feed.</summary>
        End,
        /// <summary>A match has been found.</summary>
        Match,
    }

    /// <summary>One node; <see cref="Next"/> is used by CharSet and Begin, <see cref="Branches"/> by Split.</summary>
    public sealed class Node(Kind kind)
    {
        /// <summary>What the node does.</summary>
        public Kind Kind { get; } = kind;
        /// <summary>The characters a CharSet node consumes.</summary>
        public AsciiSet Set { get; init; }
        /// <summary>The node after this one (CharSet, Begin, End).</summary>
        public int Next { get; set; } = -1;
        /// <summary>The alternatives of a Split.</summary>
        public int[] Branches { get; set; } = [];
    }

    private readonly List<Node> _nodes = [];

    private ThompsonNfa() { }

    /// <summary>The nodes, indexed by id.</summary>
    public IReadOnlyList<Node> Nodes => _nodes;

    /// <summary>Where matching starts.</summary>
    public int Start { get; private set; }

    /// <summary>Whether any <c>$</c> node exists (the runner then treats a final line feed specially).</summary>
    public bool HasEndAnchor { get; private set; }

    /// <summary>The automaton of <paramref name="syntax"/>, or null when it would exceed <see cref="MaxNodes"/>.</summary>
    public static ThompsonNfa? TryBuild(RegexSyntax syntax)
    {
        var nfa = new ThompsonNfa();
        int match = nfa.Add(new Node(Kind.Match));
        int start = nfa.Compile(syntax, match);
        if (start < 0) return null;
        nfa.Start = start;
        return nfa;
    }

    private int Add(Node node)
    {
        if (_nodes.Count >= MaxNodes) return -1;
        _nodes.Add(node);
        return _nodes.Count - 1;
    }

    /// <summary>Compiles <paramref name="syntax"/> so that it continues at <paramref name="next"/>; returns its entry
    /// node, or -1 when the node budget ran out. Building back to front needs no patch lists.</summary>
    private int Compile(RegexSyntax syntax, int next)
    {
        if (next < 0) return -1;
        switch (syntax)
        {
            case EmptySyntax:
                return next;
            case CharSetSyntax charSet:
                return Add(new Node(Kind.CharSet) { Set = charSet.Set, Next = next });
            case BeginAnchorSyntax:
                return Add(new Node(Kind.Begin) { Next = next });
            case EndAnchorSyntax:
                HasEndAnchor = true;
                return Add(new Node(Kind.End) { Next = next });
            case ConcatSyntax concat:
                for (int i = concat.Parts.Count - 1; i >= 0 && next >= 0; i--) next = Compile(concat.Parts[i], next);
                return next;
            case AlternationSyntax alternation:
                var branches = new int[alternation.Alternatives.Count];
                for (int i = 0; i < branches.Length; i++)
                    if ((branches[i] = Compile(alternation.Alternatives[i], next)) < 0) return -1;
                return Add(new Node(Kind.Split) { Branches = branches });
            case RepeatSyntax repeat:
                return CompileRepeat(repeat, next);
            default:
                throw new InvalidOperationException($"Unknown syntax node {syntax.GetType().Name}.");
        }
    }

    private int CompileRepeat(RepeatSyntax repeat, int next)
    {
        int tail;
        if (repeat.Max is null)
        {
            // A loop: split to (body, then back to the split) or on to next.
            int loop = Add(new Node(Kind.Split));
            if (loop < 0) return -1;
            int body = Compile(repeat.Body, loop);
            if (body < 0) return -1;
            _nodes[loop].Branches = [body, next];
            tail = loop;
        }
        else
        {
            // Optional copies nest: x{0,2} = (x(x)?)?, each skip going straight to next.
            tail = next;
            for (int i = repeat.Min; i < repeat.Max && tail >= 0; i++)
            {
                int body = Compile(repeat.Body, tail);
                if (body < 0) return -1;
                tail = Add(new Node(Kind.Split) { Branches = [body, next] });
            }
        }
        for (int i = 0; i < repeat.Min && tail >= 0; i++) tail = Compile(repeat.Body, tail);
        return tail;
    }
}
