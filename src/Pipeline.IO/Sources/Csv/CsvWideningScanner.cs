using Pipeline.IO.Inference;

namespace Pipeline.IO.Sources.Csv;

/// <summary>
/// The fast type-check-only pass run when a value did not fit its sniffed type: it tokenizes every input from the
/// start (no Arrow arrays, no quarantine) and folds each value of the output columns into a copy of the sniffed
/// types, collecting every widening the whole input needs, so the restart happens once.
/// </summary>
internal static class CsvWideningScanner
{
    /// <summary>Output column name → wider type name, for every column whose type must change.</summary>
    public static IReadOnlyDictionary<string, string> Scan(CsvInputSet inputs, CsvFileSniff sniff, CsvReadPlan plan,
        CancellationToken cancellationToken)
    {
        var types = plan.Types.Select(t => t.Clone()).ToArray();
        var kinds = plan.Types.Select(t => t.Kind).ToArray();
        var splitter = new CsvChunkSplitter(4 << 20, int.MaxValue, inputs.MaxRecordBytes);
        byte[] scratch = new byte[256];
        for (int f = 0; f < inputs.Files.Count; f++)
        {
            using var file = f == 0 ? inputs.OpenFirst(null).File : inputs.OpenLater(f, sniff, null);
            var tokenizer = new CsvTokenizer(file.Info.Dialect);
            foreach (var chunk in splitter.Split(file.Content, file.Info, file.Info.Dialect.HasHeader, cancellationToken))
            {
                try
                {
                    if (chunk.OversizedPreview is not null) continue;
                    var data = chunk.Span;
                    int pos = 0;
                    bool skip = chunk.SkipFirstRecord;
                    while (tokenizer.ReadRecord(data, ref pos))
                    {
                        if (skip) { skip = false; continue; }
                        if (tokenizer.IsBlank || tokenizer.Unterminated || tokenizer.FieldCount != plan.FieldCount) continue;
                        var fields = tokenizer.Fields;
                        for (int c = 0; c < types.Length; c++)
                        {
                            if (kinds[c] is InferredKind.String or InferredKind.Null) continue; // string columns never refuse a value
                            var value = tokenizer.Value(data, fields[plan.Projection[c]], ref scratch);
                            if (!plan.IsNull(value, kinds[c]) && !types[c].Fits(value)) types[c].Observe(value);
                        }
                    }
                }
                finally
                {
                    chunk.Release();
                }
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        var widened = new Dictionary<string, string>();
        for (int c = 0; c < types.Length; c++)
            if (types[c].Kind != kinds[c])
                widened[plan.Schema.FieldsList[c].Name] = InferredKinds.TypeName(types[c].Kind);
        return widened;
    }
}
