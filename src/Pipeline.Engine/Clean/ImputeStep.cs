namespace Pipeline.Engine.Clean;

/// <summary>Null imputation.</summary>
/// <param name="Strategy">How to choose the value.</param>
/// <param name="Value">The constant of <see cref="ImputeStrategy.Constant"/>.</param>
/// <param name="Indicator">Add a boolean column <c>COLUMN_imputed</c>, true where a value was filled.</param>
public sealed record ImputeStep(ImputeStrategy Strategy, string? Value, bool Indicator);
