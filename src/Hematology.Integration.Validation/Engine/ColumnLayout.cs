using Hematology.Integration.Validation.Profiles;

namespace Hematology.Integration.Validation.Engine;

/// <summary>A wide layout's parameter column: where its value and mark are, and the factor of the header's unit.</summary>
internal sealed record WideParameterColumn(CompiledParameter Parameter, int Index, string Header, string SourceUnits, decimal Factor)
{
    public int MarkIndex { get; set; } = -1;

    public string? MarkHeader { get; set; }
}

/// <summary>Where the profile's columns are in one file's header.</summary>
internal sealed class ColumnLayout
{
    public int PatientId { get; init; } = -1;

    public int SpecimenId { get; init; } = -1;

    public int TestCode { get; init; } = -1;

    public int Value { get; init; } = -1;

    public int Units { get; init; } = -1;

    public int Flag { get; init; } = -1;

    public int Timestamp { get; init; } = -1;

    public int Date { get; init; } = -1;

    public int Time { get; init; } = -1;

    public int Instrument { get; init; } = -1;

    public int ReferenceLow { get; init; } = -1;

    public int ReferenceHigh { get; init; } = -1;

    public int QualityControl { get; init; } = -1;

    public required string[] Headers { get; init; }

    public List<WideParameterColumn> WideParameters { get; } = [];

    public string HeaderName(int index) => index >= 0 && index < Headers.Length ? Headers[index] : "#" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Splits a wide header such as <c>HCT(10^(-1)%)</c> into its code and unit.</summary>
    public static (string Code, string Unit) SplitWideHeader(string header)
    {
        var open = header.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || !header.EndsWith(')'))
        {
            return (header.Trim(), string.Empty);
        }

        return (header[..open].Trim(), header[(open + 1)..^1].Trim());
    }
}
