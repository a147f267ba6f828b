using System.Text;
using Hematology.Integration.Pipeline;
using Hematology.Integration.Validation;

namespace Hematology.Integration.Adapters;

/// <summary>
/// Validation over the Validation package: the file is decoded and checked against the analyzer's profile; the
/// rows set aside as rejected are kept (with the file's header line) for quarantine. Quality-control and excluded
/// rows are not results and are not quarantined.
/// </summary>
internal sealed class ValidationPort(IResultFileValidator validator, ProfileRegistry profiles, IReadOnlyDictionary<string, string> timeZones) : IFileValidationPort
{
    public async ValueTask<FileValidation> ValidateAsync(AcquiredFile file, string profile, CancellationToken cancellationToken)
    {
        var timeZone = timeZones.TryGetValue(file.AnalyzerId.Value, out var zone) ? zone : HematologyDefaults.TimeZone;
        var outcome = await validator.ValidateAllAsync(file, profiles.Resolve(profile, timeZone), cancellationToken).ConfigureAwait(false);
        var rejected = outcome.SetAside.Where(r => r.Disposition == RowDisposition.Rejected).ToList();
        var findings = outcome.Summary.FileIssues
            .Where(i => i.Severity == IssueSeverity.Error)
            .Select(i => new ValidationFinding(0, i.Column, i.Code, i.Message))
            .Concat(rejected.SelectMany(r => r.Issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => new ValidationFinding(r.Row, i.Column, i.Code, i.Message))))
            .ToList();
        var content = rejected.Count == 0 || outcome.Verdict == FileVerdict.Rejected
            ? ReadOnlyMemory<byte>.Empty
            : await RejectedRowsAsync(file.LocalPath, rejected, cancellationToken).ConfigureAwait(false);
        return new FileValidation(outcome.Verdict, outcome.Verdict == FileVerdict.Rejected ? [] : outcome.Results, findings, rejected.Count, content, outcome.Summary.Encoding?.Name ?? "unknown");
    }

    private static async Task<ReadOnlyMemory<byte>> RejectedRowsAsync(string path, List<RowSetAside> rows, CancellationToken cancellationToken)
    {
        var output = new MemoryStream();
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var newline = Array.IndexOf(bytes, (byte)'\n');
        output.Write(bytes, 0, newline < 0 ? bytes.Length : newline + 1); // the header, as it was in the file
        foreach (var row in rows)
        {
            output.Write(Encoding.UTF8.GetBytes(row.RawRecord.TrimEnd('\r', '\n')));
            output.WriteByte((byte)'\n');
        }

        return output.ToArray();
    }
}
