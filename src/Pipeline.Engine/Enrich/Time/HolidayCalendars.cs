using PublicHoliday;

namespace Pipeline.Engine.Enrich.Time;

/// <summary>Public-holiday calendars by ISO 3166-1 alpha-2 country code, computed offline by the PublicHoliday package
/// (national holidays only; regional ones are not included).</summary>
public static class HolidayCalendars
{
    private static readonly Dictionary<string, Func<IPublicHolidays>> ByCode = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AT"] = () => new AustriaPublicHoliday(),
        ["AU"] = () => new AustraliaPublicHoliday(),
        ["BE"] = () => new BelgiumPublicHoliday(),
        ["BR"] = () => new BrazilPublicHoliday(),
        ["CA"] = () => new CanadaPublicHoliday(),
        ["CH"] = () => new SwitzerlandPublicHoliday(),
        ["CZ"] = () => new CzechRepublicPublicHoliday(),
        ["DE"] = () => new GermanPublicHoliday(),
        ["DK"] = () => new DenmarkPublicHoliday(),
        ["EE"] = () => new EstoniaPublicHoliday(),
        ["ES"] = () => new SpainPublicHoliday(),
        ["FI"] = () => new FinlandPublicHoliday(),
        ["FR"] = () => new FrancePublicHoliday(),
        ["GB"] = () => new UKBankHoliday(),
        ["GR"] = () => new GreecePublicHoliday(),
        ["HR"] = () => new CroatiaPublicHoliday(),
        ["HU"] = () => new HungaryPublicHoliday(),
        ["IE"] = () => new IrelandPublicHoliday(),
        ["IT"] = () => new ItalyPublicHoliday(),
        ["JP"] = () => new JapanPublicHoliday(),
        ["LT"] = () => new LithuaniaPublicHoliday(),
        ["LU"] = () => new LuxembourgPublicHoliday(),
        ["LV"] = () => new LatviaPublicHoliday(),
        ["MX"] = () => new MexicoPublicHoliday(),
        ["NL"] = () => new DutchPublicHoliday(),
        ["NO"] = () => new NorwayPublicHoliday(),
        ["NZ"] = () => new NewZealandPublicHoliday(),
        ["PL"] = () => new PolandPublicHoliday(),
        ["PT"] = () => new PortugalPublicHoliday(),
        ["RO"] = () => new RomanianPublicHoliday(),
        ["SE"] = () => new SwedenPublicHoliday(),
        ["SI"] = () => new SloveniaPublicHoliday(),
        ["SK"] = () => new SlovakiaPublicHoliday(),
        ["US"] = () => new USAPublicHoliday(),
        ["ZA"] = () => new SouthAfricaPublicHoliday(),
    };

    /// <summary>The codes served.</summary>
    public static IReadOnlyCollection<string> Codes => ByCode.Keys;

    /// <summary>The calendar of <paramref name="code"/>, or null when the country is not covered.</summary>
    public static IPublicHolidays? Find(string code) => ByCode.TryGetValue(code, out var make) ? make() : null;
}
