using Apache.Arrow;

namespace Pipeline.Engine.Steps;

/// <summary>Schema comparisons the step transforms use to reuse what they bound for an earlier batch.</summary>
internal static class SchemaText
{
    /// <summary>Same column names and types in the same order (metadata aside).</summary>
    public static bool SameFields(Schema a, Schema b)
    {
        if (a.FieldsList.Count != b.FieldsList.Count) return false;
        for (int i = 0; i < a.FieldsList.Count; i++)
        {
            var x = a.FieldsList[i];
            var y = b.FieldsList[i];
            if (x.Name != y.Name || x.DataType.TypeId != y.DataType.TypeId || x.DataType.Name != y.DataType.Name) return false;
        }
        return true;
    }
}
