namespace Pipeline.Kernels.Casts;

/// <summary>How one timestamp value was written, so inference can record a column's format.</summary>
/// <param name="DateLayouts">The date layouts the date part fits.</param>
/// <param name="TSeparator">True when date and time are separated by <c>T</c>, false for a space.</param>
/// <param name="HasSeconds">True when the time has seconds.</param>
/// <param name="FractionDigits">Digits after the decimal point of the seconds (0 when none).</param>
/// <param name="HasOffset">True when the value ends in <c>Z</c> or a UTC offset.</param>
public readonly record struct TimestampShape(DateFormats DateLayouts, bool TSeparator, bool HasSeconds, int FractionDigits, bool HasOffset);
