namespace Pipeline.Kernels.Text;

/// <summary>
/// Subset construction from a <see cref="ThompsonNfa"/> to an <see cref="AsciiDfa"/> over byte classes (bytes that
/// every character set treats alike share one column of the table). Search semantics come from re-entering the NFA's
/// start at every position: each DFA state is the set of NFA nodes live after some prefix, united with the start's
/// closure. A set holding the match node becomes the absorbing accepting state, an empty set the absorbing dead state;
/// every non-ASCII byte leads to the absorbing non-ASCII state (the caller then asks .NET).
/// </summary>
internal sealed class AsciiDfaBuilder
{
    /// <summary>Beyond this many DFA states the pattern is left to .NET.</summary>
    public const int MaxStates = 4096;

    private readonly ThompsonNfa _nfa;
    private readonly bool[] _visited;
    private readonly Stack<int> _pending = new();

    private AsciiDfaBuilder(ThompsonNfa nfa)
    {
        _nfa = nfa;
        _visited = new bool[nfa.Nodes.Count];
    }

    /// <summary>The DFA of <paramref name="nfa"/>, or null when it needs more than <see cref="MaxStates"/> states or
    /// uses <c>$</c> somewhere other than at the end of a path (the runner only models a trailing <c>$</c>).
    /// <paramref name="composeShortValues"/> is passed on to <see cref="AsciiDfa"/>.</summary>
    public static AsciiDfa? TryBuild(ThompsonNfa nfa, bool composeShortValues = true)
    {
        var builder = new AsciiDfaBuilder(nfa);
        return builder.EndAnchorsAreTrailing() ? builder.Build(composeShortValues) : null;
    }

    /// <summary>Whether every <c>$</c> can only be followed, without consuming, by the match: then a state holding a
    /// <c>$</c> node accepts at the end of the value or before a final line feed, and nothing else.</summary>
    private bool EndAnchorsAreTrailing()
    {
        var nodes = _nfa.Nodes;
        for (int i = 0; i < nodes.Count; i++)
        {
            if (nodes[i].Kind != ThompsonNfa.Kind.End) continue;
            foreach (int reached in Closure([nodes[i].Next], atStart: true, keepEveryNode: true))
                if (nodes[reached].Kind is ThompsonNfa.Kind.CharSet or ThompsonNfa.Kind.Begin) return false;
        }
        return true;
    }

    private AsciiDfa? Build(bool composeShortValues)
    {
        var nodes = _nfa.Nodes;
        var (classOf, representatives) = ByteClasses();
        int asciiClasses = representatives.Length;
        int nonAsciiClass = asciiClasses;
        int classCount = asciiClasses + 1;
        int match = nodes.Select((n, i) => (n, i)).First(p => p.n.Kind == ThompsonNfa.Kind.Match).i;

        int[] restart = Closure([_nfa.Start], atStart: false, keepEveryNode: false);
        var ids = new Dictionary<string, int>();
        List<int[]> sets = [[], [match], []]; // the stopping states: dead, accept, non-ASCII (never looked up by content)
        var queue = new Queue<int>();

        int IdOf(int[] set)
        {
            if (set.Length == 0) return AsciiDfa.DeadState;
            if (Array.IndexOf(set, match) >= 0) return AsciiDfa.AcceptState;
            string key = string.Join(',', set);
            if (ids.TryGetValue(key, out int id)) return id;
            id = sets.Count;
            if (id >= MaxStates) return -1;
            ids.Add(key, id);
            sets.Add(set);
            queue.Enqueue(id);
            return id;
        }

        int start = IdOf(Closure([_nfa.Start], atStart: true, keepEveryNode: false));
        List<int[]> transitions =
        [
            Enumerable.Repeat(AsciiDfa.DeadState, classCount).ToArray(),
            Enumerable.Repeat(AsciiDfa.AcceptState, classCount).ToArray(),
            Enumerable.Repeat(AsciiDfa.NonAsciiState, classCount).ToArray(),
        ];
        while (queue.Count > 0)
        {
            int state = queue.Dequeue();
            var row = new int[classCount];
            row[nonAsciiClass] = AsciiDfa.NonAsciiState;
            for (int c = 0; c < asciiClasses; c++)
            {
                var seeds = new List<int>(restart);
                foreach (int n in sets[state])
                    if (nodes[n].Kind == ThompsonNfa.Kind.CharSet && nodes[n].Set.Contains(representatives[c])) seeds.Add(nodes[n].Next);
                int target = IdOf(Closure(seeds, atStart: false, keepEveryNode: false));
                if (target < 0) return null;
                row[c] = target;
            }
            while (transitions.Count <= state) transitions.Add([]);
            transitions[state] = row;
        }

        var endPending = new bool[sets.Count];
        endPending[AsciiDfa.AcceptState] = true;
        for (int s = AsciiDfa.FirstOrdinaryState; s < sets.Count; s++)
            endPending[s] = sets[s].Any(n => nodes[n].Kind == ThompsonNfa.Kind.End);
        return new AsciiDfa(classOf, classCount, transitions, start, endPending, _nfa.HasEndAnchor, composeShortValues);
    }

    /// <summary>The nodes reachable from <paramref name="seeds"/> without consuming, sorted. Unless
    /// <paramref name="keepEveryNode"/>, only the nodes that make up a DFA state are kept: character sets, pending
    /// <c>$</c> nodes and the match (a <c>$</c> is not passed here; the runner decides where it holds).</summary>
    private int[] Closure(IEnumerable<int> seeds, bool atStart, bool keepEveryNode)
    {
        var nodes = _nfa.Nodes;
        Array.Clear(_visited);
        var kept = new List<int>();
        foreach (int seed in seeds) _pending.Push(seed);
        while (_pending.Count > 0)
        {
            int n = _pending.Pop();
            if (_visited[n]) continue;
            _visited[n] = true;
            var node = nodes[n];
            switch (node.Kind)
            {
                case ThompsonNfa.Kind.Split:
                    foreach (int branch in node.Branches) _pending.Push(branch);
                    if (keepEveryNode) kept.Add(n);
                    break;
                case ThompsonNfa.Kind.Begin:
                    if (atStart) _pending.Push(node.Next);
                    if (keepEveryNode) kept.Add(n);
                    break;
                case ThompsonNfa.Kind.End:
                    if (keepEveryNode) _pending.Push(node.Next);
                    kept.Add(n);
                    break;
                default:
                    kept.Add(n);
                    break;
            }
        }
        kept.Sort();
        return kept.ToArray();
    }

    /// <summary>Partitions the 128 ASCII bytes into classes that no character set of the NFA tells apart; returns the
    /// class of each of the 256 bytes (the bytes from 0x80 share the class after the ASCII ones) and one representative
    /// byte per ASCII class.</summary>
    private (byte[] ClassOf, int[] Representatives) ByteClasses()
    {
        var classOf = new int[128];
        int classCount = 1;
        foreach (var set in _nfa.Nodes.Where(n => n.Kind == ThompsonNfa.Kind.CharSet).Select(n => n.Set).Distinct())
        {
            var split = new Dictionary<(int OldClass, bool InSet), int>();
            for (int b = 0; b < 128; b++)
            {
                var key = (classOf[b], set.Contains(b));
                if (!split.TryGetValue(key, out int refined)) split.Add(key, refined = split.Count);
                classOf[b] = refined;
            }
            classCount = split.Count;
        }
        var representatives = new int[classCount];
        for (int b = 127; b >= 0; b--) representatives[classOf[b]] = b;
        var bytes = new byte[256];
        for (int b = 0; b < 256; b++) bytes[b] = (byte)(b < 128 ? classOf[b] : classCount);
        return (bytes, representatives);
    }
}
