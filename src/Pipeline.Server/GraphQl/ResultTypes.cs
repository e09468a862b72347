namespace Pipeline.Server.GraphQl;

/// <summary>A rule's outcome (<c>results.json</c> <c>rules[]</c>).</summary>
internal sealed class RuleGraphType : JsonObjectGraphType
{
    public RuleGraphType()
    {
        Name = "Rule";
        Description = "One rule's outcome, as in results.json rules[].";
        Text("name", "name", "The rule's name.");
        Text("kind", "kind", "The rule kind (its YAML key).");
        Text("column", "column", "The column it checks, if one.");
        Text("severity", "severity", "error or warn.");
        Text("scope", "scope", "row, table, schema or history.");
        Text("action", "action", "Row rules: quarantine, drop or keep.");
        Flag("passed", "passed", "Whether the rule passed.");
        Integer("failedRows", "failed_rows", "Rows that failed it.");
        Text("observed", "observed", "Table rules: the value observed.");
        Text("message", "message", "What failed, in words.");
    }
}

/// <summary>A finding (<c>results.json</c> <c>insights[]</c>).</summary>
internal sealed class InsightGraphType : JsonObjectGraphType
{
    public InsightGraphType()
    {
        Name = "Insight";
        Description = "A finding, as in results.json insights[], ranked by score.";
        Text("kind", "kind", "What kind of finding (docs/results-schema.md lists them).");
        Text("title", "title", "The finding as a plain sentence.");
        Number("score", "score", "0 to 100: impact or interest.");
        Text("severity", "severity", "high, medium, low or info.");
        Texts("columns", "columns", "The columns it is about.");
        Number("confidence", "confidence", "0 to 1.");
        Text("action", "action", "What to do about it.");
        Texts("sources", "sources", "Which checks saw it.");
    }
}

/// <summary>Row counts (<c>results.json</c> <c>rows</c>).</summary>
internal sealed class RowsGraphType : JsonObjectGraphType
{
    public RowsGraphType()
    {
        Name = "Rows";
        Description = "The run's row counts: read = written + quarantined + dropped + deduplicated.";
        Integer("read", "read", "Rows read, reader rejects included.");
        Integer("written", "written", "Rows delivered to the sinks.");
        Integer("quarantined", "quarantined", "Rows quarantined by any stage.");
        Integer("dropped", "dropped", "Rows removed by rules with on_fail: drop.");
        Integer("deduplicated", "deduplicated", "Duplicate rows removed by dedup:.");
    }
}

/// <summary>A drifted column (<c>results.json</c> <c>drift[]</c>).</summary>
internal sealed class DriftGraphType : JsonObjectGraphType
{
    public DriftGraphType()
    {
        Name = "Drift";
        Description = "A column that moved against the dataset's baseline.";
        Text("column", "column", "The column.");
        Text("metric", "metric", "psi, ks, js_distance, chi_square, null_fraction_change or distinct_change.");
        Number("value", "value", "The measured value.");
        Number("threshold", "threshold", "The threshold it crossed.");
        Text("baselineRun", "baseline_run", "The run it was compared with.");
        Text("severity", "severity", "high, medium or low.");
    }
}

/// <summary>A metric anomaly (<c>results.json</c> <c>anomalies[]</c>).</summary>
internal sealed class AnomalyGraphType : JsonObjectGraphType
{
    public AnomalyGraphType()
    {
        Name = "Anomaly";
        Description = "A metric outside what the dataset's earlier runs lead to expect.";
        Text("metric", "metric", "row_count, null_fraction or mean.");
        Text("column", "column", "The column, for column metrics.");
        Number("value", "value", "This run's value.");
        Number("expectedLower", "expected_lower", "Lower end of the expected range.");
        Number("expectedUpper", "expected_upper", "Upper end of the expected range.");
        Text("strategy", "strategy", "How the range was found.");
        Text("severity", "severity", "high, medium or low.");
    }
}
