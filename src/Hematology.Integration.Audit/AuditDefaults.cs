namespace Hematology.Integration.Audit;

/// <summary>Default values of the audit options.</summary>
internal static class AuditDefaults
{
    public const string Directory = "audit";
    public const string FilePrefix = "audit";
    public const string DatabasePath = "audit.db";
    public const int MaxBatchSize = 1024;
    public const int MaxBatchSizeLimit = 65536;
    public const int MaxDetailValueLength = 512;
    public const int MaxDetailValueLengthLimit = 4096;

    /// <summary>Detail keys that name patient data (compared ignoring case, <c>_</c>, <c>-</c>, <c>.</c> and spaces).</summary>
    public static IReadOnlyList<string> ForbiddenDetailKeys { get; } =
    [
        "patient", "patientId", "patientName", "name", "firstName", "lastName", "familyName", "givenName",
        "mrn", "medicalRecordNumber", "dob", "dateOfBirth", "birthDate", "sex", "gender", "address", "phone",
        "ssn", "nationalId", "specimenId", "sampleId", "accession", "accessionNumber", "result", "resultValue", "value",
    ];
}
