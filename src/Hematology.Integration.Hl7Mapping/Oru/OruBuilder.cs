using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Hl7Mapping;

/// <summary>Builds the ORU^R01 message of one specimen report.</summary>
public interface IOruBuilder
{
    /// <summary>Writes the ORU^R01 v2.5.1 message of a specimen report as UTF-8 into <paramref name="output"/>.</summary>
    /// <param name="output">The destination; nothing is written when mapping fails.</param>
    /// <param name="report">The specimen's results.</param>
    /// <param name="controlId">MSH-10 (see <see cref="ControlId.FromContent"/>).</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="Hl7MappingException">A result cannot be mapped; the exception names it.</exception>
    long Write(IBufferWriter<byte> output, SpecimenReport report, string controlId);
}

/// <summary>
/// Builds ORU^R01 v2.5.1 messages, one per specimen: MSH, PID, ORC, OBR (panel 58410-2, or 57021-8 with a
/// differential), NTE for specimen notes, and per result an OBX (NM, SN for off-scale values, ST only when allowed,
/// OBX-11 X for values not reported) followed by NTE for instrument messages. Every value is escaped, so no data can
/// shift a field or start a segment. Writes straight into an <see cref="IBufferWriter{T}"/>. Thread-safe.
/// </summary>
public sealed partial class OruBuilder : IOruBuilder
{
    private readonly OruOptions _options;
    private readonly HematologyCatalog _catalog;
    private readonly TimeProvider _timeProvider;
    private readonly TimeZoneInfo? _zone;
    private const int MaxLookups = 4096;
    private const int Obx3Components = 6;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<CatalogKey, CatalogEntry> _lookups = new();
    private OffsetCache? _offset;
    private EncodedInstrument? _instrument;
    private readonly LoincCode _cbcPanel = LoincCode.Parse(OruDefaults.CbcPanel);
    private readonly LoincCode _cbcDiffPanel = LoincCode.Parse(OruDefaults.CbcDiffPanel);

    /// <summary>Creates a builder.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="catalog">The catalog; <see langword="null"/> for <see cref="HematologyCatalog.Default"/>.</param>
    /// <param name="timeProvider">The clock for MSH-7 and OBR-22; <see langword="null"/> for the system clock.</param>
    /// <param name="loggerFactory">The logger factory; <see langword="null"/> for none.</param>
    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    public OruBuilder(OruOptions? options = null, HematologyCatalog? catalog = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        _options = options ?? new OruOptions();
        var result = new OruOptionsValidator().Validate(null, _options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(OruOptions), typeof(OruOptions), result.Failures);
        }

        _catalog = catalog ?? HematologyCatalog.Default;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _zone = string.IsNullOrEmpty(_options.TimeZoneId) ? null : TimeZoneInfo.FindSystemTimeZoneById(_options.TimeZoneId);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<OruBuilder>();
    }

    /// <summary>Builds the message of a report as UTF-8 bytes.</summary>
    /// <param name="report">The specimen's results.</param>
    /// <param name="controlId">MSH-10.</param>
    /// <returns>The message bytes (segments ended by CR, no MLLP framing).</returns>
    /// <exception cref="Hl7MappingException">A result cannot be mapped.</exception>
    public byte[] Build(SpecimenReport report, string controlId)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        Write(buffer, report, controlId);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Builds the message of the <paramref name="messageIndex"/>-th report of a file, with MSH-10 from <see cref="ControlId.FromContent"/>.</summary>
    /// <param name="report">The specimen's results.</param>
    /// <param name="fileSha">The source file's SHA-256.</param>
    /// <param name="messageIndex">The message's 0-based index in the file.</param>
    /// <returns>The message bytes.</returns>
    /// <exception cref="Hl7MappingException">A result cannot be mapped.</exception>
    public byte[] Build(SpecimenReport report, Sha256Digest fileSha, int messageIndex) => Build(report, ControlId.FromContent(fileSha, messageIndex));

    /// <inheritdoc />
    public long Write(IBufferWriter<byte> output, SpecimenReport report, string controlId)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        if (!ControlId.IsValid(controlId))
        {
            throw new ArgumentException("A control id is 1 to 20 printable ASCII characters without HL7 delimiters.", nameof(controlId));
        }

        var results = report.Results;
        if (results.Count == 0)
        {
            LogMappingFailed(_logger, controlId, Hl7MappingError.NoResults, 0);
            throw new Hl7MappingException(Hl7MappingError.NoResults, 0, null, "a specimen report needs at least one result");
        }

        var resolved = ArrayPool<Resolved>.Shared.Rent(results.Count);
        try
        {
            var differential = false;
            for (var i = 0; i < results.Count; i++)
            {
                resolved[i] = Resolve(results[i], i + 1, report.Patient?.Sex, controlId);
                differential |= resolved[i].IsDifferential;
            }

            var w = new Hl7Writer(output);
            var now = Convert(_timeProvider.GetUtcNow(), local: true);
            WriteMsh(ref w, now, controlId);
            if (report.Patient is { } patient)
            {
                WritePid(ref w, patient);
            }

            WriteOrc(ref w, report.Specimen);
            WriteObr(ref w, report, now, differential);
            if (_options.IncludeNotes)
            {
                WriteNotes(ref w, report.Comments);
            }

            for (var i = 0; i < results.Count; i++)
            {
                WriteObx(ref w, i + 1, results[i], in resolved[i], report);
                if (_options.IncludeNotes)
                {
                    WriteNotes(ref w, results[i].Comments);
                }
            }

            w.EndSegment();
            LogBuilt(_logger, controlId, results.Count, w.BytesWritten);
            return w.BytesWritten;
        }
        finally
        {
            Array.Clear(resolved, 0, results.Count);
            ArrayPool<Resolved>.Shared.Return(resolved);
        }
    }

    internal static string Interpretation(ResultInterpretation value) => value switch
    {
        ResultInterpretation.Normal => "N",
        ResultInterpretation.Low => "L",
        ResultInterpretation.High => "H",
        ResultInterpretation.CriticalLow => "LL",
        ResultInterpretation.CriticalHigh => "HH",
        ResultInterpretation.BelowAbsoluteLow => "<",
        ResultInterpretation.AboveAbsoluteHigh => ">",
        ResultInterpretation.Abnormal => "A",
        ResultInterpretation.CriticalAbnormal => "AA",
        _ => string.Empty,
    };

    private static string Sex(AdministrativeSex sex) => sex switch
    {
        AdministrativeSex.Female => "F",
        AdministrativeSex.Male => "M",
        AdministrativeSex.Other => "O",
        AdministrativeSex.Ambiguous => "A",
        AdministrativeSex.NotApplicable => "N",
        _ => "U",
    };

    private static string Status(ResultStatus status) => status switch
    {
        ResultStatus.Corrected => "C",
        ResultStatus.Preliminary => "P",
        _ => "F",
    };

    private Resolved Resolve(LabResult result, int index, AdministrativeSex? sex, string controlId)
    {
        var unitText = result.Units ?? result.SourceUnits;
        var entry = Lookup(result.LocalCode, unitText, result.Loinc);
        var known = entry.Unit;
        if (known is null && _options.RejectUnknownUnits && result.Value.Kind != ResultValueKind.Text)
        {
            throw Fail(Hl7MappingError.UnknownUnit, index, result.LocalCode, controlId,
                unitText is null ? "the result has no unit" : "the unit is not one the catalog maps to UCUM; add it with HematologyCatalogBuilder.AddUnitAlias");
        }

        if (entry.Loinc is not { } loinc)
        {
            throw Fail(Hl7MappingError.MissingLoinc, index, result.LocalCode, controlId, "the result has no LOINC code and the catalog has none for its local code and unit");
        }

        if (result.Value.Kind == ResultValueKind.Text && !_options.AllowTextResults)
        {
            throw Fail(Hl7MappingError.TextNotAllowed, index, result.LocalCode, controlId, "text results (OBX-2 ST) are not allowed; set OruOptions.AllowTextResults");
        }

        if (_options.CheckUnitFitsCode && entry.Mismatch)
        {
            throw Fail(Hl7MappingError.UnitMismatch, index, result.LocalCode, controlId, $"the unit '{known!.Code}' does not fit LOINC {loinc.Value} ({entry.Parameter?.Property})");
        }

        var low = result.ReferenceRange?.Low;
        var high = result.ReferenceRange?.High;
        CatalogRange? labRange = null;
        if (known is not null && _catalog.Ranges.Count > 0 && _catalog.TryGetKnownUnitRange(loinc, known, sex, out var found))
        {
            labRange = found;
            if (result.ReferenceRange is null)
            {
                (low, high) = (found.Low, found.High);
            }
        }

        var interpretation = result.Interpretation;
        if (interpretation == ResultInterpretation.None && _options.DeriveInterpretation && result.Value.Kind is ResultValueKind.Numeric or ResultValueKind.OffScale)
        {
            interpretation = labRange is not null
                ? HematologyCatalog.Interpret(labRange, result.Value)
                : FromRange(result.ReferenceRange, result.Value);
        }

        var unit = known?.Code ?? unitText;
        var obx3 = result.LoincDisplay is null ? entry.Obx3 : null;
        return new Resolved(loinc, result.LoincDisplay ?? entry.Parameter?.Display ?? string.Empty, unit, low, high, interpretation, entry.Parameter?.IsDifferential ?? false, obx3, entry.Obx6);
    }

    // What a (local code, unit, LOINC) triple resolves to in the catalog: the same for every result that shares it,
    // so it is looked up once per builder (bounded), not once per OBX.
    private CatalogEntry Lookup(string localCode, string? unitText, LoincCode? given)
    {
        var key = new CatalogKey(localCode, unitText, given?.Value);
        if (_lookups.TryGetValue(key, out var cached))
        {
            return cached;
        }

        _catalog.TryGetUnit(unitText, out var known);
        CatalogParameter? parameter = null;
        LoincCode? loinc = null;
        if (given is { } g && g.Value is not null)
        {
            loinc = g;
            _catalog.TryFindByLoinc(g, out parameter);
        }
        else if ((unitText is null || known is not null) && _catalog.TryFindByLocalCodeAndUnit(localCode, known, out parameter))
        {
            loinc = parameter.Loinc;
        }

        var mismatch = known is not null && loinc is { } l && _catalog.CheckKnownUnit(l, known) == UnitCheck.Mismatch;
        var obx3 = loinc is { } code && parameter is not null ? EncodeObx3(code, parameter.Display, localCode) : null;
        var obx6 = known is not null ? EncodeObx6(known.Code) : null;
        var entry = new CatalogEntry(known, loinc, parameter, mismatch, obx3, obx6);
        if (_lookups.Count < MaxLookups)
        {
            _lookups.TryAdd(key, entry);
        }

        return entry;
    }

    private static ResultInterpretation FromRange(ReferenceRange? range, ResultValue value)
    {
        if (range is null || value.Kind != ResultValueKind.Numeric || value.Number is not { } v)
        {
            return ResultInterpretation.None;
        }

        if (range.Low is { } low && v < low)
        {
            return ResultInterpretation.Low;
        }

        return range.High is { } high && v > high ? ResultInterpretation.High : ResultInterpretation.Normal;
    }

    private Hl7MappingException Fail(Hl7MappingError error, int index, string localCode, string controlId, string detail)
    {
        LogMappingFailed(_logger, controlId, error, index);
        return new Hl7MappingException(error, index, localCode, detail);
    }

    private DateTimeOffset Convert(DateTimeOffset value, bool local = false)
    {
        var zone = _zone ?? (local ? _timeProvider.LocalTimeZone : null);
        if (zone is null)
        {
            return value;
        }

        // Offsets change only at transitions, which fall on whole minutes: remember the last minute's offset.
        var minute = value.UtcTicks / TimeSpan.TicksPerMinute;
        var cached = _offset;
        if (cached is null || cached.Minute != minute || !ReferenceEquals(cached.Zone, zone))
        {
            cached = new OffsetCache(zone, minute, zone.GetUtcOffset(value.UtcDateTime));
            _offset = cached;
        }

        return value.ToOffset(cached.Offset);
    }

    private void WriteMsh(ref Hl7Writer w, DateTimeOffset now, string controlId)
    {
        w.StartSegment("MSH");
        w.Field(3);
        w.WriteRaw(_options.SendingApplication);
        w.Field(4);
        w.WriteRaw(_options.SendingFacility);
        w.Field(5);
        w.WriteRaw(_options.ReceivingApplication);
        w.Field(6);
        w.WriteRaw(_options.ReceivingFacility);
        w.Field(7);
        w.WriteTimestamp(now);
        w.Field(9);
        w.WriteRaw("ORU^R01^ORU_R01");
        w.Field(10);
        w.Write(controlId);
        w.Field(11);
        w.WriteRaw(_options.ProcessingId);
        w.Field(12);
        w.WriteRaw(OruDefaults.Version);
        if (_options.AcceptAckType.Length > 0)
        {
            w.Field(15);
            w.WriteRaw(_options.AcceptAckType);
        }

        if (_options.ApplicationAckType.Length > 0)
        {
            w.Field(16);
            w.WriteRaw(_options.ApplicationAckType);
        }

        if (_options.CountryCode.Length > 0)
        {
            w.Field(17);
            w.WriteRaw(_options.CountryCode);
        }

        if (_options.CharacterSet.Length > 0)
        {
            w.Field(18);
            w.WriteRaw(_options.CharacterSet);
        }

        if (_options.MessageProfileId.Length > 0)
        {
            w.Field(21);
            w.WriteRaw(_options.MessageProfileId);
        }
    }

    private void WritePid(ref Hl7Writer w, PatientIdentity patient)
    {
        w.StartSegment("PID");
        w.Field(1);
        w.Write(1);
        w.Field(3);
        w.Write(patient.Id);
        var authority = patient.AssigningAuthority ?? _options.PatientAssigningAuthority;
        if (authority.Length > 0)
        {
            // HD inside a component: namespace&universal id&type as sub-components; each part escaped.
            w.Component(4);
            var part = 1;
            foreach (var range in authority.AsSpan().Split('&'))
            {
                if (part > 3)
                {
                    break;
                }

                if (part > 1)
                {
                    w.SubComponent(part);
                }

                w.Write(authority.AsSpan()[range]);
                part++;
            }
        }

        if (!string.IsNullOrEmpty(patient.IdentifierType))
        {
            w.Component(5);
            w.Write(patient.IdentifierType);
        }

        if (patient.FamilyName is not null || patient.GivenName is not null)
        {
            w.Field(5);
            w.Write(patient.FamilyName);
            if (patient.GivenName is not null)
            {
                w.Component(2);
                w.Write(patient.GivenName);
            }
        }

        if (patient.BirthDate is { } birth)
        {
            w.Field(7);
            w.WriteDate(birth);
        }

        w.Field(8);
        w.WriteRaw(Sex(patient.Sex));
    }

    private void WriteOrderNumbers(ref Hl7Writer w, Specimen specimen)
    {
        w.Field(2);
        if (!string.IsNullOrEmpty(specimen.PlacerOrderNumber))
        {
            w.Write(specimen.PlacerOrderNumber);
            if (_options.PlacerAssigningAuthority.Length > 0)
            {
                w.Component(2);
                w.WriteRaw(_options.PlacerAssigningAuthority);
            }
        }

        w.Field(3);
        w.Write(specimen.Id);
        if (_options.FillerAssigningAuthority.Length > 0)
        {
            w.Component(2);
            w.WriteRaw(_options.FillerAssigningAuthority);
        }
    }

    private void WriteOrc(ref Hl7Writer w, Specimen specimen)
    {
        w.StartSegment("ORC");
        w.Field(1);
        w.WriteRaw("RE");
        WriteOrderNumbers(ref w, specimen);
    }

    private void WriteObr(ref Hl7Writer w, SpecimenReport report, DateTimeOffset now, bool differential)
    {
        w.StartSegment("OBR");
        w.Field(1);
        w.Write(1);
        WriteOrderNumbers(ref w, report.Specimen);
        w.Field(4);
        w.WriteRaw(differential ? _cbcDiffPanel.Value : _cbcPanel.Value);
        w.Component(2);
        w.WriteRaw(differential ? OruDefaults.CbcDiffPanelDisplay : OruDefaults.CbcPanelDisplay);
        w.Component(3);
        w.WriteRaw("LN");
        if (report.Specimen.CollectedAt is { } collected)
        {
            w.Field(7);
            w.WriteTimestamp(Convert(collected));
        }

        w.Field(22);
        w.WriteTimestamp(now);
        w.Field(24);
        w.WriteRaw("HM");
        w.Field(25);
        w.WriteRaw(OrderStatus(report.Results));
    }

    private static string OrderStatus(IReadOnlyList<LabResult> results)
    {
        var corrected = false;
        var preliminary = false;
        for (var i = 0; i < results.Count; i++)
        {
            corrected |= results[i].Status == ResultStatus.Corrected;
            preliminary |= results[i].Status == ResultStatus.Preliminary;
        }

        return corrected ? "C" : preliminary ? "P" : "F";
    }

    private static void WriteNotes(ref Hl7Writer w, IReadOnlyList<string> comments)
    {
        for (var i = 0; i < comments.Count; i++)
        {
            w.StartSegment("NTE");
            w.Field(1);
            w.Write(i + 1);
            w.Field(2);
            w.WriteRaw("L");
            w.Field(3);
            w.Write(comments[i]);
        }
    }

    private void WriteObx(ref Hl7Writer w, int index, LabResult result, in Resolved r, SpecimenReport report)
    {
        var value = result.Value;
        w.StartSegment("OBX");
        w.Field(1);
        w.Write(index);
        w.Field(2);
        switch (value.Kind)
        {
            case ResultValueKind.Numeric:
                w.WriteRaw("NM");
                break;
            case ResultValueKind.OffScale:
                w.WriteRaw("SN");
                break;
            case ResultValueKind.Text:
                w.WriteRaw("ST");
                break;
        }

        w.Field(3);
        if (r.Obx3 is { } encoded)
        {
            w.WriteEncoded(encoded, Obx3Components);
        }
        else
        {
            WriteObx3(ref w, r.Loinc, r.Display, result.LocalCode);
        }

        w.Field(5);
        switch (value.Kind)
        {
            case ResultValueKind.Numeric:
                w.Write(value.Number!.Value);
                break;
            case ResultValueKind.OffScale:
                w.WriteRaw(ResultValue.Symbol(value.Comparator!.Value));
                w.Component(2);
                w.Write(value.Number!.Value);
                break;
            case ResultValueKind.Text:
                w.Write(value.Text);
                break;
        }

        if (r.Obx6 is { } units)
        {
            w.Field(6);
            w.WriteEncoded(units, 3);
        }
        else if (r.Unit is not null)
        {
            w.Field(6);
            WriteObx6(ref w, r.Unit);
        }

        if (r.Low is not null || r.High is not null)
        {
            w.Field(7);
            if (r.Low is { } low && r.High is { } high)
            {
                w.Write(low);
                w.WriteRaw("-");
                w.Write(high);
            }
            else if (r.Low is { } lowOnly)
            {
                w.WriteRaw(">");
                w.Write(lowOnly);
            }
            else
            {
                w.WriteRaw("<");
                w.Write(r.High!.Value);
            }
        }

        if (value.Kind != ResultValueKind.NotReported && r.Interpretation != ResultInterpretation.None)
        {
            w.Field(8);
            w.WriteRaw(Interpretation(r.Interpretation));
        }

        w.Field(11);
        w.WriteRaw(value.Kind == ResultValueKind.NotReported ? "X" : Status(result.Status));
        if ((result.ObservedAt ?? report.Specimen.CollectedAt) is { } observed)
        {
            w.Field(14);
            w.WriteTimestamp(Convert(observed));
        }

        if ((result.Instrument ?? report.Instrument) is { } instrument)
        {
            w.Field(18);
            var cached = _instrument;
            if (cached is null || !cached.Instrument.Equals(instrument))
            {
                cached = EncodeObx18(instrument);
                _instrument = cached;
            }

            w.WriteEncoded(cached.Bytes, _options.EquipmentNamespace.Length > 0 ? 2 : 1);
        }

        if (result.AnalyzedAt is { } analyzed)
        {
            w.Field(19);
            w.WriteTimestamp(Convert(analyzed));
        }
    }

    // OBX-3: LOINC^display^LN^local^local^system (six components).
    private void WriteObx3(ref Hl7Writer w, LoincCode loinc, string display, string localCode)
    {
        w.WriteRaw(loinc.Value);
        w.Component(2);
        w.Write(display);
        w.Component(3);
        w.WriteRaw("LN");
        w.Component(4);
        w.Write(localCode);
        w.Component(5);
        w.Write(localCode);
        w.Component(Obx3Components);
        w.WriteRaw(_options.LocalCodingSystem);
    }

    // OBX-6: unit^^UCUM.
    private static void WriteObx6(ref Hl7Writer w, string unit)
    {
        w.Write(unit);
        w.Component(3);
        w.WriteRaw("UCUM");
    }

    // OBX-18: model-serial^namespace.
    private void WriteObx18(ref Hl7Writer w, InstrumentIdentity instrument)
    {
        w.Write(instrument.Model);
        if (!string.IsNullOrEmpty(instrument.Serial))
        {
            w.WriteRaw("-");
            w.Write(instrument.Serial);
        }

        if (_options.EquipmentNamespace.Length > 0)
        {
            w.Component(2);
            w.WriteRaw(_options.EquipmentNamespace);
        }
    }

    // OBX-3 and OBX-6 are the same for every result of a (local code, unit, LOINC) triple and OBX-18 for every result
    // of an instrument: they are encoded (and escaped) once with the writer itself, then copied.
    private static byte[] Encode(int field, FieldWriter write)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        var w = new Hl7Writer(buffer);
        w.StartSegment("OBX");
        w.Field(field);
        var start = (int)w.BytesWritten;
        write(ref w);
        w.Flush();
        return buffer.WrittenSpan[start..].ToArray();
    }

    // Lambdas only in these helpers: a captured local would otherwise cost a closure on every call of the caller.
    private byte[] EncodeObx3(LoincCode loinc, string display, string localCode)
        => Encode(3, (ref Hl7Writer w) => WriteObx3(ref w, loinc, display, localCode));

    private static byte[] EncodeObx6(string unit) => Encode(6, (ref Hl7Writer w) => WriteObx6(ref w, unit));

    private EncodedInstrument EncodeObx18(InstrumentIdentity instrument)
        => new(instrument, Encode(18, (ref Hl7Writer w) => WriteObx18(ref w, instrument)));

    private delegate void FieldWriter(ref Hl7Writer writer);

    private sealed record EncodedInstrument(InstrumentIdentity Instrument, byte[] Bytes);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Built ORU^R01 {ControlId} with {ObservationCount} OBX segments ({Bytes} bytes)")]
    private static partial void LogBuilt(ILogger logger, string controlId, int observationCount, long bytes);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "ORU^R01 {ControlId} could not be mapped: {Error} at result {ResultIndex}")]
    private static partial void LogMappingFailed(ILogger logger, string controlId, Hl7MappingError error, int resultIndex);

    private sealed record OffsetCache(TimeZoneInfo Zone, long Minute, TimeSpan Offset);

    private readonly record struct CatalogKey(string LocalCode, string? Unit, string? Loinc);

    private sealed record CatalogEntry(UcumUnit? Unit, LoincCode? Loinc, CatalogParameter? Parameter, bool Mismatch, byte[]? Obx3, byte[]? Obx6);

    private readonly record struct Resolved(LoincCode Loinc, string Display, string? Unit, decimal? Low, decimal? High, ResultInterpretation Interpretation, bool IsDifferential, byte[]? Obx3, byte[]? Obx6);
}
